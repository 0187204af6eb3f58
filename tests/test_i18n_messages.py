"""The model's, the workflow's and the notifications' words in other languages (issue #18): refusals
in the reader's language, notifications in the recipient's, the history stored in English and shown
in the reader's, API problems with translated words and stable type keys."""
import json

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from api.problems import problem
from claims import notifications
from claims.models import HISTORY_SENTENCES, TAKEN_BY, HistoryEntry, Notification
from claims.workflow import Status

from .conftest import advance, compile_stale_catalogues
from .test_notifications import commits  # noqa: F401 (a fixture: steps run with their on-commit notifications)

LOCALE = settings.BASE_DIR / "locale"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    compile_stale_catalogues()


@pytest.fixture(autouse=True)
def project_catalogue():
    with override_settings(LOCALE_PATHS=[LOCALE]):
        yield


def test_a_refusal_is_said_in_the_readers_language(claim, editor):
    assert claim.refusal_for("approve", editor) == "This claim is new: it cannot be approved now."
    with translation.override("es"):
        assert claim.refusal_for("approve", editor) == "Esta afirmación está nueva: ahora no se puede aprobar."
    with translation.override("de"):
        assert claim.refusal_for("approve", editor) == "Diese Behauptung ist neu: Sie kann jetzt nicht freigegeben werden."


def test_a_status_inside_a_sentence_keeps_germans_capital_nouns(claim, editor, checker):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    with translation.override("de"):
        # Not the label lower-cased ("in recherche"): its own in-sentence words.
        assert claim.refusal_for("dismiss", editor) == (
            "Diese Behauptung ist in Recherche: Sie kann jetzt nicht verworfen werden.")


def test_a_refusal_raised_in_spanish_carries_spanish_text(claim, viewer):
    from claims.workflow import PermissionRefused

    with translation.override("es"), pytest.raises(PermissionRefused) as refused:
        claim.transition("assign", viewer, version=claim.version, assignee=viewer)
    assert refused.value.message == "Solo un editor puede asignar una afirmación a un verificador."


def test_a_notification_is_written_in_its_recipients_language(claim, editor, checker, commits, monkeypatch):
    monkeypatch.setattr(notifications, "language_for", lambda user: "de" if user == checker else "en-gb")
    commits(claim.transition, "assign", editor, version=claim.version, assignee=checker)
    note = Notification.objects.get(recipient=checker)
    assert note.message.startswith("Editor hat Ihnen „Only six nations pledged troops“ zugewiesen, Frist ")


def test_the_notification_mail_is_in_its_recipients_language(claim, editor, checker, commits, monkeypatch, mailoutbox):
    monkeypatch.setattr(notifications, "language_for", lambda user: "es")
    commits(claim.transition, "assign", editor, version=claim.version, assignee=checker)
    [mail] = mailoutbox
    assert mail.subject.startswith("[Banco de verificación] Asignada a ti: ")
    assert "Abrir la afirmación: " in mail.body


def test_language_for_falls_back_to_the_sites_language(checker):
    assert notifications.language_for(checker) == settings.LANGUAGE_CODE


def test_the_history_is_stored_in_english_whoever_writes_it(claim, checker):
    with translation.override("uk"):
        claim.transition("take", checker, version=claim.version)
    entry = HistoryEntry.objects.get(claim=claim, action=HistoryEntry.Action.STATUS)
    assert entry.comment == "Taken by Checker"


def test_the_historys_sentences_are_shown_in_the_readers_language(claim, checker):
    claim.transition("take", checker, version=claim.version)
    entry = HistoryEntry.objects.get(claim=claim, action=HistoryEntry.Action.STATUS)
    assert entry.comment_in_words == "Taken by Checker"
    with translation.override("es"):
        assert entry.comment_in_words == "Asumida por Checker"
    with translation.override("uk"):
        assert entry.comment_in_words == "Узято: Checker"


def test_added_evidence_is_stored_in_english_and_shown_in_the_readers_language(claim, editor, checker):
    from .conftest import add_sources

    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    with translation.override("es"):
        add_sources(claim, checker, n=1)
    entry = HistoryEntry.objects.get(claim=claim, action=HistoryEntry.Action.EVIDENCE)
    assert entry.new_value.startswith("Refutes: ")
    assert entry.evidence_in_words == entry.new_value
    with translation.override("es"):
        assert entry.evidence_in_words.startswith("Refuta: ")
    with translation.override("fr"):
        assert entry.evidence_in_words.startswith("Réfute : ")


def test_words_inside_a_stored_sentence_are_translated_too():
    entry = HistoryEntry(action=HistoryEntry.Action.ANCHOR,
                         comment="Placed by hand in the article's text (it was not found in the article).")
    with translation.override("de"):
        assert entry.comment_in_words == "Von Hand im Artikeltext platziert (sie war im Artikel nicht gefunden)."
    entry = HistoryEntry(action=HistoryEntry.Action.REMINDER, comment="Reminder sent to Checker: due by the end of 7 Dec 2026.")
    with translation.override("es"):
        assert entry.comment_in_words.startswith("Recordatorio enviado a Checker: vence al final del ")
        assert "7" in entry.comment_in_words and "Dec" not in entry.comment_in_words


def test_a_persons_own_words_are_shown_as_written_even_when_they_read_like_ours():
    # A dismissal's reason that happens to read like the take step's sentence: a person's words, kept.
    entry = HistoryEntry(action=HistoryEntry.Action.STATUS, old_value="new", new_value="dismissed",
                         comment="Taken by surprise, the minister said otherwise.")
    with translation.override("es"):
        assert entry.comment_in_words == "Taken by surprise, the minister said otherwise."


def test_every_history_sentence_reads_back_its_own_english():
    for sentence in HISTORY_SENTENCES:
        names = {name: f"<{name}>" for name in sentence.pattern.groupindex}
        stored = sentence(**names)
        assert sentence.in_words(stored) == stored, sentence.msgid
    assert TAKEN_BY.in_words("Taken by") is None


def test_an_api_problem_is_translated_but_keeps_its_type_key():
    with translation.override("es"):
        body = json.loads(problem(404, "detalle").content)
    assert body["type"] == "/api/problems/not-found"
    assert body["title"] == "No encontrado"


def test_a_filters_name_keeps_its_capital_in_german(db):
    from claims.forms import ClaimFilterForm

    with translation.override("de"):
        _values, problems = ClaimFilterForm({"type": "bogus"}, checkers=[]).valid_filters()
    assert problems == ["Der Wert „bogus“ des Filters „Art der Behauptung“ ist keine der Möglichkeiten: Er wurde ignoriert."]
    with translation.override("es"):
        _values, problems = ClaimFilterForm({"type": "bogus"}, checkers=[]).valid_filters()
    assert problems == ["El valor «bogus» del filtro «tipo de afirmación» no es una de las opciones: se ignoró."]
