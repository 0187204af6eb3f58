"""manage.py deliver_due_webhooks: enqueue every webhook delivery whose retry is due.

With a task backend that can defer (the database worker), retries are scheduled by the task itself
and this command is not needed; with one that cannot (the immediate backend), run it from cron."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from api.models import WebhookDelivery
from api.webhooks import deliver_webhook


class Command(BaseCommand):
    help = "Enqueue the webhook deliveries waiting to retry whose time has come."

    def handle(self, **options):
        due = WebhookDelivery.objects.filter(state=WebhookDelivery.State.RETRYING, next_attempt_at__lte=timezone.now())
        count = 0
        for pk in due.values_list("pk", flat=True):
            deliver_webhook.enqueue(pk)
            count += 1
        self.stdout.write(f"{count} deliveries enqueued.")
