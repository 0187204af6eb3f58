"""Time "already checked?" matching by meaning at newsroom scale, and the embedding backfill.

Run against a throwaway database (it adds rows): by default 100,000 claims and 100,000 external
reviews with random unit vectors (their wording does not matter for time and memory). Measures:
loading the in-process index (time and the memory it adds to this process, from /proc's VmRSS),
an incremental refresh, the median and slowest lookup through claims.similar.find_matches with a
ready query vector, embedding one query, and the backfill's throughput on real sentences; and the
pair reading (claims/pair_reading.py): its load, its memory, and what one pair costs, read and
then cached. The lookups run without it ("A benchmark query" and "Benchmark claim 123" would be
read as a pair once each); a lookup whose closest candidate the rules call the same claim adds one
reading per such candidate, once per process.
"""
import os
import time

import numpy as np
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from claims import embeddings, pair_reading, similar, vector_index
from claims.models import Article, Claim, Embedding, ExternalReview
from claims.similar import find_matches

SENTENCES = [
    "Only six nations pledged troops to the coalition", "Unemployment fell to 4.2% in March",
    "The minister resigned after the report was published", "Germany will send 5,000 soldiers to Lithuania",
    "La France compte le plus grand nombre de réacteurs nucléaires en Europe",
    "El presidente no asistió a la cumbre", "Die EU hat den Verkauf neuer Benzinautos ab 2035 verboten",
    "Росія припинила постачання газу до Польщі",
]


def percentile(seconds, p):
    """The p-th percentile of `seconds`, in milliseconds (nearest rank)."""
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] * 1000


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Command(BaseCommand):
    help = "Benchmark similar-claim lookup by meaning among N claims + N external reviews, and the backfill."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=100_000)
        parser.add_argument("--reviews", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=50)
        parser.add_argument("--backfill", type=int, default=256, help="real sentences embedded to time the backfill")

    def handle(self, *args, claims, reviews, queries, backfill, **options):
        rng = np.random.default_rng(7)
        self.build(claims, reviews, rng)
        vector_index.reset_index()
        before = rss_mb()
        started = time.perf_counter()
        index = vector_index.get_index()
        loaded = time.perf_counter() - started
        after = rss_mb()
        self.stdout.write(
            f"Index: {len(index):,} vectors loaded in {loaded:.1f} s; arrays {index.nbytes / 2**20:.0f} MB; "
            f"process memory {before:.0f} -> {after:.0f} MB (+{after - before:.0f} MB)"
        )
        started = time.perf_counter()
        vector_index.get_index()
        self.stdout.write(f"Incremental refresh with nothing new: {(time.perf_counter() - started) * 1000:.1f} ms")

        stored = list(Embedding.objects.order_by("?").values_list("vector", flat=True)[:queries])
        times, cpu, scan, search = [], [], [], []
        for data in stored:
            # A query near a stored vector, as a reworded claim would be.
            query = embeddings.from_bytes(data) + rng.normal(0, 0.02, embeddings.DIMENSIONS).astype(np.float32)
            query /= np.linalg.norm(query)
            started, started_cpu = time.perf_counter(), time.process_time()
            with override_settings(PAIR_READING=False):
                find_matches("A benchmark query", vector=query, name_similarity=None)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            # Where the time goes: the int8 scan alone, then the scan with the exact re-scoring (which
            # reads the candidates' float32 vectors from the database); the rest of find_matches is
            # loading the matched claims and reviews and the conflict checks.
            started = time.perf_counter()
            index.coarse(query, vector_index.CANDIDATES)
            scan.append(time.perf_counter() - started)
            started = time.perf_counter()
            index.search(query, limit=25)
            search.append(time.perf_counter() - started)
        # CPU time too: on a shared, busy machine the wall clock mostly measures waiting for a core.
        self.stdout.write(
            f"Lookup among them ({queries} queries, vector ready): wall median {percentile(times, 50):.0f} ms, "
            f"p90 {percentile(times, 90):.0f} ms, slowest {max(times) * 1000:.0f} ms; CPU time median "
            f"{percentile(cpu, 50):.0f} ms, p90 {percentile(cpu, 90):.0f} ms; process memory now {rss_mb():.0f} MB; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        self.stdout.write(
            f"  of which: int8 scan median {percentile(scan, 50):.1f} ms; scan + exact re-scoring of "
            f"{vector_index.CANDIDATES} candidates from the database median {percentile(search, 50):.1f} ms"
        )
        self.time_conflict_checks()
        self.time_pair_reading()
        embeddings.embed_text("warm up")
        started, started_cpu = time.perf_counter(), time.process_time()
        for sentence in SENTENCES:
            embeddings.embed_text(sentence)
        self.stdout.write(
            f"Embedding one query: {(time.perf_counter() - started) / len(SENTENCES) * 1000:.0f} ms "
            f"(CPU time {(time.process_time() - started_cpu) / len(SENTENCES) * 1000:.0f} ms)"
        )
        texts = [SENTENCES[i % len(SENTENCES)] + f" ({i})" for i in range(backfill)]
        started, started_cpu = time.perf_counter(), time.process_time()
        for start in range(0, len(texts), 32):
            embeddings.embed_texts(texts[start:start + 32])
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        self.stdout.write(
            f"Backfill throughput (batches of 32, one thread): {len(texts) / elapsed:.0f} texts a second "
            f"({len(texts) / elapsed_cpu:.0f} a second of CPU time)"
        )

    def time_conflict_checks(self):
        """The lookups above compare no wording (random vectors, no names). Real candidates are
        checked for conflicts, and names the spelling cannot pair are compared by the model: time
        ranking 25 close candidates with real wording, names new to the process and then known."""
        people = ["Macron", "Scholz", "Meloni", "Sánchez", "Tusk", "Zelensky", "Biden", "Sunak", "Orbán", "Rutte"]
        places = ["Lithuania", "Poland", "Kyiv", "Brussels", "Warsaw"]
        candidates = [
            ("claim", Claim(pk=n, text=f"{people[n % 10]} said {places[n % 5]} will get {n + 2},000 soldiers"), 0.93)
            for n in range(25)
        ]
        query = "Macron told Scholz that France will send 5,000 soldiers to Lithuania"
        similar._name_vector.cache_clear()
        for label in ("names new to the process", "names known"):
            started, started_cpu = time.perf_counter(), time.process_time()
            similar.rank_candidates(query, candidates, name_similarity=similar.model_name_similarity)
            self.stdout.write(
                f"Conflict checks of 25 close candidates with real wording, {label}: "
                f"{(time.perf_counter() - started) * 1000:.0f} ms (CPU time {(time.process_time() - started_cpu) * 1000:.0f} ms)"
            )

    def time_pair_reading(self):
        """Load the reader in this process, then read pairs of real claims: new to the process, then cached."""
        before = rss_mb()
        started = time.perf_counter()
        pair_reading.reader()
        loaded = time.perf_counter() - started
        self.stdout.write(f"Pair reading: loaded in {loaded:.1f} s; process memory +{rss_mb() - before:.0f} MB")
        pairs = [(SENTENCES[n], SENTENCES[(n + 1) % len(SENTENCES)]) for n in range(len(SENTENCES))]
        for label in ("pairs new to the process", "pairs read before (cached)"):
            walls, cpus = [], []
            for a, b in pairs:
                started, started_cpu = time.perf_counter(), time.process_time()
                pair_reading.same_probability(a, b)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - started_cpu)
            self.stdout.write(
                f"  one pair, {label}: wall median {percentile(walls, 50):.1f} ms, CPU time median "
                f"{percentile(cpus, 50):.1f} ms; process memory now {rss_mb():.0f} MB (+{rss_mb() - before:.0f} MB)"
            )

    def build(self, n_claims, n_reviews, rng):
        have_claims = Embedding.objects.filter(claim__isnull=False, model=embeddings.MODEL_NAME).count()
        have_reviews = Embedding.objects.filter(external_review__isnull=False, model=embeddings.MODEL_NAME).count()
        started = time.perf_counter()
        if have_claims < n_claims:
            article = Article.objects.create(title="Matching benchmark", body="x" * 10)
            self.add(n_claims - have_claims, rng, lambda i: Claim(article=article, text=f"Benchmark claim {i}", start=0, end=1,
                                                                  quote="x", language="en"), "claim")
        if have_reviews < n_reviews:
            stamp = int(time.time())
            self.add(n_reviews - have_reviews, rng, lambda i: ExternalReview(
                url=f"https://bench.example.org/reviews/{stamp}/{i}", claim_reviewed=f"Benchmark review {i}", language="en"),
                "external_review")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE claims_embedding")
        built = time.perf_counter() - started
        self.stdout.write(f"Data: {Embedding.objects.count():,} embeddings ready ({built:.0f} s to build)")

    def add(self, count, rng, make, field):
        model = Claim if field == "claim" else ExternalReview
        now = timezone.now()
        for start in range(0, count, 5000):
            objs = model.objects.bulk_create([make(start + i) for i in range(min(5000, count - start))])
            vectors = rng.standard_normal((len(objs), embeddings.DIMENSIONS)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            Embedding.objects.bulk_create([
                Embedding(**{field: obj}, model=embeddings.MODEL_NAME, text_hash="bench", vector=embeddings.to_bytes(v),
                          updated_at=now)
                for obj, v in zip(objs, vectors)
            ])
