"""Workflow steps and detail edits made through the claim page, over HTTP, with and without htmx.

Each step: it succeeds for the right person (htmx answers with the status panel and out-of-band
panels; a plain POST redirects back), a refusal answers 403 with the model's message in the form,
a stale version answers 409 with a conflict panel that keeps what the user typed, and input that
does not parse answers 422 with field errors. Nothing is written on any refusal."""
import datetime
import re

import pytest
from django.urls import reverse

from claims.models import Correction, HistoryEntry
from claims.workflow import Status

from .conftest import add_sources, advance, login

HTMX = {"HTTP_HX_REQUEST": "true"}


def step_url(claim, name):
    return reverse("claims:transition", args=[claim.pk, name])


def post_step(client, claim, name, data=None, *, htmx=True, version=None):
    payload = {"version": claim.version if version is None else version, **(data or {})}
    return client.post(step_url(claim, name), payload, **(HTMX if htmx else {}))


def unchanged(claim, status, version):
    claim.refresh_from_db()
    return claim.status == status and claim.version == version


# --- success ----------------------------------------------------------------------------------------


def test_editor_assigns_with_htmx_and_gets_the_status_panel_with_out_of_band_panels(client, claim, editor, checker, tomorrow):
    response = post_step(login(client, editor), claim, "assign", {"assignee": checker.pk, "due_date": tomorrow.isoformat()})
    assert response.status_code == 200
    body = response.content.decode()
    # The status panel first (htmx's target), not marked out of band.
    assert body.lstrip().startswith('<section class="card status-panel" id="status-panel" aria-labelledby="status-heading">')
    assert '<span class="chip status-in_research">In research</span>' in body
    # History and the other panels the step changed come along, out of band.
    assert 'id="history" aria-labelledby="history-heading" hx-swap-oob="true"' in body
    assert 'id="claim-facts" hx-swap-oob="true"' in body
    claim.refresh_from_db()
    assert (claim.status, claim.assignee, claim.due_date) == (Status.IN_RESEARCH, checker, tomorrow)


def test_new_version_reaches_the_details_form_out_of_band(client, claim, editor, checker):
    response = post_step(login(client, editor), claim, "assign", {"assignee": checker.pk})
    body = response.content.decode()
    # An editor could edit details before and after: only the version inside that form is swapped.
    assert '<span id="version-details" hx-swap-oob="true"><input type="hidden" name="version" value="2"' in body


def test_plain_post_redirects_back_to_the_claim_with_a_message(client, claim, editor, checker):
    response = post_step(login(client, editor), claim, "assign", {"assignee": checker.pk}, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    page = client.get(response["Location"])
    assert "Assign: done. The claim is now in research." in page.content.decode()


def test_checker_takes_a_claim(client, claim, checker):
    response = post_step(login(client, checker), claim, "take")
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.assignee == checker and claim.status == Status.IN_RESEARCH


def test_assignee_proposes_a_verdict_with_two_sources(client, claim, editor, checker, rating_false):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker, n=2)
    response = post_step(login(client, checker), claim, "propose",
                         {"rating": rating_false.pk, "conclusion": "The record shows eight."})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.status, claim.rating, claim.proposed_by) == (Status.IN_REVIEW, rating_false, checker)
    assert f'chip verdict rating-{rating_false.slug}' in response.content.decode()


def test_single_source_verdict_goes_through_with_a_justification(client, claim, editor, checker, rating_false):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker, n=1)
    response = post_step(login(client, checker), claim, "propose", {
        "rating": rating_false.pk, "conclusion": "False.", "justification": "The official register is definitive.",
    })
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.source_justification == "The official register is definitive."


def test_second_editor_approves_and_publishes(client, claim, editor, editor2, checker):
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    login(client, editor2)
    assert post_step(client, claim, "approve").status_code == 200
    claim.refresh_from_db()
    assert post_step(client, claim, "publish").status_code == 200
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == (Status.PUBLISHED, editor2)


def test_republishing_records_the_public_note_as_a_correction(client, claim, editor, editor2, checker):
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.transition("reopen", editor, version=claim.version, reason="New figures")
    advance_to_verified = [("propose", checker, {"rating": claim.rating, "conclusion": "Still false."}), ("approve", editor2, {})]
    for name, actor, data in advance_to_verified:
        claim.transition(name, actor, version=claim.version, **data)
    response = post_step(login(client, editor2), claim, "publish", {"public_note": "We updated the figures."})
    assert response.status_code == 200
    assert Correction.objects.get(claim=claim).public_note == "We updated the figures."


def test_send_back_and_reopen_and_dismiss_and_restore(client, claim, editor, editor2, checker):
    login(client, editor)
    assert post_step(client, claim, "dismiss", {"reason": "Opinion"}).status_code == 200
    claim.refresh_from_db()
    assert claim.status == Status.DISMISSED
    assert post_step(client, claim, "restore").status_code == 200
    claim.refresh_from_db()
    assert claim.status == Status.NEW
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    assert post_step(client, claim, "send_back", {"comment": "Find the primary source."}).status_code == 200
    claim.refresh_from_db()
    assert claim.status == Status.IN_RESEARCH
    assert claim.history.filter(action=HistoryEntry.Action.STATUS).last().comment == "Find the primary source."


# --- 403: refused by the workflow ---------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False])
def test_checker_cannot_assign_and_sees_why(client, claim, checker, checker2, htmx):
    response = post_step(login(client, checker), claim, "assign", {"assignee": checker2.pk}, htmx=htmx)
    assert response.status_code == 403
    assert "Only an editor can assign a claim to a fact-checker." in response.content.decode()
    assert unchanged(claim, Status.NEW, 1)


def test_refusal_is_shown_inside_the_steps_form_which_stays_open(client, claim, editor, checker, rating_false):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker, n=1)
    response = post_step(login(client, checker), claim, "propose", {"rating": rating_false.pk, "conclusion": "My conclusion"})
    # The person may propose; what they sent is not enough (NotReady): 422.
    assert response.status_code == 422
    body = response.content.decode()
    form = body[body.index('id="transition-propose"'):]
    assert form.startswith('id="transition-propose" open')
    assert "This verdict rests on a single source: explain why that is enough, or add a second source." in form
    assert "My conclusion" in form  # what they typed is kept
    assert unchanged(claim, Status.IN_RESEARCH, claim.version)


def test_proposer_cannot_approve_own_verdict_by_forged_post(client, claim, editor, checker, rating_false):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker)
    claim.transition("propose", editor, version=claim.version, rating=rating_false, conclusion="False.")
    response = post_step(login(client, editor), claim, "approve")
    assert response.status_code == 403
    assert "Only an editor who did not propose this verdict can approve it." in response.content.decode()
    assert unchanged(claim, Status.IN_REVIEW, claim.version)


def test_proposer_cannot_send_own_verdict_back(client, claim, editor, checker):
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    response = post_step(login(client, checker), claim, "send_back", {"comment": "Hmm"})
    assert response.status_code == 403
    assert "You proposed this verdict: someone else must review it." in response.content.decode()


def test_viewer_forged_post_is_refused_whatever_the_inputs(client, claim, viewer, checker):
    login(client, viewer)
    for data in ({"assignee": checker.pk}, {}):
        response = post_step(client, claim, "assign", data)
        assert response.status_code == 403
        assert "Only an editor can assign a claim to a fact-checker." in response.content.decode()
    assert unchanged(claim, Status.NEW, 1)


def test_outsider_without_view_permission_gets_403(client, claim, outsider, checker):
    response = post_step(login(client, outsider), claim, "assign", {"assignee": checker.pk})
    assert response.status_code == 403
    assert unchanged(claim, Status.NEW, 1)


def test_anonymous_post_goes_to_login(client, claim, checker):
    response = post_step(client, claim, "assign", {"assignee": checker.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert unchanged(claim, Status.NEW, 1)


def test_steps_only_answer_post(client, claim, editor):
    assert login(client, editor).get(step_url(claim, "assign")).status_code == 405


def test_unknown_step_and_unknown_claim_are_404(client, claim, editor):
    login(client, editor)
    assert post_step(client, claim, "teleport").status_code == 404
    assert client.post(reverse("claims:transition", args=[claim.pk + 100, "assign"]), {"version": 1}).status_code == 404


def test_step_not_possible_from_this_status_says_so(client, claim, editor):
    response = post_step(login(client, editor), claim, "approve")
    assert response.status_code == 403
    assert "This claim is new: it cannot be approved now." in response.content.decode()


def test_due_date_in_the_past_is_refused_with_the_models_message(client, claim, editor, checker):
    yesterday = datetime.date.today() - datetime.timedelta(days=2)
    response = post_step(login(client, editor), claim, "assign", {"assignee": checker.pk, "due_date": yesterday.isoformat()})
    assert response.status_code == 422
    assert "The due date is in the past." in response.content.decode()
    assert unchanged(claim, Status.NEW, 1)


# --- 409: a stale version ---------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False])
def test_stale_version_is_a_conflict_that_keeps_the_users_input(client, claim, editor, editor2, checker, htmx):
    login(client, editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert 'name="seen_at"' in page
    seen_at = page.split('name="seen_at" value="')[1].split('"')[0]
    claim.transition("assign", editor2, version=claim.version, assignee=checker)  # someone else, meanwhile
    response = client.post(step_url(claim, "dismiss"), {"version": 1, "seen_at": seen_at, "reason": "Not checkable, my reason"},
                           **(HTMX if htmx else {}))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this claim while you were looking at it." in body
    assert "Not checkable, my reason" in body  # kept
    assert "you saw version 1" in body and "(version 2;" in body
    assert "Reload the claim" in body
    # What changed since they loaded the page, from the history.
    # (Assigned without a due date, the claim got its priority's default one: DeadlinePolicy.)
    assert re.search(r"Editor2 assigned it to Checker, due \d+ \w+ \d{4} \(moved it from New to In research\)", body)
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (Status.IN_RESEARCH, 2)


def test_missing_version_is_treated_as_a_conflict(client, claim, editor, checker):
    response = login(client, editor).post(step_url(claim, "assign"), {"assignee": checker.pk}, **HTMX)
    # The form does not parse (no version) but the step is allowed: 422 names the problem.
    assert response.status_code == 422
    assert unchanged(claim, Status.NEW, 1)


# --- 422: input that does not parse --------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False])
def test_assign_without_a_fact_checker_is_422_with_field_error_and_input_kept(client, claim, editor, tomorrow, htmx):
    response = post_step(login(client, editor), claim, "assign", {"assignee": "", "due_date": tomorrow.isoformat()}, htmx=htmx)
    assert response.status_code == 422
    body = response.content.decode()
    assert "This field is required." in body
    assert f'value="{tomorrow.isoformat()}"' in body
    assert unchanged(claim, Status.NEW, 1)


def test_assigning_a_viewer_is_refused(client, claim, editor, viewer):
    response = post_step(login(client, editor), claim, "assign", {"assignee": viewer.pk})
    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()


def test_send_back_needs_a_comment(client, claim, editor, editor2, checker):
    advance(claim, Status.IN_REVIEW, editor=editor, checker=checker)
    response = post_step(login(client, editor2), claim, "send_back", {"comment": "  "})
    assert response.status_code == 422
    assert unchanged(claim, Status.IN_REVIEW, claim.version)


def test_republishing_without_a_public_note_is_422(client, claim, editor, editor2, checker):
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.transition("reopen", editor, version=claim.version, reason="New figures")
    claim.transition("propose", checker, version=claim.version, rating=claim.rating, conclusion="Still false.")
    claim.transition("approve", editor2, version=claim.version)
    response = post_step(login(client, editor2), claim, "publish")
    assert response.status_code == 422
    assert "Public note on the correction" in response.content.decode()
    assert not Correction.objects.exists()


# --- editing details ------------------------------------------------------------------------------------


def details_url(claim):
    return reverse("claims:update_details", args=[claim.pk])


def details_data(claim, **changes):
    data = {"version": claim.version, "text": claim.text, "claimant": claim.claimant, "claimant_url": claim.claimant_url,
            "claim_type": claim.claim_type, "priority": claim.priority, "language": claim.language, "due_date": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize("htmx", [True, False])
def test_editor_edits_details_and_history_records_it(client, claim, editor, htmx):
    response = login(client, editor).post(details_url(claim), details_data(claim, claimant="Agence France-Presse", priority=4),
                                          **(HTMX if htmx else {}))
    assert response.status_code == (200 if htmx else 302)
    claim.refresh_from_db()
    assert (claim.claimant, claim.priority, claim.version) == ("Agence France-Presse", 4, 2)
    assert claim.history.filter(field="claimant", new_value="Agence France-Presse").exists()
    if htmx:
        body = response.content.decode()
        assert 'id="details-card"' in body and 'id="history" aria-labelledby="history-heading" hx-swap-oob="true"' in body


def test_editor_reassigns_a_claim_in_research(client, claim, editor, checker, checker2):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    response = login(client, editor).post(details_url(claim), details_data(claim, assignee=checker2.pk), **HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.assignee == checker2


def test_assigned_checker_edits_wording_but_is_not_offered_assignment(client, claim, editor, checker, checker2):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    login(client, checker)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert 'id="id_details_text"' in page and 'id="id_details_assignee"' not in page
    # A forged assignee is not a field of their form: ignored, the wording is saved.
    response = client.post(details_url(claim), details_data(claim, text="Six nations pledged troops", assignee=checker2.pk), **HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.text, claim.assignee) == ("Six nations pledged troops", checker)


def test_unassigned_checker_and_viewer_cannot_edit_details(client, claim, checker, viewer):
    for user in (checker, viewer):
        response = login(client, user).post(details_url(claim), details_data(claim, text="Changed"), **HTMX)
        assert response.status_code == 403
        assert "Only an editor or the assigned fact-checker can edit this claim." in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Only six nations pledged troops"


def test_details_with_a_javascript_url_are_422(client, claim, editor):
    response = login(client, editor).post(details_url(claim), details_data(claim, claimant_url="javascript:alert(1)"), **HTMX)
    assert response.status_code == 422
    assert "Enter a web address starting with http:// or https://." in response.content.decode()
    claim.refresh_from_db()
    assert claim.claimant_url == ""


@pytest.mark.parametrize("field, value", [("text", "My better wording"), ("language", "de")])
def test_stale_details_edit_is_a_conflict_that_keeps_the_input(client, claim, editor, editor2, field, value):
    before = getattr(claim, field)
    claim.update_details(editor2, version=claim.version, priority=4)
    response = login(client, editor).post(details_url(claim), details_data(claim, version=1, **{field: value}), **HTMX)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this claim" in body and f'value="{value}"' in body and "Reload the claim" in body
    claim.refresh_from_db()
    assert getattr(claim, field) == before
