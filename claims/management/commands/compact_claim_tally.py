"""Fold the claim tally's appended rows into one per (status, assignee) (ClaimTally.compact). The
scheduled jobs do it every few minutes (claims/schedule.py); this is for a deploy, a large import or
an operator who wants it now. Safe while the workbench is in use: no sum changes."""
from django.core.management.base import BaseCommand

from claims.models import ClaimTally


class Command(BaseCommand):
    help = "Compact the claim tally: one row per (status, assignee), no count changed."

    def handle(self, *args, **options):
        before = ClaimTally.objects.count()
        left = ClaimTally.objects.compact()
        if options["verbosity"]:
            self.stdout.write(f"Claim tally compacted: {before:,} rows folded into {left:,} (status, assignee) pairs.")
