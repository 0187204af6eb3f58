"""On PostgreSQL, refuse UPDATE and DELETE on the append-only tables below the ORM too, so no code
path (a raw query, a bulk update, a shell session) can rewrite the record of who decided what."""
from django.db import migrations

TABLES = ["claims_historyentry", "claims_correction", "claims_note"]

FUNCTION = """
CREATE OR REPLACE FUNCTION claims_refuse_rewrite() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
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
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION claims_refuse_rewrite()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS claims_refuse_rewrite()")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles_ratings_organisation")]

    operations = [migrations.RunPython(create, drop)]
