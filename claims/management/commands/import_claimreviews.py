"""Import fact-checks published elsewhere, as ClaimReview JSON-LD, into ExternalReview.

    manage.py import_claimreviews feed.json
    manage.py import_claimreviews downloads/      # every .json, .jsonld, .html and .htm file in it

Each file is all or nothing: the first problem in it is named and nothing from it is imported;
the other files go ahead. Exits 1 when any file was refused.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.external_reviews import MAX_FILE_BYTES, ClaimReviewRefused, import_reviews, read_file

SUFFIXES = {".json", ".jsonld", ".html", ".htm"}


class Command(BaseCommand):
    help = "Import ClaimReview JSON-LD (single items, lists, DataFeeds, HTML pages) from a file or a directory."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file, or a directory of .json/.jsonld/.html files")

    def handle(self, *args, path, **options):
        root = Path(path)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                raise CommandError(f"{root}: no .json, .jsonld or .html file in it.")
        elif root.is_file():
            files = [root]
        else:
            raise CommandError(f"{root}: no such file or directory.")
        refused = 0
        for file in files:
            try:
                if file.stat().st_size > MAX_FILE_BYTES:
                    raise ClaimReviewRefused(f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
                created, updated = import_reviews(read_file(file.name, file.read_bytes()))
            except ClaimReviewRefused as exc:
                refused += 1
                self.stderr.write(f"{file}: refused, nothing imported: {exc.message}")
                continue
            self.stdout.write(f"{file}: {created} new, {updated} updated.")
        if refused:
            raise CommandError(f"{refused} of {len(files)} file(s) refused.", returncode=1)
