"""Adding evidence (an existing source or a new one) and notes from the claim page."""
import re

import pytest
from django.urls import reverse

from claims.models import Evidence, HistoryEntry, Note, Source
from claims.workflow import Status

from .conftest import advance, login

HTMX = {"HTTP_HX_REQUEST": "true"}


def evidence_url(claim):
    return reverse("claims:add_evidence", args=[claim.pk])


def note_url(claim):
    return reverse("claims:add_note", args=[claim.pk])


def new_source(**overrides):
    data = {
        "source-url": "https://stats.example.org/troops", "source-title": "Troop pledges, 2025",
        "source-publisher": "Statistics Office", "source-published_on": "2025-03-01",
        "source-accessed_on": "2025-03-10", "source-archive_url": "https://archive.example.org/troops",
        "source-is_primary": "on", "stance": "refutes", "excerpt": "Eight nations pledged troops.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def researched(claim, editor, checker):
    return advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)


# --- evidence ------------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False])
def test_assignee_adds_evidence_with_a_new_source(client, researched, checker, htmx):
    response = login(client, checker).post(evidence_url(researched), new_source(), **(HTMX if htmx else {}))
    assert response.status_code == (200 if htmx else 302)
    source = Source.objects.get()
    assert (source.title, source.publisher, source.is_primary, source.added_by) == (
        "Troop pledges, 2025", "Statistics Office", True, checker)
    evidence = Evidence.objects.get()
    assert (evidence.stance, evidence.excerpt, evidence.added_by) == ("refutes", "Eight nations pledged troops.", checker)
    assert researched.history.filter(action=HistoryEntry.Action.EVIDENCE).exists()
    if htmx:
        body = response.content.decode()
        assert body.lstrip().startswith('<section class="card" id="evidence"')
        assert "Troop pledges, 2025" in body and '<span class="stance stance-refutes">Refutes</span>' in body
        assert 'id="history" aria-labelledby="history-heading" hx-swap-oob="true"' in body


def test_evidence_can_reuse_an_existing_source(client, researched, editor, checker):
    source = Source.objects.create(url="https://example.org/register", title="The register")
    response = login(client, editor).post(evidence_url(researched), {"source": source.pk, "stance": "supports"}, **HTMX)
    assert response.status_code == 200
    assert Source.objects.count() == 1
    assert Evidence.objects.get().source == source


def test_page_offers_a_source_picker_that_searches_every_source(client, researched, checker):
    html = login(client, checker).get(researched.get_absolute_url()).content.decode()
    assert '<input type="hidden" name="source" value=""' in html
    assert 'role="combobox"' in html and 'data-autocomplete-url="/sources/search/"' in html


def test_new_source_fields_carry_no_html_required(client, researched, checker):
    """The browser cannot know that an existing source makes them unnecessary (issue #16)."""
    html = login(client, checker).get(researched.get_absolute_url()).content.decode()
    for name in ("source-url", "source-title"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert "required" not in tag


def test_a_javascript_url_is_refused_and_nothing_is_created(client, researched, checker):
    response = login(client, checker).post(evidence_url(researched), new_source(**{"source-url": "javascript:alert(1)"}), **HTMX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Enter a web address starting with http:// or https://." in body
    assert 'value="Troop pledges, 2025"' in body  # the rest of what they typed is kept
    assert not Source.objects.exists() and not Evidence.objects.exists()


def test_neither_an_existing_nor_a_new_source_is_422(client, researched, checker):
    response = login(client, checker).post(evidence_url(researched), {"stance": "supports"}, **HTMX)
    assert response.status_code == 422
    assert "Pick an existing source, or describe a new one below." in response.content.decode()


def test_a_stance_is_required(client, researched, checker):
    response = login(client, checker).post(evidence_url(researched), new_source(stance=""), **HTMX)
    assert response.status_code == 422
    assert not Evidence.objects.exists()


def test_a_new_source_needs_a_title(client, researched, checker):
    response = login(client, checker).post(evidence_url(researched), new_source(**{"source-title": ""}), **HTMX)
    assert response.status_code == 422
    assert "Check the new source" in response.content.decode()


@pytest.mark.parametrize("who", ["viewer", "checker2"])
def test_viewer_and_unassigned_checker_cannot_add_evidence(request, client, researched, who):
    response = login(client, request.getfixturevalue(who)).post(evidence_url(researched), new_source(), **HTMX)
    assert response.status_code == 403
    assert "Only an editor or the assigned fact-checker can add evidence." in response.content.decode()
    assert not Evidence.objects.exists() and not Source.objects.exists()


def test_evidence_refused_on_a_verified_claim_with_the_reason(client, claim, editor, editor2, checker):
    advance(claim, Status.VERIFIED, editor=editor, checker=checker, approver=editor2)
    before = Evidence.objects.count()
    response = login(client, editor).post(evidence_url(claim), new_source(**{"source-url": "https://other.example.org/x"}), **HTMX)
    assert response.status_code == 403
    assert "This claim is verified: reopen it before adding evidence." in response.content.decode()
    assert Evidence.objects.count() == before


def test_add_evidence_form_is_not_offered_to_a_viewer(client, researched, viewer):
    html = login(client, viewer).get(researched.get_absolute_url()).content.decode()
    assert "Add evidence</summary>" not in html


def test_outsider_cannot_post_evidence(client, researched, outsider):
    assert login(client, outsider).post(evidence_url(researched), new_source(), **HTMX).status_code == 403
    assert not Evidence.objects.exists()


def test_evidence_is_listed_with_source_link_publisher_excerpt_and_who_added_it(client, researched, checker):
    login(client, checker).post(evidence_url(researched), new_source())
    html = client.get(researched.get_absolute_url()).content.decode()
    assert '<a href="https://stats.example.org/troops" rel="noopener noreferrer">Troop pledges, 2025</a>' in html
    assert "Statistics Office" in html and "Eight nations pledged troops." in html
    assert "added by Checker" in html and "Accessed 10 Mar 2025" in html
    assert 'href="https://archive.example.org/troops"' in html


# --- notes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False])
def test_checker_adds_a_note(client, claim, checker, htmx):
    response = login(client, checker).post(note_url(claim), {"body": "Call the ministry."}, **(HTMX if htmx else {}))
    assert response.status_code == (200 if htmx else 302)
    note = Note.objects.get()
    assert (note.author, note.body) == (checker, "Call the ministry.")
    if htmx:
        body = response.content.decode()
        assert body.lstrip().startswith('<section class="card" id="notes"') and "Call the ministry." in body
        assert 'id="id_note_body">\n</textarea>' in body  # the form is emptied for the next note


def test_empty_note_is_422(client, claim, editor):
    response = login(client, editor).post(note_url(claim), {"body": "   "}, **HTMX)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Note.objects.exists()


def test_too_long_note_is_422_and_kept(client, claim, editor):
    response = login(client, editor).post(note_url(claim), {"body": "x" * 10_001}, **HTMX)
    assert response.status_code == 422
    assert "x" * 10_001 in response.content.decode()


def test_viewer_cannot_write_notes(client, claim, viewer):
    response = login(client, viewer).post(note_url(claim), {"body": "Sneaky"}, **HTMX)
    assert response.status_code == 403
    assert "Viewers can read notes but not write them." in response.content.decode()
    assert not Note.objects.exists()


def test_note_form_is_not_offered_to_a_viewer_but_notes_are_shown(client, claim, checker, viewer):
    claim.add_note(checker, "Visible to all")
    html = login(client, viewer).get(claim.get_absolute_url()).content.decode()
    assert "Visible to all" in html and 'name="body"' not in html


def test_outsider_cannot_post_notes_nor_anonymous(client, claim, outsider):
    assert login(client, outsider).post(note_url(claim), {"body": "x"}).status_code == 403
    client.logout()
    assert client.post(note_url(claim), {"body": "x"}).status_code == 302
    assert not Note.objects.exists()


def test_note_text_is_escaped(client, claim, checker):
    claim.add_note(checker, "<img src=x onerror=alert(1)>")
    html = login(client, checker).get(claim.get_absolute_url()).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
