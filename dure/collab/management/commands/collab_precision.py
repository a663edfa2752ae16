"""`dure collab_precision`: precision at 5 of partner finding on the labelled needs (run after make demo)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dure.collab.evaluation import precision_at_k
from dure.collab.tests.labelled_needs import LABELLED_NEEDS


class Command(BaseCommand):
    help = "Precision at k of the partner ranking on the labelled needs, against the current database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-k", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        result = precision_at_k(LABELLED_NEEDS, k=options["k"])
        for row in result["needs"]:
            self.stdout.write(f"{row['precision']:.2f}  {row['hits']}/{result['k']}  {row['need']}")
        self.stdout.write(
            f"precision@{result['k']} = {result['precision']:.3f} over {len(result['needs'])} needs"
        )
