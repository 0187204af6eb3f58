"""Indexes for the board and the dashboard (docs/performance.md), added after
0006_performance_indexes had been merged, hence a migration of their own.

- claim_board: each status's claims in the board's card order (priority, due date, last update),
  so the first cards of every column are read from it instead of sorting all 100,000 claims.
- claim_dashboard: the dashboard's figures (per status, overdue, published this week) count from
  this index alone (an index-only scan) instead of reading every claim row.
- claim_last_published: the dashboard's "published this week" list, newest first.
"""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_claimant_kind")]

    operations = [
        migrations.AddIndex(
            "claim", models.Index(fields=["status", "-priority", "due_date", "-updated_at"], name="claim_board")
        ),
        migrations.AddIndex(
            "claim",
            models.Index(fields=["status", "due_date"], include=["last_published_at"], name="claim_dashboard"),
        ),
        migrations.AddIndex("claim", models.Index(fields=["-last_published_at"], name="claim_last_published")),
    ]
