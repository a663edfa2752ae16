"""The page messages (django.contrib.messages), with Korean particles chosen by the word before them."""

from __future__ import annotations

from typing import Any

from django.contrib.messages.storage.fallback import FallbackStorage

from dure.core.text import particles


class ParticleFallbackStorage(FallbackStorage):
    """Django's default storage; "'%(status)s'(으)로 바뀌었습니다" reads "'확정'으로 바뀌었습니다"."""

    def add(self, level: int, message: Any, extra_tags: str | None = "") -> None:
        super().add(level, particles(str(message)), extra_tags)
