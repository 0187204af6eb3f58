"""Print how long the suggestions page takes, and how much HTML it sends, for the largest article the
workbench accepts (figures, not a test; issue #11: a pasted 2.9 MB article drew 125 MB of HTML in 55 s).

    python manage.py bench_suggestions                   # an article of claims.importing.MAX_BYTES
    python manage.py bench_suggestions --bytes 3000000   # any size (written directly, past the limit)

The article is generated (bench_capture's sentences), requested through Django's test client as an
editor, and rolled back with everything else the run wrote: nothing is left behind.
"""
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.urls import reverse

from claims.importing import MAX_BYTES
from claims.models import Article
from claims.views import capture

from .bench_capture import generated_article


class Rollback(Exception):
    pass


def article_of(size, rng):
    """Generated paragraphs, cut at a paragraph to at most `size` bytes of UTF-8."""
    text = generated_article(size // 5, rng)
    while len(text.encode()) > size:
        text = text[:text.rfind("\n\n", 0, len(text) - (len(text.encode()) - size))]
    return text


class Command(BaseCommand):
    help = "Time the suggestions page of the largest accepted article."

    def add_arguments(self, parser):
        parser.add_argument("--bytes", type=int, default=MAX_BYTES)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, bytes, repeat, seed, **options):
        rng = random.Random(seed)
        body = article_of(bytes, rng)
        try:
            with transaction.atomic():
                self.measure(body, repeat)
                raise Rollback
        except Rollback:
            pass

    def measure(self, body, repeat):
        editor = get_user_model().objects.create_user("bench-suggestions-editor")
        editor.groups.add(Group.objects.get(name="Editors"))
        article = Article.objects.create(title="Benchmark article", body=body)
        client = Client(HTTP_HOST="localhost")
        client.force_login(editor)
        self.stdout.write(f"Article: {len(body.encode()) / 1024 / 1024:.2f} MB, {len(body):,} characters.")
        for label, query in (("suggestions", ""), ("every sentence", "?all=1")):
            if hasattr(capture, "_ranked"):
                capture._ranked.cache_clear()
            times, size = [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(reverse("claims:suggestions", args=[article.pk]) + query, secure=True)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
                size = len(response.content)
            # The first request scores the article's sentences; later ones find the ranking cached
            # (claims.views.capture._ranked) in the same process.
            self.stdout.write(f"{label:>15}: first {times[0]:6.2f} s, best of {repeat} {min(times):6.2f} s, "
                              f"{size / 1024 / 1024:7.2f} MB of HTML")
