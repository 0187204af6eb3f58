"""Deadline policies: the default due date and the idle threshold for each priority (issue 14).
Seeded with a newsroom's usual defaults; edit them in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models


# priority: (due after days, idle after days). Urgent claims are due the next day and idle after one.
DEFAULT_POLICIES = {4: (1, 1), 3: (3, 2), 2: (7, 4), 1: (14, 7)}


def install_policies(apps):
    DeadlinePolicy = apps.get_model("claims", "DeadlinePolicy")
    for priority, (due, idle) in DEFAULT_POLICIES.items():
        DeadlinePolicy.objects.get_or_create(priority=priority, defaults={"due_after_days": due, "idle_after_days": idle})


def forwards(apps, schema_editor):
    install_policies(apps)
    # Editors set the policies in the admin (view and change; the four rows are seeded above). The
    # permissions are normally created after all migrations run: create them now to grant them.
    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    editors = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(*Permission.objects.filter(
            content_type__app_label="claims", codename__in=["view_deadlinepolicy", "change_deadlinepolicy"]
        ))


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0013_append_only_truncate'),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name='DeadlinePolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('priority', models.PositiveSmallIntegerField(choices=[(1, 'Low'), (2, 'Normal'), (3, 'High'), (4, 'Urgent')], unique=True)),
                ('due_after_days', models.PositiveSmallIntegerField(blank=True, help_text='Days from assignment to the default due date; empty for no default.', null=True)),
                ('idle_after_days', models.PositiveSmallIntegerField(blank=True, help_text='Days an open claim may sit in one status before it is flagged as idle; empty never flags it.', null=True)),
            ],
            options={
                'verbose_name': 'deadline policy',
                'verbose_name_plural': 'deadline policies',
                'ordering': ['-priority'],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
