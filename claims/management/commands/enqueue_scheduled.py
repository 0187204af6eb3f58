"""Enqueue the scheduled jobs (claims/schedule.py): run it from cron or a systemd timer every few
minutes (docs/deploy.md). Running it twice, or on several hosts, sends nothing twice."""
from django.core.management.base import BaseCommand

from claims.schedule import enqueue_scheduled


class Command(BaseCommand):
    help = "Enqueue the reminders, escalations, daily digests, lost-mail recovery and claim tally compaction for the workers to run."

    def handle(self, *args, **options):
        enqueued = enqueue_scheduled()
        if options["verbosity"]:
            self.stdout.write(f"Enqueued: {', '.join(enqueued)}" if enqueued
                              else "Every scheduled job is already waiting in the queue.")
