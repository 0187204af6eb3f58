"""Indexes the benchmarked pages need (docs/performance.md).

For the search box on PostgreSQL: GIN indexes on the claim's and the headline's tsvector, so a search
of 100,000 claims reads the index instead of every row (ILIKE '%word%' cannot use one).

The expressions are those ClaimQuerySet.search queries (claims.models.claim_search_document and
article_search_document), written out here so that this migration stays as it was when it ran.
SQLite keeps its icontains search and gets no index.
"""
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

CONFIG = "simple"


def indexes():
    return [
        ("Claim", GinIndex(SearchVector("text", "quote", "claimant", config=CONFIG), name="claim_search")),
        ("Article", GinIndex(SearchVector("title", config=CONFIG), name="article_title_search")),
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in indexes():
        schema_editor.add_index(apps.get_model("claims", model_name), index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in indexes():
        schema_editor.remove_index(apps.get_model("claims", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_login_attempts")]

    operations = [
        migrations.RunPython(create, drop),
        # Date ranges the dashboard counts over (what was published this week, claims opened per
        # day): without them each is a scan of every claim.
        migrations.AddIndex("claim", models.Index(fields=["published_at"], name="claim_published_at")),
        migrations.AddIndex("claim", models.Index(fields=["created_at"], name="claim_created_at")),
    ]
