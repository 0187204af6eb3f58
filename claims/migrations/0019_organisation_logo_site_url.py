"""The organisation's logo for the public pages, and a public base URL that no longer defaults to a
hard-coded http://127.0.0.1:8000: empty means "the address the page was requested at" (claims/site.py)."""
from django.db import migrations, models

import claims.models

OLD_DEFAULT = "http://127.0.0.1:8000"


def forget_the_old_default(apps, schema_editor):
    # A value nobody chose (the old default) becomes "not set", so development links follow the port served on.
    apps.get_model("claims", "Organisation").objects.filter(public_base_url=OLD_DEFAULT).update(public_base_url="")


def restore_the_old_default(apps, schema_editor):
    apps.get_model("claims", "Organisation").objects.filter(public_base_url="").update(public_base_url=OLD_DEFAULT)


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_notification_mail_and_schedule")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="logo",
            field=models.CharField(
                blank=True, default="public/logo.svg", max_length=200,
                help_text="The logo on the public pages: a path under static/ (e.g. public/logo.svg). Empty: name only.",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="public_base_url",
            field=claims.models.HttpURLField(
                blank=True,
                help_text="Where public fact-check pages are served (https://checks.example.org); ClaimReview `url` "
                          "values and feed links start with it. Empty: the address the page was requested at "
                          "(development), see claims/site.py.",
            ),
        ),
        migrations.RunPython(forget_the_old_default, restore_the_old_default),
    ]
