"""Arabic labels and definitions for the seeded scale (issue #18): with the catalogue complete, the
verdict chips and the public page were the English left on an Arabic page. Same defaults as
0023_i18n_rating_labels gives the other languages, and the same rule: install_defaults only adds
what is missing, never overwriting the desk's wording. Translated by an AI assistant, not yet checked
by a native speaker (docs/i18n.md); the desk edits them in the admin."""
from django.db import migrations

# slug -> (label, definition); the slugs are those of 0002's seeded scale. Glossary: docs/i18n.md.
ARABIC = {
    "true": ("صحيح", "الادعاء دقيق ولا ينقصه شيء مهم."),
    "mostly-true": ("صحيح في معظمه", "الادعاء دقيق، لكنه يحتاج إلى توضيح أو معلومات إضافية."),
    "half-true": ("نصف صحيح", "الادعاء دقيق جزئيًا، لكنه يُغفل تفاصيل مهمة أو يُخرج الوقائع من سياقها."),
    "mostly-false": ("خاطئ في معظمه", "في الادعاء شيء من الحقيقة، لكنه يتجاهل وقائع من شأنها أن تعطي انطباعًا مختلفًا."),
    "false": ("خاطئ", "الادعاء غير دقيق."),
    "unverifiable": ("غير قابل للتحقق", "لا تسمح الأدلة المتاحة بتأكيد الادعاء ولا بدحضه."),
}


def install_defaults(apps):
    Rating = apps.get_model("claims", "Rating")
    RatingTranslation = apps.get_model("claims", "RatingTranslation")
    for rating in Rating.objects.filter(slug__in=ARABIC):
        label, definition = ARABIC[rating.slug]
        RatingTranslation.objects.get_or_create(
            rating=rating, language="ar", defaults={"label": label, "definition": definition})


def forwards(apps, schema_editor):
    install_defaults(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0028_due_date_and_activity_tallies'),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
