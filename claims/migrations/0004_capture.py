"""Claim capture: rejected suggestions, and trigram search over claim wording on PostgreSQL.

pg_trgm and its trigram index exist only on PostgreSQL; on SQLite claims.similar uses rapidfuzz, so the
index operations do nothing there."""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# GiST rather than GIN: "the 5 most similar claims" is a nearest-neighbour question, which GiST
# answers by walking the index in distance order (ORDER BY text <-> query LIMIT 5). GIN can only
# fetch every row sharing trigrams with the query and rank them all; with the common words every
# claim shares, that measured 3-5x slower at 50,000 claims (docs/capture.md).
CREATE_INDEX = "CREATE INDEX IF NOT EXISTS claim_text_trgm ON claims_claim USING gist (text gist_trgm_ops)"
DROP_INDEX = "DROP INDEX IF EXISTS claim_text_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RejectedSuggestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("quote", models.TextField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="rejected_suggestions", to="claims.article")),
                ("rejected_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["created_at", "pk"]},
        ),
        # Django's CreateExtension already does nothing on other databases.
        TrigramExtension(),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
