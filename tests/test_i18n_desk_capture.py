"""Issue #18, the dashboard, Desk, capture and API pages' strings: they are translated as whole
sentences (chart descriptions, reasons, counts), in the reader's language and number notation,
while the machine keys (the JSON report, the stored reasons) stay as they are."""
import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from claims import desk_report, metrics
from claims.suggest import describe_reasons

from .conftest import login, speaking

LANGUAGES = ("es", "fr", "pt_BR", "de", "uk")  # two or three plural forms, the count first
COMPILED = (*LANGUAGES, "ar")
DECIMAL_COMMA_ATTRIBUTE = re.compile(r' (?:x|y|x1|x2|y1|y2|cx|cy|r|width|height)="-?[0-9]+,[0-9]')


@pytest.fixture(scope="module")
def compiled_locale(tmp_path_factory):
    """The catalogues compiled into a temporary directory (.mo files are build output, not in git)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed")
    target = tmp_path_factory.mktemp("locale")
    for language in COMPILED:
        po = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
        out = target / language / "LC_MESSAGES"
        out.mkdir(parents=True)
        subprocess.run(["msgfmt", "--check", "-o", str(out / "django.mo"), str(po)], check=True)
    with override_settings(LOCALE_PATHS=[str(target)]):
        yield target


def test_reasons_read_as_one_sentence_in_the_readers_language(compiled_locale):
    reasons = ("number: six", "named: AFP, NATO", "short: 4 words", "meaning: reads like sentences desks check (73%)")
    with translation.override("es"):
        assert describe_reasons(reasons) == (
            "Da una cifra (six); nombra a AFP y NATO; muy corta, 4 palabras (resta); "
            "se parece a las frases que verifican las redacciones (73%).")
    with translation.override("uk"):
        assert describe_reasons(("short: 1 word",)) == "Дуже коротке, 1 слово (проти)."
    # The stored reasons themselves are machine words and do not change with the language.
    assert describe_reasons(reasons).startswith("Gives a figure (six); names AFP and NATO; very short, 4 words")


def test_durations_use_the_languages_number_notation(compiled_locale):
    with translation.override("de"):
        assert metrics.humane_duration(3.5 * 3600) == "3,5 h"
        assert metrics.humane_duration(3 * 86400) == "3,0 Tage"
    assert metrics.humane_duration(3.5 * 3600) == "3.5 h"


def test_the_desk_page_and_its_charts_speak_german(client, editor, compiled_locale):
    login(client, editor)
    with speaking(client, "de"):
        html = client.get(reverse("claims:desk")).content.decode()
    assert "Zeit pro Stufe" in html and "Durchsatz pro Woche" in html
    assert "Eröffnete, verifizierte und veröffentlichte Behauptungen pro Woche" in html
    assert "Time per stage" not in html and "Throughput per week" not in html
    # The charts' coordinates are for the browser: a German decimal comma would break the SVG.
    assert "<svg" in html and not DECIMAL_COMMA_ATTRIBUTE.search(html)


def test_the_dashboard_chart_description_is_one_translated_sentence(client, editor, claim, compiled_locale):
    login(client, editor)
    with speaking(client, "es"):
        html = client.get(reverse("claims:home")).content.decode()
    assert "Afirmaciones abiertas y verificadas por día del" in html
    assert "1 abiertas, 0 verificadas." in html
    assert "Claims opened and verified per day" not in html
    assert "<circle" in html and not DECIMAL_COMMA_ATTRIBUTE.search(html)


def test_the_report_for_people_is_translated_and_the_json_keeps_its_keys(editor, compiled_locale):
    period = metrics.default_period()
    with translation.override("fr"):
        text, _ = desk_report.render(period, metrics.DeskFilters(), "csv")
        data = json.loads(desk_report.render(period, metrics.DeskFilters(), "json")[0])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:4] == ["Mois", "Du", "Au", "Ouvertes"]
    assert ["Définitions"] in rows
    assert set(data["total"]["counts"]) == {"opened", "verified", "published", "corrected", "sent_back", "reopened"}
    assert data["unit"] == "hours"


@pytest.mark.parametrize("language", LANGUAGES)
def test_counts_take_the_languages_plural_forms(client, editor, compiled_locale, language):
    """The "marked as read" message for 1, 3 and 5 notifications: two forms in most of the
    languages, three in Ukrainian (1 сповіщення, 3 сповіщення ...ими, 5 сповіщень)."""
    from claims.models import Notification

    login(client, editor)
    forms = set()
    for n in (1, 3, 5):
        for _ in range(n):
            Notification.objects.create(recipient=editor, kind=Notification.Kind.DIGEST, message="digest")
        with speaking(client, language):
            response = client.post(reverse("claims:notifications_read"), follow=True)
        text = str(list(response.context["messages"])[0])
        assert text.startswith(f"{n} ") and "marked as read" not in text
        forms.add(text.split(" ", 1)[1])
    assert len(forms) == (3 if language == "uk" else 2)


def test_arabic_counts_take_all_six_plural_forms(client, editor, compiled_locale):
    """Arabic has a form for 0, 1, 2, 3–10, 11–99 and 100 and over (the catalogue's Plural-Forms):
    "one notification" and "two notifications" are words without the number, 3 takes the plural
    noun, 11 the singular in the accusative, 100 the singular."""
    from claims.models import Notification

    login(client, editor)
    messages = {}
    for n in (1, 2, 3, 11, 100):
        Notification.objects.bulk_create(
            [Notification(recipient=editor, kind=Notification.Kind.DIGEST, message="digest") for _ in range(n)])
        with speaking(client, "ar"):
            response = client.post(reverse("claims:notifications_read"), follow=True)
        messages[n] = str(list(response.context["messages"])[0])
    assert messages == {
        1: "عُلّم إشعار واحد بأنه مقروء.",
        2: "عُلّم إشعاران بأنهما مقروءان.",
        3: "عُلّمت 3 إشعارات بأنها مقروءة.",
        11: "عُلّم 11 إشعارًا بأنه مقروء.",
        100: "عُلّم 100 إشعار بأنه مقروء.",
    }
