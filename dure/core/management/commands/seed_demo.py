"""`dure seed_demo`: the deterministic Gwangju demo dataset, with logins for every role."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.accounts.models import MembershipRole, Role, Team, User
from dure.core.audit import log_action
from dure.registry.demo import seed_registry
from dure.registry.models import Enterprise

DEMO_PASSWORD = "dure-demo-2026"  # noqa: S105  (printed for the demo on purpose)

DEMO_USERS: list[dict[str, Any]] = [
    {
        "email": "admin@dure.kr",
        "name": "관리자",
        "role": Role.STAFF,
        "team": Team.PLANNING,
        "superuser": True,
    },
    {"email": "planning@dure.kr", "name": "김기획", "role": Role.STAFF, "team": Team.PLANNING},
    {"email": "marketing@dure.kr", "name": "이마케팅", "role": Role.STAFF, "team": Team.MARKETING},
    {"email": "education@dure.kr", "name": "박교육", "role": Role.STAFF, "team": Team.EDUCATION},
    {
        "email": "owner@dure.kr",
        "name": "정대표",
        "role": Role.ENTERPRISE,
        "enterprise": "bakery1",
        "membership": MembershipRole.OWNER,
    },
    {
        "email": "member@dure.kr",
        "name": "최실무",
        "role": Role.ENTERPRISE,
        "enterprise": "bakery2",
        "membership": MembershipRole.STAFF,
    },
    {"email": "council@dure.kr", "name": "한위원", "role": Role.COUNCIL},
    {"email": "reviewer@dure.kr", "name": "오심사", "role": Role.REVIEWER},
    {"email": "buyer@dure.kr", "name": "서구매", "role": Role.INSTITUTION, "organization": "광주광역시청"},
    {"email": "citizen@dure.kr", "name": "홍시민", "role": Role.CITIZEN, "region_code": "29170"},
]

# Apps that add their part of the demo, in order; each has demo.seed(context).
DEMO_MODULES = [
    "dure.spaces.demo",
    "dure.market.demo",
    "dure.portal.demo",
    "dure.collab.demo",
    "dure.circulation.demo",
    "dure.programs.demo",
]


class Command(BaseCommand):
    help = "Load the deterministic Gwangju demo data (805 enterprises, rooms, logins for every role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args: Any, **options: Any) -> None:
        if Enterprise.objects.exists():
            self.stdout.write(_("The database already holds data; the demo was not loaded again."))
        else:
            with transaction.atomic():
                self._seed(options["seed"])
        self._print_logins()

    def _seed(self, seed: int) -> None:
        rng = random.Random(seed)
        today = timezone.localdate()
        registry = seed_registry(rng, today=today)
        users: dict[str, User] = {}
        from dure.accounts.models import EnterpriseMembership

        for spec in DEMO_USERS:
            user = User.objects.create_user(
                email=spec["email"],
                password=DEMO_PASSWORD,
                name=spec["name"],
                role=spec["role"],
                team=spec.get("team", ""),
                organization=spec.get("organization", ""),
                region_code=spec.get("region_code", ""),
                is_staff=bool(spec.get("superuser")),
                is_superuser=bool(spec.get("superuser")),
            )
            users[spec["email"].split("@")[0]] = user
            if "enterprise" in spec:
                EnterpriseMembership.objects.create(
                    user=user, enterprise=registry.by_key[spec["enterprise"]], role=spec["membership"]
                )
        context: dict[str, Any] = {
            "rng": rng,
            "today": today,
            "now": timezone.now(),
            "registry": registry,
            "users": users,
            "password": DEMO_PASSWORD,
            "start": dt.date(today.year, 1, 1),
        }
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            module.seed(context)
        log_action("core.demo.seeded", data={"enterprises": len(registry.enterprises), "seed": seed})
        self.stdout.write(
            self.style.SUCCESS(_("Loaded the demo: %(n)d enterprises.") % {"n": len(registry.enterprises)})
        )

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
        for spec in DEMO_USERS:
            label = str(Role(spec["role"]).label) + (
                f" / {Team(spec['team']).label}" if spec.get("team") else ""
            )
            self.stdout.write(f"  {spec['email']:<22} {label}")
