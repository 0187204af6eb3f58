"""The board's index (docs/performance.md): each status's claims in the board's card order
(priority, due date, last update), so the first cards of every column are read from it instead of
sorting all 100,000 claims. Added after 0006_performance_indexes had been merged, hence its own
migration."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_claimant_kind")]

    operations = [
        migrations.AddIndex(
            "claim", models.Index(fields=["status", "-priority", "due_date", "-updated_at"], name="claim_board")
        ),
    ]
