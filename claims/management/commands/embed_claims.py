"""Embed every claim and external review that lacks an embedding of its present wording by the
present model (new rows whose task has not run, rows edited since, or everything after a model
change), in batches, with a progress bar on stderr."""
import sys
import time

from django.core.management.base import BaseCommand

from claims import embeddings
from claims.models import Article, Claim, ExternalReview


class Command(BaseCommand):
    help = "Compute the missing or stale sentence embeddings of claims and external reviews."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=32, help="texts embedded per model call (default 32)")

    def handle(self, *args, batch_size, **options):
        if not 1 <= batch_size <= 1000:
            self.stderr.write("--batch-size must be between 1 and 1000.")
            sys.exit(2)
        todo = [(Claim, list(embeddings.stale(Claim))), (ExternalReview, list(embeddings.stale(ExternalReview)))]
        total = sum(len(ids) for _, ids in todo)
        done = 0
        started = time.perf_counter()
        for model, ids in todo:
            for start in range(0, len(ids), batch_size):
                batch = list(model.objects.filter(pk__in=ids[start:start + batch_size]))
                done += embeddings.store_embeddings(batch)
                self._progress(done, total, started)
        elapsed = time.perf_counter() - started
        if total:
            self.stderr.write("")
        rate = f", {done / elapsed:.1f} a second" if done and elapsed > 0 else ""
        self.stdout.write(f"Embedded {done} of {total} claims and external reviews in {elapsed:.1f} s{rate} "
                          f"({embeddings.MODEL_NAME}).")
        # Articles' sentences, for check-worthiness by meaning (usually done by their own task).
        articles = 0
        for article in Article.objects.only("pk", "body", "body_hash").iterator(chunk_size=100):
            if embeddings.stored_sentence_vectors(article) is None:
                embeddings.embed_article_sentences.call(article.pk)
                articles += 1
        if articles:
            self.stdout.write(f"Embedded the sentences of {articles} article(s).")

    def _progress(self, done, total, started):
        width = 30
        filled = width * done // total if total else width
        elapsed = time.perf_counter() - started
        left = elapsed / done * (total - done) if done else 0
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {left:.0f} s left", ending="")
        self.stderr.flush()
