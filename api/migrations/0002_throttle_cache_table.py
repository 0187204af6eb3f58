"""The table of the API throttle's database cache (settings.CACHES["api_throttle"]).

Created by a migration rather than a separate `createcachetable` step in the deployment: every
installation already runs `migrate` on upgrade, and a forgotten step would make every API request fail."""
from django.core.management import call_command
from django.db import migrations

TABLE = "api_throttle_cache"  # settings.CACHES["api_throttle"]["LOCATION"]


def create_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("api", "0001_api_tokens_and_webhooks")]

    operations = [migrations.RunPython(create_table, drop_table)]
