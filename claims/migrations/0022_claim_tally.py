"""The claim tally (claims.models.ClaimTally): how many claims have each (status, assignee), kept by
triggers on claims_claim so that every door that writes claims keeps it exact, and filled here from
the claims as they are.

PostgreSQL: one statement-level trigger per operation with transition tables. A statement's old
rows count -1 and its new rows +1 per (status, assignee), summed, and only the pairs whose sum is not
0 are appended: an UPDATE that changes neither (an edit of the wording, a new due date, 10,000 claims
re-prioritised by a bulk action) appends nothing, and a bulk reassignment of 10,000 claims appends
a row per pair, not 20,000. TRUNCATE empties the tally too.

SQLite: row-level triggers (it has no statement-level ones), the update trigger only WHEN the status
or the assignee changed. When the last claim is deleted the tally is emptied: nothing is left to
count, and the test runner's flush, which empties tables in no fixed order, leaves no stray rows.

Creating the triggers locks claims_claim against writes until this migration commits, so the fill
counts exactly the claims the triggers take over from."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

POSTGRESQL = [
    """
    CREATE FUNCTION claims_claim_tally() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO claims_claimtally (status, assignee_id, delta)
            SELECT status, assignee_id, COUNT(*) FROM new_rows GROUP BY status, assignee_id;
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO claims_claimtally (status, assignee_id, delta)
            SELECT status, assignee_id, -COUNT(*) FROM old_rows GROUP BY status, assignee_id;
        ELSE
            INSERT INTO claims_claimtally (status, assignee_id, delta)
            SELECT status, assignee_id, SUM(delta) FROM (
                SELECT status, assignee_id, -1 AS delta FROM old_rows
                UNION ALL
                SELECT status, assignee_id, 1 FROM new_rows
            ) AS moved GROUP BY status, assignee_id HAVING SUM(delta) <> 0;
        END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE FUNCTION claims_claim_tally_truncate() RETURNS trigger AS $$
    BEGIN
        DELETE FROM claims_claimtally;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """,
    """CREATE TRIGGER claims_claim_tally_insert AFTER INSERT ON claims_claim
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_tally()""",
    """CREATE TRIGGER claims_claim_tally_update AFTER UPDATE ON claims_claim
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_tally()""",
    """CREATE TRIGGER claims_claim_tally_delete AFTER DELETE ON claims_claim
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_tally()""",
    """CREATE TRIGGER claims_claim_tally_truncate AFTER TRUNCATE ON claims_claim
       FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_tally_truncate()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_tally_truncate ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_tally_delete ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_tally_update ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_tally_insert ON claims_claim",
    "DROP FUNCTION IF EXISTS claims_claim_tally_truncate()",
    "DROP FUNCTION IF EXISTS claims_claim_tally()",
]

SQLITE = [
    """CREATE TRIGGER claims_claim_tally_insert AFTER INSERT ON claims_claim BEGIN
        INSERT INTO claims_claimtally (status, assignee_id, delta) VALUES (NEW.status, NEW.assignee_id, 1);
    END""",
    """CREATE TRIGGER claims_claim_tally_update AFTER UPDATE ON claims_claim
    WHEN OLD.status IS NOT NEW.status OR OLD.assignee_id IS NOT NEW.assignee_id BEGIN
        INSERT INTO claims_claimtally (status, assignee_id, delta)
        VALUES (OLD.status, OLD.assignee_id, -1), (NEW.status, NEW.assignee_id, 1);
    END""",
    """CREATE TRIGGER claims_claim_tally_delete AFTER DELETE ON claims_claim BEGIN
        INSERT INTO claims_claimtally (status, assignee_id, delta) VALUES (OLD.status, OLD.assignee_id, -1);
        DELETE FROM claims_claimtally WHERE NOT EXISTS (SELECT 1 FROM claims_claim);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_tally_delete",
    "DROP TRIGGER IF EXISTS claims_claim_tally_update",
    "DROP TRIGGER IF EXISTS claims_claim_tally_insert",
]

FILL = """INSERT INTO claims_claimtally (status, assignee_id, delta)
          SELECT status, assignee_id, COUNT(*) FROM claims_claim GROUP BY status, assignee_id"""


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"The claim tally's triggers are written for PostgreSQL and SQLite, not {vendor}.")
    for statement in (POSTGRESQL if vendor == "postgresql" else SQLITE) + [FILL]:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in POSTGRESQL_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0021_queue_index_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(max_length=12)),
                ("delta", models.IntegerField()),
                ("assignee", models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                                               related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "indexes": [models.Index(fields=["status", "assignee"], include=("delta",), name="claim_tally_pair")],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
