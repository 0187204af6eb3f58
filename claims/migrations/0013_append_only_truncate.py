"""On PostgreSQL, refuse TRUNCATE on the append-only tables too. Migration 0003's row triggers
refuse UPDATE and DELETE, but TRUNCATE fires no row trigger: `TRUNCATE claims_historyentry` emptied
the record of who decided what. A statement-level BEFORE TRUNCATE trigger closes that door.

One deliberate exception: a session that sets `claims.allow_truncate` to `on` may truncate. No code
of the workbench sets it; the test suite does (tests/conftest.py), because Django empties a test
database between transactional tests with TRUNCATE. Anyone able to set it could as well drop the
trigger: it guards against accidents and stray code paths, not against the database's owner."""
from django.db import migrations

TABLES = ["claims_historyentry", "claims_correction", "claims_note"]

FUNCTION = """
CREATE OR REPLACE FUNCTION claims_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('claims.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION claims_refuse_truncate()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS claims_refuse_truncate()")


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_frozen_record")]

    operations = [migrations.RunPython(create, drop)]
