"""Indexes for the Desk page's stage times (claims/metrics.py): a claim's stage changes in order, and
stage changes by time. Partial, on the creation and status-change entries only."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0014_deadline_policy"),
    ]

    operations = [
        migrations.AddIndex(
            model_name='historyentry',
            index=models.Index(condition=models.Q(('action__in', ['created', 'status'])), fields=['claim', 'created_at', 'id'], include=('action', 'old_value', 'new_value', 'actor'), name='history_stage_changes'),
        ),
        migrations.AddIndex(
            model_name='historyentry',
            index=models.Index(condition=models.Q(('action__in', ['created', 'status'])), fields=['created_at'], include=('claim',),
                               name='history_stage_changed_at'),
        ),
    ]
