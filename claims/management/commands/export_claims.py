"""Export claims: `manage.py export_claims --format csv [--article ID] [--status STATUS] [--output FILE]`.

Published claims only unless --status says otherwise (`--status all` for everything: with
`--format json` that is the complete backup that `import_claims` restores). The file is written as
it is produced, chunk by chunk, so memory stays flat however many claims there are."""
from django.core.management.base import BaseCommand, CommandError

from claims import exports


class Command(BaseCommand):
    help = "Export claims as CSV, JSON, ClaimReview JSON-LD, the printable HTML report or Markdown."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=list(exports.FORMATS), dest="format_name")
        parser.add_argument("--article", type=int, action="append", default=[], metavar="ID",
                            help="Only this article's claims (repeat for several).")
        parser.add_argument("--status", default=exports.PUBLISHED,
                            choices=[value for value, _ in exports.STATUS_CHOICES],
                            help="Which claims: published (the default), one other status, or all.")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of to standard output.")

    def handle(self, *args, format_name, article, status, output, **options):
        try:
            claims = exports.select_claims(status=status, articles=article)
            chunks = exports.export(format_name, claims, status=status)
        except exports.ExportError as problem:
            raise CommandError(str(problem)) from None
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                for chunk in chunks:
                    out.write(chunk)
            self.stderr.write(f"Wrote {output}.")
        else:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            self.stdout.flush()
