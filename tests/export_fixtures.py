"""Claims in every state the exports must handle, shared by the export, ClaimReview, public page and
backup tests: a published claim with sources, notes and a correction; a claim published once then
reopened and in research; a dismissed claim; a claim with no claimant."""
import pytest

from claims.models import Claim, Organisation, Rating
from claims.workflow import Status

from .conftest import advance


def claim_at(article, quote, text, **fields):
    start = article.body.index(quote)
    return Claim.create_from_span(article, start, start + len(quote), text=text, **fields)


def republish_with_correction(claim, *, editor, checker, rating, note):
    """Publish `claim` again after a reopen, with a new verdict: the workflow records a Correction."""
    claim.transition("reopen", editor, version=claim.version, reason="A reader sent new figures")
    claim.transition("propose", checker, version=claim.version, rating=rating, conclusion="It is half true after all.")
    claim.transition("approve", editor, version=claim.version)
    claim.transition("publish", editor, version=claim.version, public_note="We corrected the verdict after new figures.")
    return claim


@pytest.fixture
def organisation(db):
    organisation = Organisation.current()
    organisation.name = "Example Fact Check"
    organisation.url = "https://factcheck.example.org/"
    organisation.public_base_url = "https://checks.example.org/"
    organisation.save()
    return organisation


@pytest.fixture
def newsroom(article, organisation, editor, editor2, checker, checker2):
    """{name: claim} over the conftest article, in the states above."""
    article.url = "https://news.example.org/coalition"
    article.published_on = "2026-11-20"
    article.author = "A. Reporter"
    article.save()
    article.refresh_from_db()
    published = claim_at(article, "Only six nations have pledged troops", "Only six nations pledged troops",
                         claimant="AFP", claimant_url="https://www.afp.com/", claimant_kind="Organization",
                         claim_type="quantity")
    advance(published, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    published.add_note(checker, "Called the ministry; internal note, not for readers.")
    corrected = claim_at(article, "ruled out sending Italian troops", "Meloni ruled out sending Italian troops",
                         claimant="Giorgia Meloni")
    advance(corrected, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    republish_with_correction(corrected, editor=editor2, checker=checker, rating=Rating.objects.get(slug="half-true"),
                              note="We corrected the verdict after new figures.")
    no_claimant = claim_at(article, "the plan would cost 2 billion euros", "The plan would cost 2 billion euros")
    advance(no_claimant, Status.IN_REVIEW, editor=editor, checker=checker)
    dismissed = claim_at(article, "AFP reported on Friday", "AFP reported it on Friday")
    advance(dismissed, Status.DISMISSED, editor=editor, checker=checker)
    return {"published": published, "corrected": corrected, "in_review": no_claimant, "dismissed": dismissed}
