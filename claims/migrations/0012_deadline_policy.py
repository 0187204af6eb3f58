"""Deadline policies: the default due date and the idle threshold for each priority (issue 14).
Seeded with a newsroom's usual defaults; edit them in the admin."""

from django.db import migrations, models


# priority: (due after days, idle after days). Urgent claims are due the next day and idle after one.
DEFAULT_POLICIES = {4: (1, 1), 3: (3, 2), 2: (7, 4), 1: (14, 7)}


def install_policies(apps):
    DeadlinePolicy = apps.get_model("claims", "DeadlinePolicy")
    for priority, (due, idle) in DEFAULT_POLICIES.items():
        DeadlinePolicy.objects.get_or_create(priority=priority, defaults={"due_after_days": due, "idle_after_days": idle})


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0011_loginattempt_kind'),
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
        migrations.RunPython(lambda apps, schema_editor: install_policies(apps), migrations.RunPython.noop),
    ]
