"""`manage.py desk_report --from 2026-01-01 --to 2026-12-31 [--format csv|json|html] [--output FILE]`:
the desk's monthly report for funders and IFCN applications (claims/desk_report.py), on standard
output unless --output names a file. Dates are YYYY-MM-DD, inclusive, in the newsroom's time zone."""
import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims import desk_report, metrics


def _date(text):
    try:
        return metrics.parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = "Write the desk report (counts, medians and p90 per stage, per month) for a period."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=_date, required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="last", type=_date, required=True, help="Last day (included), YYYY-MM-DD.")
        parser.add_argument("--format", choices=sorted(desk_report.FORMATS), default="csv")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, first, last, format, output, **options):
        try:
            period = metrics.Period(first, last)
        except ValueError as error:
            raise CommandError(str(error)) from None
        text, _ = desk_report.render(period, metrics.DeskFilters(), format)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
            self.stderr.write(f"Wrote the desk report for {period} to {output}.")
        else:
            self.stdout.write(text, ending="")
