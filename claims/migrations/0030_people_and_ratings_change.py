"""The people and ratings change log (claims.models.PeopleAndRatingsChange): a row appended by
triggers whenever what the people and verdict choices are drawn from changes, and a first row, so
that the choices can be cached from the start.

Watched: users (a new or deleted one, or a change of name, username, is_active or is_superuser; a
new last_login or password is no change to the choices), users' groups and permissions, groups'
permissions, permissions, ratings and their translations.

PostgreSQL: statement-level triggers on the link tables, the permissions and the ratings (one row per
statement however many rows it touches, TRUNCATE included), row-level ones on the users, only when a
watched column changed. SQLite has row-level triggers only."""
from django.conf import settings
from django.db import migrations, models

FUNCTION = "claims_people_and_ratings_changed"
# Fits a double exactly (random() is one), and is far from any collision between two states.
POSTGRESQL_TOKEN = "(random() * 9007199254740991)::bigint"
SQLITE_TOKEN = "random()"
USER_COLUMNS = ("username", "first_name", "last_name", "is_active", "is_superuser")


def watched_tables(apps):
    """(table, columns watched on update or None for every column) of what the choices read."""
    user = apps.get_model(settings.AUTH_USER_MODEL)
    group = apps.get_model("auth", "Group")
    return [
        (user._meta.db_table, USER_COLUMNS),
        (user.groups.through._meta.db_table, None),
        (user.user_permissions.through._meta.db_table, None),
        (group.permissions.through._meta.db_table, None),
        (apps.get_model("auth", "Permission")._meta.db_table, None),
        (apps.get_model("claims", "Rating")._meta.db_table, None),
        (apps.get_model("claims", "RatingTranslation")._meta.db_table, None),
    ]


def postgresql(apps):
    yield f"""
    CREATE FUNCTION {FUNCTION}() RETURNS trigger AS $$
    BEGIN
        INSERT INTO claims_peopleandratingschange (token) VALUES ({POSTGRESQL_TOKEN});
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """
    for table, columns in watched_tables(apps):
        if columns:
            changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
            yield (f"CREATE TRIGGER {table}_choices_insert_delete AFTER INSERT OR DELETE OR TRUNCATE ON {table}"
                   f" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()")
            yield (f"CREATE TRIGGER {table}_choices_update AFTER UPDATE ON {table}"
                   f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {FUNCTION}()")
        else:
            yield (f"CREATE TRIGGER {table}_choices AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
                   f" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()")


def postgresql_drop(apps):
    for table, columns in watched_tables(apps):
        for name in ("_choices_insert_delete", "_choices_update") if columns else ("_choices",):
            yield f"DROP TRIGGER IF EXISTS {table}{name} ON {table}"
    yield f"DROP FUNCTION IF EXISTS {FUNCTION}()"


def sqlite(apps):
    insert = f"INSERT INTO claims_peopleandratingschange (token) VALUES ({SQLITE_TOKEN});"
    for table, columns in watched_tables(apps):
        for operation in ("INSERT", "UPDATE", "DELETE"):
            when = ""
            if operation == "UPDATE" and columns:
                when = " WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
            yield f"CREATE TRIGGER {table}_choices_{operation.lower()} AFTER {operation} ON {table}{when} BEGIN {insert} END"


def sqlite_drop(apps):
    for table, _columns in watched_tables(apps):
        for operation in ("insert", "update", "delete"):
            yield f"DROP TRIGGER IF EXISTS {table}_choices_{operation}"


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"The people and ratings change triggers are written for PostgreSQL and SQLite, not {vendor}.")
    statements = list(postgresql(apps) if vendor == "postgresql" else sqlite(apps))
    token = POSTGRESQL_TOKEN if vendor == "postgresql" else SQLITE_TOKEN
    statements.append(f"INSERT INTO claims_peopleandratingschange (token) VALUES ({token})")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    drop = postgresql_drop if schema_editor.connection.vendor == "postgresql" else sqlite_drop
    for statement in drop(apps):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0029_arabic_rating_labels"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PeopleAndRatingsChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
