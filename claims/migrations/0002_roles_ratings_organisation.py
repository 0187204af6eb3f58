"""The three newsroom roles as groups, the default rating scale and the organisation row."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["article", "claim", "source", "evidence", "note", "historyentry", "correction", "notification", "rating", "organisation"]
# What each role may do to which model. Nothing is deleted in the workbench: claims are dismissed,
# notes and history are append-only.
ROLES = {
    "Editors": {
        "act": ["act_as_editor"],
        "add": ["article", "claim", "source", "evidence", "note"],
        "change": ["article", "claim", "source", "evidence", "rating", "organisation"],
    },
    "Fact-checkers": {
        "act": ["act_as_checker"],
        "add": ["claim", "source", "evidence", "note"],
        "change": ["claim", "source", "evidence"],
    },
    "Viewers": {"act": [], "add": [], "change": []},
}

# A short numeric scale with text labels (ClaimReview maps every number to text; worstRating >= 1),
# after PolitiFact's, plus an outcome off the scale. Editable in the admin.
RATINGS = [
    ("True", "true", 5, "#1b7a3a", "The claim is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "#4d8a1f", "The claim is accurate but needs clarification or additional information."),
    ("Half true", "half-true", 3, "#8a6d00", "The claim is partly accurate but leaves out important details or takes things out of context."),
    ("Mostly false", "mostly-false", 2, "#b4501a", "The claim has an element of truth but ignores facts that would give a different impression."),
    ("False", "false", 1, "#b3261e", "The claim is not accurate."),
    ("Unverifiable", "unverifiable", None, "#5b6270", "The available evidence can neither confirm nor refute the claim."),
]


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations run; create them now to use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    install_defaults(apps)


def install_defaults(apps):
    """Groups with their permissions, the rating scale and the organisation row; idempotent.
    (tests/conftest.py calls it too, after a transactional test has emptied the database.)"""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label="claims")}
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = list(grants["act"]) + [f"view_{m}" for m in MODELS]
        codenames += [f"add_{m}" for m in grants["add"]] + [f"change_{m}" for m in grants["change"]]
        group.permissions.set([perms[c] for c in codenames])

    Rating = apps.get_model("claims", "Rating")
    for order, (label, slug, value, colour, definition) in enumerate(RATINGS):
        Rating.objects.get_or_create(
            slug=slug, defaults={"label": label, "value": value, "colour": colour, "definition": definition, "order": order}
        )
    apps.get_model("claims", "Organisation").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
