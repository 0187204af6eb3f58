"""Import an article from a .txt, .md or .html file and print its ranked claim suggestions.

    python manage.py import_article story.html --title "…" [--url …] [--publisher …] [--author …]
        [--published YYYY-MM-DD] [--json]
"""
import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.importing import MAX_BYTES, ImportRefused, import_article, text_from_upload
from claims.embeddings import sentence_vectors
from claims.suggest import suggest_claims


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"“{value}” is not a date in the form YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Import an article (.txt, .md or .html) and print its id and ranked suggested claims."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--title", help="The article's title (default: the HTML <title>).")
        parser.add_argument("--url", default="", help="Where the article was published.")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--author", default="")
        parser.add_argument("--published", default=None, help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object for scripts.")

    def handle(self, *args, path, title, url, publisher, author, published, json, **options):
        try:
            published_on = iso_date(published) if published else None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        file = Path(path)
        try:
            if file.stat().st_size > MAX_BYTES:
                # Refuse before reading a huge file into memory.
                raise ImportRefused(f"{file.name} is larger than {MAX_BYTES // 1024 // 1024} MB.")
            text, found_title = text_from_upload(file.name, file.read_bytes())
            article = import_article(
                body=text, title=title or found_title, url=url, publisher=publisher, author=author,
                published_on=published_on,
            )
        except FileNotFoundError:
            raise CommandError(f"{path}: file not found.") from None
        except ImportRefused as exc:
            raise CommandError(f"{exc.message} Nothing was imported.") from None
        # A command may run the model (no request waits on it): score by meaning as well as features.
        suggestions = suggest_claims(article.body, vectors=sentence_vectors(article.body), language=article.language)
        if json:
            self.stdout.write(_json.dumps(
                {"article": article.pk, "title": article.title, "suggestions": [s.as_dict() for s in suggestions]},
                ensure_ascii=False,
            ))
            return
        self.stdout.write(f"Imported article {article.pk}: “{article.title}” ({len(article.body):,} characters).")
        self.stdout.write(f"{len(suggestions)} suggested claim(s), most check-worthy first:")
        for rank, s in enumerate(suggestions, start=1):
            who = f" — {s.claimant}" if s.claimant else ""
            self.stdout.write(f"{rank:3}. [{s.score:.2f}] {s.text}\n     {s.start}–{s.end} · {s.claim_type}{who} · {s.reasons_text}")


_json = json
