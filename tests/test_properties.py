"""Property-based tests (hypothesis): arbitrary input to the model's methods and to the workbench's forms
never produces a server error and never a partial write. A change either happens whole or is refused
with a message, and the database is then exactly as before.

Each example runs inside a transaction that is rolled back afterwards, so examples start from the
same claim. Model-level strategies leave out NUL characters: the database cannot store them and the
forms refuse them (Django's CharField), which the view-level tests check with NUL included."""
import datetime
import string
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim, Evidence, Note, Rating, Source
from claims.workflow import TRANSITIONS, EditConflict, TransitionRefused

from .conftest import add_sources
from .every_page import fingerprint

SETTINGS = settings(max_examples=25, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# Text a person might type, hostile text included; no NUL (see the module docstring).
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=400)
ANY_TEXT = st.text(max_size=300)  # NUL and all, for the forms
URLS = st.one_of(
    TEXT,
    st.builds(lambda scheme, rest: f"{scheme}:{rest}",
              st.sampled_from(["http", "https", "javascript", "data", "file", "ftp", "HTTPS", "JaVaScRiPt", "vbscript"]),
              st.text(alphabet=string.printable, max_size=60)),
)


@contextmanager
def rolled_back():
    """Run one example and undo everything it wrote."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def researched(claim, editor, checker):
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    add_sources(claim, checker, n=1)
    return Claim.objects.get(pk=claim.pk)


def assert_nothing_written(before):
    assert fingerprint() == before, "a refused change wrote something"


# --- the model's methods ------------------------------------------------------------------------------

@SETTINGS
@given(body=TEXT)
def test_add_note_stores_exactly_the_note_or_refuses(researched, checker, body):
    with rolled_back():
        before = fingerprint()
        try:
            note = researched.add_note(checker, body)
        except TransitionRefused as refusal:
            assert refusal.message
            assert_nothing_written(before)
        else:
            assert Note.objects.get(pk=note.pk).body == body.strip() != ""


@SETTINGS
@given(
    step=st.one_of(st.sampled_from([t.name for t in TRANSITIONS]), TEXT),
    actor_name=st.sampled_from(["editor", "editor2", "checker", "checker2", "viewer", "outsider"]),
    version=st.one_of(st.none(), st.integers(-5, 10), st.sampled_from(["2", "x", "", "1e3"])),
    inputs=st.fixed_dictionaries({}, optional={
        "reason": TEXT, "comment": TEXT, "conclusion": TEXT, "justification": TEXT, "public_note": TEXT,
        "due_date": st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)),
        "rating": st.sampled_from(["false", "true", "unverifiable"]),
        "assignee": st.sampled_from(["checker", "checker2", "viewer", "editor"]),
    }),
)
def test_transition_happens_whole_or_not_at_all(request, researched, step, actor_name, version, inputs):
    people = {n: request.getfixturevalue(n) for n in ["editor", "editor2", "checker", "checker2", "viewer", "outsider"]}
    if "rating" in inputs:
        inputs["rating"] = Rating.objects.get(slug=inputs["rating"])
    if "assignee" in inputs:
        inputs["assignee"] = people[inputs["assignee"]]
    with rolled_back():
        claim = Claim.objects.get(pk=researched.pk)
        before = fingerprint()
        old_version, steps = claim.version, claim.history.filter(action="status").count()
        try:
            claim.transition(step, people[actor_name], version=version, **inputs)
        except TransitionRefused as refusal:
            assert refusal.message
            assert_nothing_written(before)
        else:
            fresh = Claim.objects.get(pk=claim.pk)
            assert fresh.version == old_version + 1 and fresh.status == claim.status
            assert fresh.history.filter(action="status").count() == steps + 1


@SETTINGS
@given(changes=st.fixed_dictionaries({}, optional={
    "text": TEXT, "claimant": TEXT, "claimant_url": URLS, "claim_type": st.one_of(st.sampled_from(["quantity", "other"]), TEXT),
    "priority": st.one_of(st.integers(-3, 8), st.just(10**12)),
    "due_date": st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))),
}), actor_name=st.sampled_from(["editor", "checker", "checker2", "viewer"]), stale=st.booleans())
def test_update_details_is_whole_or_refused(request, researched, changes, actor_name, stale):
    actor = request.getfixturevalue(actor_name)
    with rolled_back():
        claim = Claim.objects.get(pk=researched.pk)
        before = fingerprint()
        try:
            claim.update_details(actor, version=claim.version - stale, **changes)
        except (TransitionRefused, ValidationError) as refusal:
            assert str(refusal)
            if stale:
                # Who the person is is asked before the version: someone who may not make the first
                # kind of change is refused for that, anyone else is told their page is stale.
                first_action = sorted({Claim.DETAIL_RULES[f] for f in changes} or {"edit_details"})[0]
                assert isinstance(refusal, EditConflict) == (claim._role_refusal(first_action, actor) is None)
            assert_nothing_written(before)
        else:
            fresh = Claim.objects.get(pk=claim.pk)
            for field, value in changes.items():
                assert getattr(fresh, field) == value
            if fresh.claimant_url:
                assert fresh.claimant_url.lower().startswith(("http://", "https://"))


@SETTINGS
@given(url=URLS, title=TEXT, publisher=TEXT, stance=st.one_of(st.sampled_from(["supports", "refutes", "context"]), TEXT),
       excerpt=TEXT, actor_name=st.sampled_from(["editor", "checker", "checker2", "viewer"]))
def test_add_evidence_saves_source_and_evidence_together_or_neither(request, researched, url, title, publisher,
                                                                     stance, excerpt, actor_name):
    actor = request.getfixturevalue(actor_name)
    with rolled_back():
        claim = Claim.objects.get(pk=researched.pk)
        before = fingerprint()
        try:
            evidence = claim.add_evidence(actor, Source(url=url, title=title, publisher=publisher), stance, excerpt)
        except (TransitionRefused, ValidationError) as refusal:
            assert str(refusal)
            assert_nothing_written(before)
        else:
            stored = Evidence.objects.select_related("source").get(pk=evidence.pk)
            # Only web addresses are ever stored (never javascript:, data:, file: ...).
            assert stored.source.url.lower().startswith(("http://", "https://"))
            assert stored.stance in Evidence.Stance.values


# --- the forms, through the views ---------------------------------------------------------------------

FORMS = {
    "notes": ["body"],
    "details": ["version", "text", "claimant", "claimant_url", "claim_type", "priority", "assignee", "due_date", "seen_at"],
    "evidence": ["source", "stance", "excerpt", "source-url", "source-title", "source-publisher", "source-published_on",
                 "source-accessed_on", "source-archive_url", "source-is_primary"],
    "steps/propose": ["version", "rating", "conclusion", "justification", "seen_at"],
    "steps/assign": ["version", "assignee", "due_date"],
    "steps/send_back": ["version", "comment"],
    "steps/dismiss": ["version", "reason"],
}


def form_data(fields):
    values = st.one_of(ANY_TEXT, st.integers(-10, 10**6).map(str), st.sampled_from(["1", "2", "", "https://example.org/a",
                                                                                      "javascript:alert(1)", "2026-13-45"]))
    return st.dictionaries(st.sampled_from(fields), values)


@pytest.mark.parametrize("endpoint", list(FORMS))
def test_the_forms_never_fail_and_never_write_half(client, researched, editor, checker, endpoint):
    client.force_login(checker if endpoint in ("notes", "evidence", "steps/propose") else editor)

    @SETTINGS
    @given(data=form_data(FORMS[endpoint]), htmx=st.booleans())
    def post(data, htmx):
        with rolled_back():
            before = fingerprint()
            headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
            response = client.post(f"/claims/{researched.pk}/{endpoint}/", data, **headers)
            assert response.status_code < 500
            if response.status_code >= 400:
                assert_nothing_written(before)

    post()
