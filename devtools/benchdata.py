"""A newsroom-sized data set for the benchmark (`python manage.py bench`).

100,000 claims over 2,000 articles by default, with the people, sources, evidence, notes and history
a desk accumulates in about a year, plus the two outliers every newsroom has: one claim argued over
at length (20 evidence items, 30 notes, 50 history entries) and one article with 200 claims.

Written for speed, not through the workflow: rows are generated as plain values with explicit ids
and written with PostgreSQL's COPY (bulk_create elsewhere), then sequences are reset and the
planner's statistics refreshed. The result is deterministic for a given size (fixed random seed),
so two runs on two machines measure the same data.

Building is idempotent: the set is recognised by its articles' URLs. A second build of the same
size reuses it; a build of another size is refused (recreate the database instead, since history
and notes are append-only and cannot be deleted).
"""
import datetime
import hashlib
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from claims.anchoring import CONTEXT
from claims.models import TALLIES, Article, Claim, Evidence, HistoryEntry, Note, Rating, Source, StageVisit, compact_tallies
from claims.workflow import Status

BENCH_URL = "https://bench.example.org/"
BIG_ARTICLE_URL = BENCH_URL + "articles/the-big-one"
BIG_CLAIM_CLAIMANT_URL = BENCH_URL + "claimants/the-argued-one"
USER_PREFIX = "bench-"
PASSWORD = "bench-password-not-secret"
# The word the benchmark searches for: in about 1.5% of claims (their subject or their article's
# headline), which is how selective a real search box query tends to be.
SEARCH_WORD = "unemployment"

BIG_ARTICLE_CLAIMS = 200
BIG_CLAIM_EVIDENCE, BIG_CLAIM_NOTES, BIG_CLAIM_HISTORY = 20, 30, 50
CLAIMS_PER_ARTICLE = 50
CHUNK = 5_000

# How a year's claims are spread over the workflow.
STATUS_WEIGHTS = {
    Status.NEW: 30, Status.IN_RESEARCH: 25, Status.IN_REVIEW: 10,
    Status.VERIFIED: 5, Status.PUBLISHED: 25, Status.DISMISSED: 5,
}
# The steps a claim in each status has been through (one history entry each, after "created").
STEPS = {
    Status.NEW: [],
    Status.DISMISSED: [("status", "status", "new", "dismissed")],
    Status.IN_RESEARCH: [("assignment", "assignee", "", "{assignee}"), ("status", "status", "new", "in_research")],
    Status.IN_REVIEW: [
        ("assignment", "assignee", "", "{assignee}"), ("status", "status", "new", "in_research"),
        ("verdict", "rating", "", "{rating}"), ("status", "status", "in_research", "in_review"),
    ],
    Status.VERIFIED: [
        ("assignment", "assignee", "", "{assignee}"), ("status", "status", "new", "in_research"),
        ("verdict", "rating", "", "{rating}"), ("status", "status", "in_research", "in_review"),
        ("status", "status", "in_review", "verified"),
    ],
    Status.PUBLISHED: [
        ("assignment", "assignee", "", "{assignee}"), ("status", "status", "new", "in_research"),
        ("verdict", "rating", "", "{rating}"), ("status", "status", "in_research", "in_review"),
        ("status", "status", "in_review", "verified"), ("status", "status", "verified", "published"),
    ],
}
RESEARCHED = {Status.IN_RESEARCH, Status.IN_REVIEW, Status.VERIFIED, Status.PUBLISHED}
WITH_VERDICT = {Status.IN_REVIEW, Status.VERIFIED, Status.PUBLISHED}

SUBJECTS = [
    "Inflation", "Violent crime", "Hospital waiting time", "Child poverty", "Housebuilding",
    "Net migration", "The average energy bill", "Rail punctuality", "Teacher recruitment",
    "Knife crime", "The budget deficit", "Wind power output", "Bus ridership", "Food bank use",
    "The minimum wage", "Police numbers", "Council tax", "Rough sleeping", "GP appointments",
    "Fuel duty", "Broadband coverage", "Carbon emissions", "Tuition fees", "Pension spending",
]
VERBS = ["rose", "fell", "grew", "dropped", "increased", "decreased", "doubled", "halved"]
TEMPLATES = [
    "{subject} {verb} by {n} per cent in {year}, according to {claimant_or_minister}.",
    "{subject} is at its highest level since {year}.",
    "{subject} {verb} by {n} per cent over the last {k} years.",
    "The government spent {n} million pounds on {lower} last year.",
    "{subject} has {verb} since {year}, the opposition said.",
    "There are {n},000 more cases of {lower} than {k} years ago.",
    "{subject} will cost every household {n} pounds a year by {year2}.",
    "Our country now ranks {k}th in Europe for {lower}.",
]
FILLER = [
    "The debate continued late into the evening.",
    "Officials did not respond to a request for comment.",
    "Figures for the previous quarter are due next month.",
    "Several members of the committee left before the vote.",
    "The statement was issued shortly after midday.",
]
FIRST = ["Anna", "Ben", "Chloe", "David", "Ella", "Farid", "Grace", "Hugo", "Isla", "Jonas", "Kemi", "Liam"]
LAST = ["Adams", "Brown", "Clarke", "Davies", "Evans", "Fischer", "Green", "Hughes", "Iqbal", "Jones"]
PUBLISHERS = ["The Daily Record", "Evening Post", "National Courier", "Metro Herald", "The Observer Weekly"]
HEADLINES = [
    "{topic}: what the figures really say", "Minister defends record on {topic}",
    "Inside the row over {topic}", "Live: party leaders debate {topic}", "{topic} in five charts",
]
NOTES = [
    "Called the press office; waiting for the underlying data.",
    "The figure seems to come from a different year than stated.",
    "Second source agrees; the wording in the quote is ambiguous.",
    "Checked the original spreadsheet, the claim uses the nominal figure.",
]
EXCERPTS = [
    "Table 3 shows the change year on year.",
    "The statistical bulletin gives a different baseline.",
    "The department's own release confirms the number.",
]


@dataclass
class BenchSet:
    """What the benchmark needs to know about the data set it measures."""

    claims: int
    articles: int
    editors: list = field(default_factory=list)
    checkers: list = field(default_factory=list)
    viewers: list = field(default_factory=list)
    big_article_id: int = 0
    big_claim_id: int = 0
    search_word: str = SEARCH_WORD


def find():
    """The bench set already in the database, or None."""
    articles = Article.objects.filter(url__startswith=BENCH_URL)
    n_articles = articles.count()
    if not n_articles:
        return None
    users = User.objects.filter(username__startswith=USER_PREFIX).order_by("username")
    bench = BenchSet(
        claims=Claim.objects.filter(article__url__startswith=BENCH_URL).count(),
        articles=n_articles,
        editors=[u for u in users if u.username.startswith(USER_PREFIX + "editor")],
        checkers=[u for u in users if u.username.startswith(USER_PREFIX + "checker")],
        viewers=[u for u in users if u.username.startswith(USER_PREFIX + "viewer")],
        big_article_id=articles.get(url=BIG_ARTICLE_URL).pk,
        big_claim_id=Claim.objects.get(claimant_url=BIG_CLAIM_CLAIMANT_URL).pk,
    )
    return bench


def ensure(n_claims, log=print, progress=None):
    """The bench set of `n_claims` claims: found if it is there, built if the database has none."""
    existing = find()
    if existing is not None:
        if existing.claims != n_claims:
            raise ValueError(
                f"This database already holds a bench set of {existing.claims:,} claims, not {n_claims:,}. "
                f"Use --claims {existing.claims} or a fresh database (dropdb / createdb)."
            )
        log(f"Reusing the bench set already in the database ({existing.claims:,} claims).")
        return existing
    return Builder(n_claims, log=log, progress=progress).build()


class Builder:
    def __init__(self, n_claims, log=print, seed=7, progress=None):
        """`progress(done, total, started)`, when given, is called after each chunk of claims is
        written (`started`: time.monotonic() when the claims began); otherwise a line is logged."""
        if n_claims < BIG_ARTICLE_CLAIMS // 4:
            raise ValueError("The bench set needs at least 50 claims.")
        self.n_claims = n_claims
        self.n_articles = max(2, n_claims // CLAIMS_PER_ARTICLE)
        self.big_article_claims = min(BIG_ARTICLE_CLAIMS, n_claims // 2)
        self.log = log
        self.progress = progress
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.ids = {}

    def build(self):
        started = timezone.now()
        with transaction.atomic():
            self.users = self._users()
            self.ratings = list(Rating.objects.order_by("order"))
            on_scale = [r for r in self.ratings if r.value is not None]
            # Mostly verdicts on the scale, a few unverifiable, as desks report them.
            self.rating_weights = [1 if r.value is None else 4 for r in self.ratings] if on_scale else None
            for model in (Article, Source, Claim, Evidence, Note, HistoryEntry):
                self.ids[model] = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
            articles = self._articles()
            self._sources()
            self._claims(articles)
            # The history was written in bulk, not through Claim.log: cut it into stage visits
            # (every claim's, the few that were there before included: the same rows again).
            StageVisit.objects.rebuild()
            # Each COPY appended its rows to the tallies (their triggers): fold them, as the
            # scheduled job would have by the time anyone reads a page.
            compact_tallies()
            self._reset_sequences()
        self._analyze()
        seconds = (timezone.now() - started).total_seconds()
        self.log(f"Built the bench set: {self.n_claims:,} claims over {self.n_articles:,} articles in {seconds:.0f} s.")
        return find()

    # --- people, articles, sources ---------------------------------------------------------------

    def _users(self):
        password = make_password(PASSWORD)
        groups = {g.name: g for g in Group.objects.all()}
        cast = [("editor", 4, "Editors"), ("checker", 12, "Fact-checkers"), ("viewer", 4, "Viewers")]
        users = {}
        for role, count, group in cast:
            users[role] = []
            for i in range(1, count + 1):
                first, last = FIRST[i % len(FIRST)], LAST[(i * 3) % len(LAST)]
                user = User.objects.create(
                    username=f"{USER_PREFIX}{role}{i:02d}", first_name=first, last_name=last,
                    email=f"{role}{i:02d}@bench.example.org", password=password, is_staff=(role == "editor"),
                )
                user.groups.add(groups[group])
                users[role].append(user)
        return users

    def _articles(self):
        """Article rows with their bodies: each claim quotes one sentence of its article's body."""
        rng = self.rng
        # Which article each claim is in: one article with 200, the rest spread unevenly.
        per_article = [0] * self.n_articles
        per_article[0] = self.big_article_claims
        for _ in range(self.n_claims - self.big_article_claims):
            per_article[rng.randrange(1, self.n_articles)] += 1
        self.claim_slots = []  # (article id, start, end, quote, prefix, suffix, subject, claimant)
        rows = []
        first_id = self.ids[Article]
        for index, n in enumerate(per_article):
            article_id = first_id + index
            topic = rng.choice(SUBJECTS).lower()
            if rng.random() < 0.005:
                topic = SEARCH_WORD
            title = rng.choice(HEADLINES).format(topic=topic)
            title = title[0].upper() + title[1:]
            body, slots = self._body(n, rng)
            for start, end, subject, claimant in slots:
                self.claim_slots.append((
                    article_id, start, end, body[start:end], body[max(0, start - CONTEXT):start],
                    body[end:end + CONTEXT], subject, claimant,
                ))
            created = self.now - datetime.timedelta(days=rng.randrange(1, 365), seconds=rng.randrange(86_400))
            rows.append({
                "id": article_id,
                "title": title,
                "url": BIG_ARTICLE_URL if index == 0 else f"{BENCH_URL}articles/{article_id}",
                "publisher": rng.choice(PUBLISHERS),
                "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "published_on": created.date(),
                "language": "en",
                "body": body,
                "body_hash": hashlib.sha256(body.encode()).hexdigest(),
                "added_by_id": rng.choice(self.users["editor"]).pk,
                "created_at": created,
                "updated_at": created,
            })
        self._write(Article, rows)
        self.log(f"  {len(rows):,} articles")
        return rows

    def _body(self, n_claims, rng):
        """A normalised article body with `n_claims` checkable sentences among filler."""
        sentences = []
        for _ in range(n_claims):
            subject = SEARCH_WORD.capitalize() if rng.random() < 0.01 else rng.choice(SUBJECTS)
            claimant = "" if rng.random() < 0.15 else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            text = rng.choice(TEMPLATES).format(
                subject=subject, lower=subject.lower(), verb=rng.choice(VERBS), n=rng.randrange(2, 95),
                k=rng.randrange(2, 20), year=rng.randrange(1980, 2024), year2=rng.randrange(2027, 2040),
                claimant_or_minister=claimant or "the minister",
            )
            sentences.append((text, subject, claimant))
        for _ in range(max(3, n_claims // 5)):
            sentences.insert(rng.randrange(len(sentences) + 1), (rng.choice(FILLER), None, None))
        parts, slots, position = [], [], 0
        for i, (text, subject, claimant) in enumerate(sentences):
            if i:
                separator = "\n\n" if i % 4 == 0 else " "
                parts.append(separator)
                position += len(separator)
            if subject is not None:
                slots.append((position, position + len(text), subject, claimant))
            parts.append(text)
            position += len(text)
        return "".join(parts), slots

    def _sources(self):
        rng = self.rng
        self.n_sources = max(10, self.n_claims // 5)
        first_id = self.ids[Source]
        rows = []
        for i in range(self.n_sources):
            published = self.today - datetime.timedelta(days=rng.randrange(1, 2_000))
            rows.append({
                "id": first_id + i,
                "url": f"https://stats.example.org/release/{first_id + i}",
                "title": f"{rng.choice(SUBJECTS)}: statistical release {i % 97 + 1}",
                "publisher": rng.choice(["Office for Statistics", "Treasury", "Health Service", "Eurostat"]),
                "published_on": published,
                "accessed_on": published + datetime.timedelta(days=rng.randrange(0, 300)),
                "archive_url": "",
                "is_primary": rng.random() < 0.4,
                "added_by_id": rng.choice(self.users["checker"]).pk,
                "created_at": self.now - datetime.timedelta(days=rng.randrange(1, 365)),
            })
        self._write(Source, rows)
        self.log(f"  {len(rows):,} sources")

    # --- claims and what hangs off them ----------------------------------------------------------

    def _claims(self, articles):
        rng = self.rng
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        checkers, editors = self.users["checker"], self.users["editor"]
        everyone = checkers + editors
        first_claim = self.ids[Claim]
        # The argued-over claim: the first claim of the second article, in review.
        big_claim_index = next(i for i, slot in enumerate(self.claim_slots) if slot[0] != articles[0]["id"])
        self.big_claim_id = first_claim + big_claim_index
        counts = {Evidence: 0, Note: 0, HistoryEntry: 0}
        started = time.monotonic()
        for chunk_start in range(0, len(self.claim_slots), CHUNK):
            claims, evidence, notes, history = [], [], [], []
            for index in range(chunk_start, min(chunk_start + CHUNK, len(self.claim_slots))):
                article_id, start, end, quote, prefix, suffix, subject, claimant = self.claim_slots[index]
                claim_id = first_claim + index
                is_big = claim_id == self.big_claim_id
                status = Status.IN_REVIEW if is_big else rng.choices(statuses, weights)[0]
                created = self.now - datetime.timedelta(days=rng.randrange(1, 365), seconds=rng.randrange(86_400))
                # Last touched some time in the 40 days after creation, and before now (no ties:
                # a real desk does not update thousands of claims in the same second).
                reach = int(min(datetime.timedelta(days=40), self.now - created).total_seconds())
                updated = created + datetime.timedelta(seconds=rng.randrange(1, reach + 1))
                assignee = rng.choice(checkers) if status in RESEARCHED else None
                proposer = assignee if status in WITH_VERDICT else None
                approver = rng.choice(editors) if status in (Status.VERIFIED, Status.PUBLISHED) else None
                rating = rng.choices(self.ratings, self.rating_weights)[0] if status in WITH_VERDICT and self.ratings else None
                published = status == Status.PUBLISHED
                text = quote if len(quote) <= 300 else quote[:297] + "..."
                claims.append({
                    "id": claim_id, "article_id": article_id, "text": text,
                    "start": start, "end": end, "quote": quote, "prefix": prefix, "suffix": suffix,
                    "anchor_state": "anchored", "claimant": claimant,
                    "claimant_url": BIG_CLAIM_CLAIMANT_URL if is_big else "",
                    "claim_type": rng.choice(["quantity", "quantity", "quantity", "causal", "prediction", "event", "other"]),
                    "priority": rng.choices([1, 2, 3, 4], [2, 6, 2, 1])[0],
                    "status": status,
                    "rating_id": rating.pk if rating else None,
                    "conclusion": (f"The figure {rng.choice(['is accurate', 'omits context', 'is out of date', 'is wrong'])}."
                                   if rating else ""),
                    "source_justification": "",
                    "assignee_id": assignee.pk if assignee else None,
                    "due_date": (self.today + datetime.timedelta(days=rng.randrange(-30, 45))) if assignee else None,
                    "proposed_by_id": proposer.pk if proposer else None,
                    "approved_by_id": approver.pk if approver else None,
                    "published_rating_id": rating.pk if published and rating else None,
                    "published_conclusion": "The figure is accurate." if published else "",
                    "published_at": updated if published else None,
                    "last_published_at": updated if published else None,
                    "duplicate_of_id": None, "version": 1 + len(STEPS[status]),
                    "created_by_id": rng.choice(editors).pk, "created_at": created, "updated_at": updated,
                })
                # What hangs off a claim grows with how far it has gone through the workflow.
                n_evidence = BIG_CLAIM_EVIDENCE if is_big else (
                    rng.randrange(1, 4) if status in WITH_VERDICT else rng.randrange(0, 3) if status in RESEARCHED else 0)
                n_notes = BIG_CLAIM_NOTES if is_big else (rng.randrange(0, 3) if status != Status.NEW else 0)
                actor = assignee or rng.choice(editors)
                steps = [("created", "", "", quote[:200])] + [
                    (action, fld, old, new.format(assignee=assignee.username if assignee else "", rating=rating or ""))
                    for action, fld, old, new in STEPS[status]
                ]
                for i in range(n_evidence):
                    source_id = self.ids[Source] + rng.randrange(self.n_sources)
                    evidence.append({
                        "id": self.ids[Evidence] + counts[Evidence] + len(evidence),
                        "claim_id": claim_id, "source_id": source_id,
                        "stance": rng.choice(["supports", "refutes", "context"]),
                        "excerpt": rng.choice(EXCERPTS), "added_by_id": actor.pk,
                        "created_at": created + datetime.timedelta(hours=i + 1),
                    })
                    steps.append(("evidence", "evidence", "", f"Source {source_id}"))
                for i in range(n_notes):
                    notes.append({
                        "id": self.ids[Note] + counts[Note] + len(notes), "claim_id": claim_id,
                        "author_id": rng.choice(everyone).pk, "body": rng.choice(NOTES),
                        "created_at": created + datetime.timedelta(hours=i + 2),
                    })
                if is_big:
                    while len(steps) < BIG_CLAIM_HISTORY:
                        steps.append(("edit", "text", "an earlier wording", "a clearer wording"))
                    steps = steps[:BIG_CLAIM_HISTORY]
                span = max(1, int((updated - created).total_seconds()))
                for i, (action, fld, old, new) in enumerate(steps):
                    history.append({
                        "id": self.ids[HistoryEntry] + counts[HistoryEntry] + len(history), "claim_id": claim_id,
                        "actor_id": actor.pk, "action": action, "field": fld, "old_value": old, "new_value": new,
                        "comment": "",
                        "created_at": created + datetime.timedelta(seconds=span * i // max(1, len(steps))),
                    })
            self._write(Claim, claims)
            self._write(Evidence, evidence)
            self._write(Note, notes)
            self._write(HistoryEntry, history)
            counts[Evidence] += len(evidence)
            counts[Note] += len(notes)
            counts[HistoryEntry] += len(history)
            if self.progress is not None:
                self.progress(chunk_start + len(claims), len(self.claim_slots), started)
            else:
                self.log(f"  {chunk_start + len(claims):,} claims")
        self.log(
            f"  {counts[Evidence]:,} evidence items, {counts[Note]:,} notes, {counts[HistoryEntry]:,} history entries"
        )

    # --- writing ---------------------------------------------------------------------------------

    def _write(self, model, rows):
        """Insert `rows` (dicts keyed by field attname) into `model`'s table: COPY on PostgreSQL, where
        it is several times faster than INSERT, bulk_create elsewhere. Fields a row leaves out take
        their default."""
        if not rows:
            return
        fields = [f for f in model._meta.concrete_fields]
        defaults = {f.attname: f.get_default() for f in fields if f.attname not in rows[0]}
        if connection.vendor == "postgresql":
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            table = connection.ops.quote_name(model._meta.db_table)
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([row[f.attname] if f.attname in row else defaults[f.attname] for f in fields])
        else:
            # bulk_create fills auto_now fields with "now"; acceptable off PostgreSQL, where only the
            # test of the command runs.
            model.objects.bulk_create([model(**{**defaults, **row}) for row in rows], batch_size=500)

    def _reset_sequences(self):
        sql = connection.ops.sequence_reset_sql(no_style(), [Article, Source, Claim, Evidence, Note, HistoryEntry])
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)

    def _analyze(self):
        """Fresh planner statistics (and, outside a transaction, a visibility map so counts can use
        index-only scans), as autovacuum would give a database that has lived with this data."""
        if connection.vendor != "postgresql":
            return
        tables = [m._meta.db_table for m in (Article, Source, Claim, Evidence, Note, HistoryEntry, StageVisit, *TALLIES)]
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")
