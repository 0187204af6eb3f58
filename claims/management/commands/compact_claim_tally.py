"""Fold the tallies' appended rows (compact_tallies: the claim tally, one row per (status,
assignee); the due-date tally, per (due date, assignee); the activity tally, per (kind,
quarter-hour)). The scheduled jobs do it every few minutes (claims/schedule.py); this is for a
deploy, a large import or an operator who wants it now. Safe while the workbench is in use: no sum
changes."""
from django.core.management.base import BaseCommand

from claims.models import TALLIES, compact_tallies


class Command(BaseCommand):
    help = "Compact the tallies (claims, due dates, activity): one row per key, no count changed."

    def handle(self, *args, **options):
        before = {model.__name__: model.objects.count() for model in TALLIES}
        left = compact_tallies()
        if options["verbosity"]:
            for name, rows in left.items():
                self.stdout.write(f"{name} compacted: {before[name]:,} rows folded into {rows:,}.")
