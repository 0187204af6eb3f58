"""The verification workflow, cell by cell: every status × every step × every kind of user.

The expectations below are written out by hand from the specification (issue #2), not read from
claims/workflow.py, so a change to the table that breaks the rules fails here."""
import pytest

from claims.models import Correction, HistoryEntry, Rating
from claims.workflow import TRANSITIONS, EditConflict, NotReady, Status, TransitionRefused

from .conftest import add_sources, advance

S = Status
ALL_STATUSES = list(Status)
ACTORS = ["editor", "editor2", "checker", "checker2", "viewer", "outsider", "superuser"]

# (step, status) -> who may make the step from that status. In the set-up, "editor" assigns,
# "checker" is the assignee and proposes the verdict; "editor2" and "checker2" are uninvolved.
ALLOWED = {
    ("assign", S.NEW): {"editor", "editor2", "superuser"},
    ("take", S.NEW): {"checker", "checker2", "superuser"},
    ("dismiss", S.NEW): {"editor", "editor2", "superuser"},
    ("restore", S.DISMISSED): {"editor", "editor2", "superuser"},
    ("propose", S.IN_RESEARCH): {"editor", "editor2", "checker", "superuser"},
    ("send_back", S.IN_REVIEW): {"editor", "editor2", "checker2", "superuser"},
    ("approve", S.IN_REVIEW): {"editor", "editor2", "superuser"},
    ("publish", S.VERIFIED): {"editor", "editor2", "superuser"},
    ("reopen", S.VERIFIED): {"editor", "editor2", "superuser"},
    ("reopen", S.PUBLISHED): {"editor", "editor2", "superuser"},
}
TARGET = {
    "assign": S.IN_RESEARCH, "take": S.IN_RESEARCH, "dismiss": S.DISMISSED, "restore": S.NEW,
    "propose": S.IN_REVIEW, "send_back": S.IN_RESEARCH, "approve": S.VERIFIED, "publish": S.PUBLISHED,
    "reopen": S.IN_RESEARCH,
}
ROLE_REFUSALS = {
    "assign": "Only an editor can assign a claim to a fact-checker.",
    "take": "Only a fact-checker can take a claim for themselves.",
    "dismiss": "Only an editor can dismiss a claim.",
    "restore": "Only an editor can restore a dismissed claim.",
    "propose": "Only the assigned fact-checker or an editor can propose a verdict.",
    "send_back": "Only an editor or a fact-checker can send a verdict back.",
    "approve": "Only an editor who did not propose this verdict can approve it.",
    "publish": "Only an editor can publish a claim.",
    "reopen": "Only an editor can reopen a claim.",
}
WRONG_STATUS = {
    "assign": "assigned", "take": "taken", "dismiss": "dismissed", "restore": "restored",
    "propose": "given a proposed verdict", "send_back": "sent back", "approve": "approved",
    "publish": "published", "reopen": "reopened",
}
STEP_NAMES = list(TARGET)


def test_the_table_declares_exactly_the_specified_steps():
    declared = {(t.name, status) for t in TRANSITIONS for status in t.sources}
    assert declared == set(ALLOWED)
    assert {t.name: t.target for t in TRANSITIONS} == TARGET


def step_data(name, people, rating):
    return {
        "assign": {"assignee": people["checker"]},
        "dismiss": {"reason": "Opinion, not a factual claim"},
        "propose": {"rating": rating, "conclusion": "The record shows otherwise."},
        "send_back": {"comment": "Find the primary source."},
        "reopen": {"reason": "New evidence came to light"},
    }.get(name, {})


@pytest.mark.parametrize("actor_name", ACTORS)
@pytest.mark.parametrize("status", ALL_STATUSES)
@pytest.mark.parametrize("name", STEP_NAMES)
def test_transition_matrix(request, claim, name, status, actor_name):
    people = {n: request.getfixturevalue(n) for n in ACTORS}
    advance(claim, status, editor=people["editor"], checker=people["checker"], approver=people["editor2"])
    if name == "propose" and status == S.IN_RESEARCH:
        add_sources(claim, people["checker"])
    actor = people[actor_name]
    history_before = claim.history.count()
    version_before = claim.version
    data = step_data(name, people, Rating.objects.get(slug="false"))

    if actor_name in ALLOWED.get((name, status), set()):
        claim.transition(name, actor, version=claim.version, **data)
        claim.refresh_from_db()
        assert claim.status == TARGET[name]
        assert claim.version == version_before + 1
        last = claim.history.filter(action=HistoryEntry.Action.STATUS).last()
        assert (last.old_value, last.new_value, last.actor) == (status, TARGET[name], actor)
    else:
        with pytest.raises(TransitionRefused) as refused:
            claim.transition(name, actor, version=claim.version, **data)
        if (name, status) not in ALLOWED:
            assert refused.value.message == (
                f"This claim is {status.label.lower()}: it cannot be {WRONG_STATUS[name]} now."
            )
        elif name == "send_back" and actor_name == "checker":
            assert refused.value.message == "You proposed this verdict: someone else must review it."
        else:
            assert refused.value.message == ROLE_REFUSALS[name]
        claim.refresh_from_db()
        assert (claim.status, claim.version, claim.history.count()) == (status, version_before, history_before)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_buttons_offered_match_what_the_model_allows(request, claim, status):
    people = {n: request.getfixturevalue(n) for n in ACTORS}
    advance(claim, status, editor=people["editor"], checker=people["checker"], approver=people["editor2"])
    for actor_name, actor in people.items():
        offered = {t.name for t in claim.allowed_transitions(actor)}
        expected = {name for (name, st), who in ALLOWED.items() if st == status and actor_name in who}
        assert offered == expected, actor_name


# --- the four-eyes rule ---------------------------------------------------------------------------


def test_editor_cannot_approve_own_verdict(claim, editor, editor2, checker):
    advance(claim, S.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker)
    claim.transition("propose", editor, version=claim.version, rating=Rating.objects.get(slug="true"), conclusion="Right.")
    with pytest.raises(TransitionRefused, match="Only an editor who did not propose this verdict can approve it"):
        claim.transition("approve", editor, version=claim.version)
    claim.transition("approve", editor2, version=claim.version)
    assert claim.status == S.VERIFIED and claim.approved_by == editor2


def test_superuser_cannot_approve_own_verdict_either(claim, superuser, checker):
    advance(claim, S.IN_RESEARCH, editor=superuser, checker=checker)
    add_sources(claim, checker)
    claim.transition("propose", superuser, version=claim.version, rating=Rating.objects.get(slug="true"), conclusion="Right.")
    with pytest.raises(TransitionRefused, match="did not propose"):
        claim.transition("approve", superuser, version=claim.version)


def test_proposer_is_not_offered_approve(claim, editor, editor2, checker):
    advance(claim, S.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker)
    claim.transition("propose", editor, version=claim.version, rating=Rating.objects.get(slug="true"), conclusion="Right.")
    assert "approve" not in {t.name for t in claim.allowed_transitions(editor)}
    assert "approve" in {t.name for t in claim.allowed_transitions(editor2)}


# --- what each step needs -------------------------------------------------------------------------


def test_assign_requires_a_fact_checker(claim, editor, viewer):
    with pytest.raises(TransitionRefused, match="Choose the fact-checker to assign"):
        claim.transition("assign", editor, version=claim.version)
    with pytest.raises(TransitionRefused, match="is not a fact-checker"):
        claim.transition("assign", editor, version=claim.version, assignee=viewer)
    assert claim.status == S.NEW


def test_assign_records_assignee_and_due_date(claim, editor, checker, tomorrow):
    claim.transition("assign", editor, version=claim.version, assignee=checker, due_date=tomorrow)
    claim.refresh_from_db()
    assert (claim.assignee, claim.due_date) == (checker, tomorrow)
    fields = set(claim.history.filter(action=HistoryEntry.Action.ASSIGNMENT).values_list("field", flat=True))
    assert fields == {"assignee", "due_date"}


def test_assign_refuses_a_due_date_in_the_past(claim, editor, checker, tomorrow):
    import datetime

    with pytest.raises(TransitionRefused, match="due date is in the past"):
        claim.transition("assign", editor, version=claim.version, assignee=checker,
                         due_date=tomorrow - datetime.timedelta(days=3))


def test_checker_takes_a_claim_for_themselves(claim, checker):
    claim.transition("take", checker, version=claim.version)
    assert claim.assignee == checker and claim.status == S.IN_RESEARCH


def test_dismiss_requires_a_reason(claim, editor):
    with pytest.raises(TransitionRefused, match="Give a reason"):
        claim.transition("dismiss", editor, version=claim.version, reason="   ")
    claim.transition("dismiss", editor, version=claim.version, reason="Opinion")
    assert claim.history.last().comment == "Opinion"


def test_verdict_needs_evidence(claim, editor, checker, rating_false):
    advance(claim, S.IN_RESEARCH, editor=editor, checker=checker)
    with pytest.raises(TransitionRefused, match="at least one piece of evidence"):
        claim.transition("propose", checker, version=claim.version, rating=rating_false, conclusion="False.")


def test_verdict_needs_rating_and_conclusion(claim, editor, checker, rating_false):
    advance(claim, S.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker)
    with pytest.raises(TransitionRefused, match="Choose a rating"):
        claim.transition("propose", checker, version=claim.version, conclusion="False.")
    with pytest.raises(TransitionRefused, match="Write the conclusion"):
        claim.transition("propose", checker, version=claim.version, rating=rating_false, conclusion=" ")


def test_a_single_source_needs_a_written_justification(claim, editor, checker, rating_false):
    advance(claim, S.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, checker, n=1)
    with pytest.raises(TransitionRefused, match="single source"):
        claim.transition("propose", checker, version=claim.version, rating=rating_false, conclusion="False.")
    claim.transition("propose", checker, version=claim.version, rating=rating_false, conclusion="False.",
                     justification="The official register is the only authority on this.")
    assert claim.source_justification.startswith("The official register")
    assert claim.proposed_by == checker and claim.rating == rating_false


def test_send_back_needs_a_comment(claim, editor, checker):
    advance(claim, S.IN_REVIEW, editor=editor, checker=checker)
    with pytest.raises(TransitionRefused, match="Say what needs more work"):
        claim.transition("send_back", editor, version=claim.version)


# --- publishing and corrections -------------------------------------------------------------------


def test_first_publication_records_no_correction(claim, editor, editor2, checker):
    advance(claim, S.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    assert claim.published_at is not None
    assert claim.published_rating == claim.rating
    assert not Correction.objects.exists()


def test_reopen_needs_a_reason(claim, editor, editor2, checker):
    advance(claim, S.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    with pytest.raises(TransitionRefused, match="Give a reason"):
        claim.transition("reopen", editor, version=claim.version)


def test_publishing_again_records_a_correction(claim, editor, editor2, checker, rating_false, rating_true):
    advance(claim, S.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    first_published = claim.published_at
    claim.transition("reopen", editor, version=claim.version, reason="The minister's office sent the register")
    claim.transition("propose", checker, version=claim.version, rating=rating_true, conclusion="It is true after all.")
    claim.transition("approve", editor2, version=claim.version)
    with pytest.raises(TransitionRefused, match="public note"):
        claim.transition("publish", editor2, version=claim.version)
    assert not Correction.objects.exists()

    claim.transition("publish", editor2, version=claim.version, public_note="We misread the register.")
    correction = Correction.objects.get()
    assert (correction.old_rating, correction.new_rating) == (rating_false, rating_true)
    assert correction.public_note == "We misread the register."
    assert correction.corrected_by == editor2
    assert correction.old_conclusion == "It is false." and correction.new_conclusion == "It is true after all."
    claim.refresh_from_db()
    assert claim.published_at == first_published
    assert claim.last_published_at > first_published
    assert claim.published_rating == rating_true
    entry = claim.history.get(action=HistoryEntry.Action.CORRECTION)
    assert (entry.old_value, entry.new_value, entry.comment) == ("False", "True", "We misread the register.")


def test_proposing_again_clears_the_previous_approval(claim, editor, editor2, checker, rating_true):
    advance(claim, S.VERIFIED, editor=editor, checker=checker, approver=editor2)
    claim.transition("reopen", editor, version=claim.version, reason="More to check")
    assert claim.approved_by is None
    claim.transition("propose", checker, version=claim.version, rating=rating_true, conclusion="True.")
    assert claim.approved_by is None and claim.status == S.IN_REVIEW


# --- optimistic locking ---------------------------------------------------------------------------


def test_stale_version_is_refused_and_changes_nothing(claim, editor, editor2, checker):
    seen = claim.version
    claim.transition("assign", editor, version=seen, assignee=checker)
    history_before = claim.history.count()
    stale_copy = type(claim).objects.get(pk=claim.pk)
    with pytest.raises(EditConflict, match="Someone else changed this claim") as conflict:
        stale_copy.transition("assign", editor2, version=seen, assignee=checker)
    assert conflict.value.current_version == seen + 1
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.history.count()) == (S.IN_RESEARCH, seen + 1, history_before)


def test_missing_version_is_a_conflict(claim, editor, checker):
    with pytest.raises(EditConflict):
        claim.transition("assign", editor, version=None, assignee=checker)


def test_unknown_step_is_refused(claim, editor):
    with pytest.raises(TransitionRefused, match="not a step of the workflow"):
        claim.transition("delete_everything", editor, version=claim.version)


# --- edits outside the workflow -------------------------------------------------------------------


def test_editor_edits_wording_with_history(claim, editor):
    claim.update_details(editor, version=claim.version, text="Six nations pledged troops", priority=4)
    claim.refresh_from_db()
    assert claim.text == "Six nations pledged troops" and claim.priority == 4 and claim.version == 2
    entry = claim.history.get(field="text")
    assert (entry.old_value, entry.new_value) == ("Only six nations pledged troops", "Six nations pledged troops")


def test_viewer_and_unassigned_checker_cannot_edit(claim, viewer, checker2):
    for user in (viewer, checker2):
        with pytest.raises(TransitionRefused, match="Only an editor or the assigned fact-checker"):
            claim.update_details(user, version=claim.version, text="Changed")
    claim.refresh_from_db()
    assert claim.text == "Only six nations pledged troops"


def test_assignee_cannot_reassign(claim, editor, checker, checker2):
    advance(claim, S.IN_RESEARCH, editor=editor, checker=checker)
    with pytest.raises(TransitionRefused, match="Only an editor can change who"):
        claim.update_details(checker, version=claim.version, assignee=checker2)
    claim.update_details(editor, version=claim.version, assignee=checker2)
    assert claim.assignee == checker2


def test_stale_detail_edit_is_refused(claim, editor):
    seen = claim.version
    claim.update_details(editor, version=seen, text="First edit")
    with pytest.raises(EditConflict):
        claim.update_details(editor, version=seen, text="Second edit from an old page")
    claim.refresh_from_db()
    assert claim.text == "First edit"


def test_over_long_wording_is_refused(claim, editor):
    from claims.workflow import NotReady

    with pytest.raises(NotReady, match="at most 300 characters"):
        claim.update_details(editor, version=claim.version, text="x" * 301)
    claim.refresh_from_db()
    assert claim.version == 1 and claim.history.count() == 1


# --- evidence and notes ---------------------------------------------------------------------------


def test_evidence_only_by_editor_or_assignee(claim, editor, checker, checker2, viewer):
    advance(claim, S.IN_RESEARCH, editor=editor, checker=checker)
    from claims.models import Source

    for user in (checker2, viewer):
        with pytest.raises(TransitionRefused, match="Only an editor or the assigned fact-checker can add evidence"):
            claim.add_evidence(user, Source(url="https://example.org/a", title="A"), "supports")
    claim.add_evidence(checker, Source(url="https://example.org/a", title="A"), "supports", "  quoted  ")
    assert claim.evidence.get().excerpt == "quoted"


def test_evidence_refuses_non_http_urls(claim, editor, checker):

    from claims.models import Source

    advance(claim, S.IN_RESEARCH, editor=editor, checker=checker)
    for url in ("javascript:alert(1)", "ftp://example.org/x", "file:///etc/passwd", "data:text/html,hi"):
        with pytest.raises(NotReady, match="http:// or https://"):
            claim.add_evidence(checker, Source(url=url, title="Bad"), "supports")
    assert not claim.evidence.exists() and not Source.objects.exists()


def test_notes_by_any_researcher_but_not_viewers(claim, checker2, viewer):
    note = claim.add_note(checker2, "  Called the ministry.  ")
    assert note.body == "Called the ministry."
    with pytest.raises(TransitionRefused, match="Viewers can read notes"):
        claim.add_note(viewer, "Hello")
    with pytest.raises(TransitionRefused, match="cannot be empty"):
        claim.add_note(checker2, "   ")
