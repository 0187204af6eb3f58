"""A desk in the middle of its week, for `manage.py loadseed --demo-users` (development only): the seed
article's claims spread over every status, with evidence, sources, notes, assignments and due dates
(two overdue), four published fact-checks, one of them corrected, and history over the past three weeks.

Demo data, and said to be: the organisation is named "Demo Desk Fact Check" (when its name was still
the default), sources live under https://example.org/demo/, and every claim carries a note saying where
it came from.

Every change goes through the model's own methods (Claim.transition, add_evidence, add_note), so the
history, versions, corrections and notifications are exactly what the workbench writes. To date them
over past weeks, those methods run with the clock set back (clock_at): the records are written with the
right time instead of being rewritten afterwards (history, notes and corrections are append-only, and on
PostgreSQL a trigger refuses any UPDATE of them)."""
import datetime
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from .models import Evidence, Organisation, Rating, Source
from .workflow import Status

DEMO_ORGANISATION = "Demo Desk Fact Check"
NOTE = "Demo data: made by manage.py loadseed --demo-users to show a desk mid-week."

# How many days ago each seed claim was opened, in the seed's order: the older ones went further.
OPENED_DAYS_AGO = [21, 20, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4]

# How long a step takes on the demo desk, at most.
STEP_TIME = datetime.timedelta(hours=36)
MIN_GAP = datetime.timedelta(hours=5)

# Demo sources, cited by several claims (the source picker shows how often).
SOURCES = {
    "eeas": ("European External Action Service: the High Representative", "EEAS"),
    "estonia": ("Government of Estonia: former prime ministers", "Government of Estonia"),
    "consilium": ("Council of the EU: meeting of defence ministers, outcome", "Council of the EU"),
    "uk-mod": ("UK Ministry of Defence: Defence Secretary's statement", "UK Ministry of Defence"),
    "elysee": ("Élysée: joint statement on Ukraine", "Présidence de la République"),
    "reuters": ("Wire report: coalition talks in Brussels", "Wire service"),
    "kremlin": ("Kremlin statement on foreign troops in Ukraine", "Kremlin"),
    "scrf": ("Security Council of the Russian Federation: members", "Security Council of Russia"),
    "state-dept": ("US State Department briefing", "US State Department"),
}

# What happens to each seed claim (by its text), in the order it happened. Each step is
# (what, arguments); the people are the demo accounts.
E, E2, C, C2 = "editor", "editor2", "checker", "checker2"
CONCLUSIONS = {
    "true": "The record confirms it: {claim} The official sources listed below say so in as many words.",
    "mostly-true": "Broadly right. The sources confirm the substance, but the wording leaves out a detail that matters.",
    "half-true": "Partly right. One part is confirmed by the sources below; the other rests on officials who were not named.",
    "mostly-false": "Mostly wrong. The sources show a more hedged position than the claim suggests.",
    "false": "Wrong. The sources below show the opposite.",
}


def _researched(checker, sources, rating, *, overdue=False, propose=True):
    steps = [("assign", {"assignee": checker, "overdue": overdue})]
    steps += [("evidence", {"by": checker, "source": key, "stance": stance}) for key, stance in sources]
    steps.append(("note", {"by": checker, "body": "Checked the primary source first; the wire copy agrees."}))
    if propose:
        steps.append(("propose", {"by": checker, "rating": rating}))
    return steps


PLAN = {
    # Published, then corrected: a new verdict with a public note.
    "Kaja Kallas is Estonia's Prime Minister": _researched(C, [("estonia", "refutes"), ("eeas", "refutes")], "false") + [
        ("approve", {"by": E2}), ("publish", {"by": E}),
        ("reopen", {"by": E, "reason": "A reader pointed out she held the office until July 2024."}),
        ("propose", {"by": C, "rating": "mostly-false",
                     "conclusion": "Out of date rather than invented: Kaja Kallas was Estonia's Prime Minister until "
                                   "July 2024 and is now the EU's foreign policy chief."}),
        ("approve", {"by": E2}),
        ("publish", {"by": E, "public_note": "We first rated this False; she held the office until July 2024, so "
                                             "the statement is out of date rather than invented."}),
    ],
    "Kallas is the EU's foreign policy chief": _researched(C2, [("eeas", "supports"), ("consilium", "supports")], "true")
    + [("approve", {"by": E}), ("publish", {"by": E2})],
    "Only six nations pledged troops to the coalition": _researched(
        C, [("reuters", "supports"), ("uk-mod", "context")], "half-true") + [("approve", {"by": E2}), ("publish", {"by": E})],
    "Medvedev is deputy chair of Russia's Security Council": _researched(
        C2, [("scrf", "supports"), ("kremlin", "context")], "true") + [("approve", {"by": E}), ("publish", {"by": E})],
    # Verified: approved, waiting to be published.
    "Starmer and Macron offered to lead a coalition with troops and aircraft": _researched(
        C, [("elysee", "supports"), ("uk-mod", "supports")], "mostly-true") + [("approve", {"by": E2})],
    "Washington has already rejected US involvement in the force": _researched(
        C2, [("state-dept", "refutes"), ("reuters", "context")], "mostly-false") + [("approve", {"by": E})],
    # In review: a verdict proposed, waiting for an editor who did not propose it.
    "US–Russia peace talks excluded the EU and the UK": _researched(C, [("reuters", "supports"), ("eeas", "context")], "true"),
    "Healey said UK planning is real, substantial and well developed": _researched(
        C2, [("uk-mod", "supports"), ("reuters", "supports")], "true"),
    "Moscow has consistently warned the West against sending troops": _researched(
        C, [("kremlin", "supports"), ("scrf", "context")], "true"),
    # In research: assigned, some sources in; two overdue.
    "Kallas said European nations disagree on sending a peacekeeping force": _researched(
        C2, [("consilium", "supports")], "", propose=False),
    "Kallas acknowledged no consensus in the coalition on a joint force": _researched(C, [], "", propose=False),
    "The sixth nation pledging troops was not named": _researched(C, [("reuters", "supports")], "", overdue=True,
                                                                   propose=False),
    "Medvedev warned troops in Ukraine would mean NATO–Russia war": _researched(
        C2, [("kremlin", "supports")], "", overdue=True, propose=False),
    # Dismissed.
    "Kallas: member states have different opinions, talks ongoing": [
        ("dismiss", {"by": E, "reason": "A description of a debate, not a checkable fact."})],
}


@contextmanager
def clock_at(moment):
    """Run with django.utils.timezone.now() answering `moment`: every default timestamp (created_at,
    auto_now, history) and every "today" the model checks (a due date in the past) follow it.
    timezone.now() reads the name `datetime` from its module at each call, so replacing that one name
    is enough; nothing else in the process is touched, and only for the block."""
    moment = moment.astimezone(datetime.UTC)

    class SetBack(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)

    with mock.patch("django.utils.timezone.datetime", SetBack):
        yield


def opened_at(number, now=None):
    """When the seed's claim `number` (0-based, seed order) was opened on the demo desk."""
    now = now or timezone.now()
    days = OPENED_DAYS_AGO[number % len(OPENED_DAYS_AGO)]
    return now - datetime.timedelta(days=days, hours=3 * (number % 4))


def is_built(article):
    """Whether the demo desk is in place: any seed claim that left "new" says it is (or that people
    are working on the desk), and it is not built again."""
    return article.claims.exclude(status=Status.NEW).exists() or Evidence.objects.filter(claim__article=article).exists()


def build(article, now=None):
    """Walk the article's claims through the PLAN. Returns the number of claims moved."""
    now = now or timezone.now()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[E, E2, C, C2])}
    ratings = {r.slug: r for r in Rating.objects.all()}
    organisation = Organisation.current()
    if organisation.name == Organisation._meta.get_field("name").default:
        organisation.name = DEMO_ORGANISATION
        organisation.save(update_fields=["name"])
    sources = {}
    moved = 0
    for claim in article.claims.order_by("start", "pk"):
        steps = PLAN.get(claim.text)
        if steps is None:
            continue
        # After everything already in the claim's history (its creation, at least).
        last_recorded = claim.history.aggregate(last=Max("created_at"))["last"] or claim.created_at
        start = max(last_recorded, now - datetime.timedelta(days=22))
        # A step every day and a half or so: the claims opened weeks ago went all the way long ago, the
        # newest are still moving (the last of them a couple of hours ago).
        end = min(now - datetime.timedelta(hours=2), start + STEP_TIME * len(steps))
        if end <= start:
            # Opened moments ago (the seed was loaded before, without the demo desk): the steps follow
            # in the minutes since, still after the claim's creation.
            end = now
        gap = (end - start) / len(steps)
        with clock_at(start + gap / 2):
            claim.add_note(users[E], NOTE)
        for n, (what, args) in enumerate(steps, start=1):
            # Not every step on the hour of the last: a few minutes to two hours either way, where the
            # steps are far enough apart to stay in order.
            jitter = datetime.timedelta(minutes=(n * 47 + claim.pk * 31) % 240 - 120) if gap > MIN_GAP else datetime.timedelta()
            with clock_at(start + gap * n + jitter):
                _take_step(claim, what, dict(args), users, ratings, sources, today=timezone.localdate(now))
        moved += 1
    return moved


def _take_step(claim, what, args, users, ratings, sources, *, today):
    """One step of the PLAN, on the clock the caller set (clock_at); `today` is the desk's real today."""
    by = users[args.pop("by", E)]
    if what == "assign":
        assigned_on = timezone.localdate()
        # The overdue ones were due two days after they were assigned, and by yesterday at the latest
        # (never before the day they were assigned: the model refuses a due date in the past): one
        # assigned in the last two days would otherwise be overdue or not by the hour the desk is built.
        # The others have weeks left.
        if args["overdue"]:
            due = max(assigned_on, min(assigned_on + datetime.timedelta(days=2), today - datetime.timedelta(days=1)))
        else:
            due = assigned_on + datetime.timedelta(days=28)
        claim.transition("assign", by, version=claim.version, assignee=users[args["assignee"]], due_date=due)
    elif what == "evidence":
        key = args["source"]
        if key not in sources:
            title, publisher = SOURCES[key]
            existing = Source.objects.filter(url=f"https://example.org/demo/{key}").first()
            sources[key] = existing or Source(url=f"https://example.org/demo/{key}", title=title, publisher=publisher,
                                              is_primary=key not in {"reuters"})
        claim.add_evidence(by, sources[key], args["stance"],
                           excerpt="The passage that bears on the claim, quoted from the source.")
    elif what == "note":
        claim.add_note(by, args["body"])
    elif what == "propose":
        rating = ratings[args["rating"]]
        conclusion = args.get("conclusion") or CONCLUSIONS[rating.slug].format(claim=claim.text + ".")
        claim.transition("propose", by, version=claim.version, rating=rating, conclusion=conclusion)
    else:
        claim.transition(what, by, version=claim.version, **args)
