"""Rating labels per language (issue #18), with the glossary's defaults for the seeded scale: each
rating's label and definition in es, fr, pt-br, de and uk, as a desk would word them. The desk edits
them in the admin (Rating's inline); a rating with another slug, or a language left out, shows the
base label. install_defaults only adds what is missing, so it never overwrites the desk's wording
(tests/conftest.py calls it again after a transactional test has emptied the database)."""
import claims.models
import django.db.models.deletion
from django.db import migrations, models


# slug -> language -> (label, definition); the slugs are those of 0002's seeded scale.
DEFAULTS = {
    "true": {
        "es": ("Verdadero", "La afirmación es exacta y no le falta nada significativo."),
        "fr": ("Vrai", "L'affirmation est exacte et il n'y manque rien d'important."),
        "pt-br": ("Verdadeiro", "A alegação é correta e não omite nada importante."),
        "de": ("Richtig", "Die Behauptung stimmt, und es fehlt nichts Wesentliches."),
        "uk": ("Правда", "Твердження точне, і в ньому не бракує нічого суттєвого."),
    },
    "mostly-true": {
        "es": ("Mayormente verdadero", "La afirmación es exacta, pero necesita aclaraciones o información adicional."),
        "fr": ("Plutôt vrai", "L'affirmation est exacte mais demande des précisions ou des informations complémentaires."),
        "pt-br": ("Quase verdadeiro", "A alegação é correta, mas precisa de esclarecimento ou de informações adicionais."),
        "de": ("Größtenteils richtig", "Die Behauptung stimmt, braucht aber eine Klarstellung oder zusätzliche Informationen."),
        "uk": ("Переважно правда", "Твердження точне, але потребує уточнень або додаткової інформації."),
    },
    "half-true": {
        "es": ("Verdad a medias", "La afirmación es en parte exacta, pero omite detalles importantes o saca las cosas de contexto."),
        "fr": ("À moitié vrai", "L'affirmation est en partie exacte mais omet des détails importants ou sort les faits de leur contexte."),
        "pt-br": ("Meia verdade", "A alegação é parcialmente correta, mas omite detalhes importantes ou tira os fatos de contexto."),
        "de": ("Halb richtig", "Die Behauptung stimmt teilweise, lässt aber wichtige Details weg oder reißt Dinge aus dem Zusammenhang."),
        "uk": ("Напівправда", "Твердження частково точне, але оминає важливі деталі або подає факти поза контекстом."),
    },
    "mostly-false": {
        "es": ("Mayormente falso", "La afirmación tiene algo de verdad, pero ignora hechos que darían una impresión distinta."),
        "fr": ("Plutôt faux", "L'affirmation contient une part de vérité mais ignore des faits qui donneraient une autre impression."),
        "pt-br": ("Quase falso", "A alegação tem um elemento de verdade, mas ignora fatos que dariam uma impressão diferente."),
        "de": ("Größtenteils falsch", "Die Behauptung hat einen wahren Kern, übergeht aber Fakten, die einen anderen Eindruck vermitteln würden."),
        "uk": ("Переважно неправда", "Твердження містить частку правди, але ігнорує факти, які створили б інше враження."),
    },
    "false": {
        "es": ("Falso", "La afirmación no es exacta."),
        "fr": ("Faux", "L'affirmation est inexacte."),
        "pt-br": ("Falso", "A alegação não é correta."),
        "de": ("Falsch", "Die Behauptung stimmt nicht."),
        "uk": ("Неправда", "Твердження неточне."),
    },
    "unverifiable": {
        "es": ("No verificable", "Las pruebas disponibles no permiten confirmar ni desmentir la afirmación."),
        "fr": ("Invérifiable", "Les preuves disponibles ne permettent ni de confirmer ni de réfuter l'affirmation."),
        "pt-br": ("Não verificável", "As evidências disponíveis não permitem confirmar nem refutar a alegação."),
        "de": ("Nicht überprüfbar", "Die verfügbaren Belege können die Behauptung weder bestätigen noch widerlegen."),
        "uk": ("Неможливо перевірити", "Наявні докази не дозволяють ні підтвердити, ні спростувати твердження."),
    },
}


def install_defaults(apps):
    Rating = apps.get_model("claims", "Rating")
    RatingTranslation = apps.get_model("claims", "RatingTranslation")
    for rating in Rating.objects.filter(slug__in=DEFAULTS):
        for language, (label, definition) in DEFAULTS[rating.slug].items():
            RatingTranslation.objects.get_or_create(
                rating=rating, language=language, defaults={"label": label, "definition": definition})


def forwards(apps, schema_editor):
    install_defaults(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0021_queue_index_only'),
    ]

    operations = [
        migrations.CreateModel(
            name='RatingTranslation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=claims.models.translated_languages, max_length=12, verbose_name='language')),
                ('label', models.CharField(max_length=60, verbose_name='label')),
                ('definition', models.TextField(blank=True, help_text='Empty: the base definition is shown.', verbose_name='definition')),
                ('rating', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='claims.rating')),
            ],
            options={
                'verbose_name': 'label in another language',
                'verbose_name_plural': 'labels in other languages',
                'ordering': ['rating', 'language'],
                'constraints': [models.UniqueConstraint(fields=('rating', 'language'), name='one_label_per_language')],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
