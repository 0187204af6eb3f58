"""The claim pages in the desk's language (issue #18): the words the claims list, My queue, the board
and the article view write in Python (for speed, issue #17) are translated like the templates' own,
whole sentences with their plurals; and every status has its words inside a sentence.

The catalogues are compiled here from locale/*.po into a temporary directory (the build compiles
them for the site; .mo files are never committed)."""
import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone, translation

from claims.bulk import BulkOutcome
from claims.status_text import more_in_list, status_count, status_words
from claims.workflow import Status

from .conftest import advance, login, speaking

LOCALE = Path(django_settings.BASE_DIR) / "locale"




@pytest.fixture
def catalogues(settings, tmp_path):
    """The project's .po files compiled, and Django told where they are."""
    if not shutil.which("msgfmt"):
        pytest.skip("gettext's msgfmt is not installed")
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        target = tmp_path / po.relative_to(LOCALE).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["msgfmt", "--check", "-o", str(target), str(po)], check=True)
    # Changing LOCALE_PATHS empties Django's catalogue cache (django.test.signals).
    settings.LOCALE_PATHS = [str(tmp_path)]
    return tmp_path


def test_every_status_has_its_words_in_a_sentence():
    words = status_words()
    assert set(words) == set(Status.values)
    for status in Status:
        assert str(status_count(status, 3)).startswith("3 ")
        assert str(more_in_list(status, 12)).startswith("12 more ")
    assert status_count(Status.IN_RESEARCH, 4) == "4 in research"
    assert more_in_list(Status.NEW, 1) == "1 more new in the claims list"


def test_status_words_keep_german_capitals_and_agree_in_spanish(catalogues):
    with translation.override("de"):
        assert status_words()[Status.IN_RESEARCH] == "in Recherche"
    with translation.override("es"):
        assert status_count(Status.NEW, 1) == "1 nueva"
        assert status_count(Status.NEW, 5) == "5 nuevas"
    with translation.override("uk"):
        assert [status_count(Status.VERIFIED, n) for n in (1, 3, 5, 21)] == [
            "1 перевірене", "3 перевірені", "5 перевірених", "21 перевірене"]


def test_list_rows_are_written_in_the_readers_language(catalogues, client, editor, checker, claim):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    type(claim).objects.filter(pk=claim.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=3))
    login(client, editor)
    with speaking(client, "es"):
        html = client.get(reverse("claims:list")).content.decode()
    assert '<div class="overdue small">Vencida</div>' in html
    assert f"Seleccionar «{claim.text}»" in html
    assert ">Overdue<" not in html


def test_queue_and_board_are_written_in_the_readers_language(catalogues, client, editor, checker, claim, article):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    login(client, checker)
    with speaking(client, "de"):
        queue = client.get(reverse("claims:queue")).content.decode()
        board = client.get(reverse("claims:board")).content.decode()
    assert "Ihnen zugewiesen" in queue and "Assigned to you" not in queue
    assert "1 Behauptung wartet auf Sie" in queue
    assert "Artikel: </span>" in board and "From </span>" not in board


def test_board_step_message_says_the_new_status_in_the_language(catalogues, client, editor, checker, claim):
    advance(claim, Status.DISMISSED, editor=editor, checker=checker)
    login(client, editor)
    with speaking(client, "es"):
        response = client.post(reverse("claims:board_transition", args=[claim.pk]),
                               {"transition": "restore", "version": claim.version})
    assert response.status_code == 200
    assert "hecho. La afirmación queda nueva." in response.content.decode()


def test_board_refusal_is_in_the_language(catalogues, client, editor, claim):
    login(client, editor)
    with speaking(client, "de"):
        response = client.post(reverse("claims:board_transition", args=[claim.pk]),
                               {"transition": "dismiss", "version": claim.version})
    # Dismissing asks for a reason, which a card cannot: it says so.
    assert response.status_code == 400
    assert "braucht weitere Angaben: Öffnen Sie die Behauptung, um das zu tun." in response.content.decode()


def test_history_sentences_are_whole_sentences_in_the_language(catalogues, client, editor, checker, claim):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    login(client, editor)
    with speaking(client, "es"):
        html = client.get(reverse("claims:detail", args=[claim.pk])).content.decode()
    assert "la asignó a" in html and "con fecha límite" in html
    assert "assigned it to" not in html


def test_bulk_summary_counts_with_plurals(catalogues, claim):
    outcome = BulkOutcome("dismiss", {}, done=[claim, claim], refused=[(claim, "No.")])
    with translation.override("es"):
        assert outcome.summary.startswith(f"2 descartadas; 1 rechazada — «{claim.text}»: No.")
    assert outcome.summary.startswith(f"2 dismissed; 1 refused — ‘{claim.text}’: No.")


def test_article_rollup_agrees_with_its_counts(catalogues, client, editor, checker, claim):
    login(client, editor)
    with speaking(client, "pt-br"):
        html = client.get(reverse("claims:article", args=[claim.article_id])).content.decode()
    assert "0 de 1 alegação verificada, 1 nova" in html


def test_verdict_chips_in_rows_written_in_python_take_the_readers_language(catalogues, client, editor, checker, claim):
    # The desk's per-language rating labels (RatingTranslation), in the list's, queue's and board's rows too.
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    login(client, editor)
    with speaking(client, "es"):
        pages = [client.get(reverse(name)).content.decode() for name in ("claims:list", "claims:board")]
    for html in pages:
        assert 'rating-false">Falso</span>' in html
    assert 'rating-false">False</span>' in client.get(reverse("claims:list")).content.decode()
