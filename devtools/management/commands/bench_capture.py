"""Print how long claim capture takes at newsroom scale (figures, not a test):

1. importing and scoring a generated article of --words words (default 10,000);
2. finding similar claims among --claims existing claims (default 100,000; made-up wording with
   real function words, see vocabulary()), built with
   bulk_create inside a transaction that is rolled back at the end, so nothing is left behind.

    python manage.py bench_capture                                  # SQLite (rapidfuzz)
    DATABASE_URL=postgres://… python manage.py bench_capture        # PostgreSQL (pg_trgm + GIN)

Keep runs short on a shared machine: --claims 20000 gives a quick look.
"""
import os
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from claims.importing import import_article
from claims.models import Article, Claim
from claims.similar import similar_claims
from claims.suggest import suggest_claims

PEOPLE = ["Kaja Kallas", "Keir Starmer", "Emmanuel Macron", "Giorgia Meloni", "John Healey", "Amina Patel",
          "the Prime Minister", "the Health Secretary", "a government spokesperson", "AFP", "Reuters"]
PLACES = ["Ukraine", "Brussels", "London", "Paris", "Rome", "Manchester", "Scotland", "Wales", "the EU", "NATO"]
TOPICS = ["troops", "hospital beds", "nurses", "homes", "schools", "police officers", "bus routes", "jobs",
          "food banks", "wind farms", "prisons", "GP surgeries", "emissions", "exports", "tax receipts"]
VERBS = ["rose", "fell", "doubled", "halved", "increased", "decreased"]
SENTENCES = [
    "{who} said the number of {topic} in {place} {verb} by {n}% last year.",
    "Spending on {topic} reached £{n} million in {year}, the highest since {year2}, according to {who}.",
    "The weather in {place} was grey on {day}.",
    "“We will deliver {n} more {topic} by {year},” {who} told reporters.",
    "Critics say the plan for {topic} is a mess.",
    "{who} warned that cuts to {topic} would cause longer waits in {place}.",
    "Is this what voters in {place} wanted?",
    "Under the new law, councils must publish figures on {topic} every {n} months.",
    "I think the debate about {topic} has gone on too long.",
    "Only {n} of the {n2} {topic} promised in {place} have been delivered, {who} reported.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def sentence(rng):
    return rng.choice(SENTENCES).format(
        who=rng.choice(PEOPLE), topic=rng.choice(TOPICS), place=rng.choice(PLACES), verb=rng.choice(VERBS),
        n=rng.randint(2, 900), n2=rng.randint(900, 5000), year=rng.randint(2010, 2030),
        year2=rng.randint(1990, 2009), day=rng.choice(DAYS),
    )


def generated_article(words, rng):
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        count += len(paragraph.split())
        paragraphs.append(paragraph[0].upper() + paragraph[1:])
    return "\n\n".join(paragraphs)


FUNCTION_WORDS = ("the of in to a and that for on was has have is by with said more than million per cent "
                  "year last since from at as not only over new most").split()
SYLLABLES = "ka ri to men sa lo ve ar in de po lu ne ta si mo ra el cho ba fi gu zo pe".split()


def vocabulary(rng, size=8000):
    """Made-up content words: real claims share function words and little else, and a handful of
    templates (as in the article above) would make every claim look like every other."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def claim_text(rng, words):
    n = rng.randint(7, 16)
    picked = [rng.choice(FUNCTION_WORDS) if rng.random() < 0.45 else
              # Zipf-like: a few content words are common, most are rare.
              words[min(len(words) - 1, int(rng.paretovariate(1.1)) - 1 + rng.randrange(len(words)) // 20)]
              for _ in range(n)]
    picked.insert(rng.randrange(n), str(rng.randint(2, 9000)))
    text = " ".join(picked)
    return text[0].upper() + text[1:300]


def mutated(text, rng, words):
    """A re-check of the same claim: one word changed."""
    parts = text.split()
    parts[rng.randrange(len(parts))] = rng.choice(words)
    return " ".join(parts)


class Command(BaseCommand):
    help = "Time importing and scoring a 10,000-word article and finding similar claims among 100,000."

    def add_arguments(self, parser):
        parser.add_argument("--words", type=int, default=10_000)
        parser.add_argument("--claims", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=20, help="Similar-claim searches to time.")
        parser.add_argument("--repeat", type=int, default=5, help="Imports to time.")
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *args, words, claims, queries, repeat, seed, **options):
        rng = random.Random(seed)
        load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
        self.stdout.write(f"Database: {connection.vendor}; load average {load} on {os.cpu_count()} CPUs")
        with transaction.atomic():
            self.bench_import(words, repeat, rng)
            self.bench_similar(claims, queries, rng)
            # Throwaway: everything this command wrote goes away with the transaction.
            transaction.set_rollback(True)
        self.stdout.write("Rolled back: nothing was kept.")

    def bench_import(self, words, repeat, rng):
        bodies = [generated_article(words, rng) for _ in range(repeat)]
        import_times, score_times, score_cpu, n_suggested = [], [], [], 0
        for i, body in enumerate(bodies):
            started = time.perf_counter()
            article = import_article(body=body, title=f"Benchmark article {i}")
            imported = time.perf_counter()
            cpu = time.process_time()
            n_suggested = len(suggest_claims(article.body))
            score_cpu.append(time.process_time() - cpu)
            import_times.append(imported - started)
            score_times.append(time.perf_counter() - imported)
        n_words = len(bodies[0].split())
        self.stdout.write(
            f"Import a {n_words:,}-word article ({len(bodies[0]):,} characters), median of {repeat}: "
            f"{statistics.median(import_times) * 1000:.0f} ms\n"
            f"Split and score its sentences, median of {repeat}: {statistics.median(score_times) * 1000:.0f} ms "
            f"(CPU time {statistics.median(score_cpu) * 1000:.0f} ms; {n_suggested} suggested)\n"
            f"Together: {statistics.median([a + b for a, b in zip(import_times, score_times)]) * 1000:.0f} ms"
        )

    def bench_similar(self, n_claims, queries, rng):
        article = Article.objects.create(title="Benchmark claims", body="x" * 10)
        words = vocabulary(rng)
        started = time.perf_counter()
        batch, samples = [], []
        for i in range(n_claims):
            batch.append(Claim(article=article, text=claim_text(rng, words), start=0, end=1, quote="x"))
            if len(samples) < queries and rng.random() < 0.01:
                samples.append(batch[-1].text)
            if len(batch) == 5000:
                Claim.objects.bulk_create(batch)
                batch = []
        if batch:
            Claim.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE claims_claim")  # fresh statistics, as autovacuum would give
        built = time.perf_counter() - started
        total = Claim.objects.count()
        times, hits = [], []
        # Half the searches re-check an existing claim reworded; half are new claims.
        searches = [mutated(t, rng, words) for t in samples[:queries // 2]]
        searches += [claim_text(rng, words) for _ in range(queries - len(searches))]
        for query in searches:
            started = time.perf_counter()
            found = similar_claims(query)
            times.append(time.perf_counter() - started)
            hits.append(len(found))
        times.sort()
        self.stdout.write(
            f"Built {n_claims:,} claims in {built:.1f} s ({total:,} claims in the table)\n"
            f"Similar claims among them, {queries} searches: median {statistics.median(times) * 1000:.0f} ms, "
            f"slowest {times[-1] * 1000:.0f} ms, {statistics.mean(hits):.1f} matches on average"
            f" (half the searches are rewordings of existing claims)"
        )
