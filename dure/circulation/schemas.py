from __future__ import annotations

from ninja import Schema


class ShareSourceOut(Schema):
    party_id: int
    name: str
    paid: int
    share: float
    source: str
    r3: int


class Lm3Out(Schema):
    parties: list[int]
    start: str | None
    end: str | None
    boundary: str
    r1: int
    r2: int
    r3: int
    lm3: float | None
    r3_by_source: dict[str, int]
    sources: list[ShareSourceOut]


class LeakageOut(Schema):
    recorded: int
    without_records: int


class CoverageOut(Schema):
    parties: int
    parties_without_outlays: int
    money_reached_without_outlays: int
    share_of_injection_without_outlays: float | None


class MultiplierOut(Schema):
    start: str | None
    end: str | None
    boundary: str
    injection: int
    rounds: list[int]
    lm: list[float]
    full_multiplier: float | None
    leakage: LeakageOut
    coverage: CoverageOut
    leakage_by_kind: dict[str, int]
