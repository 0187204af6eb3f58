"""Print the claims and external reviews that may be the same claim as a text, best first.

    manage.py similar_claims "Only six nations pledged troops" --json --limit 5

With --json: a list of {"id", "kind" ("claim" | "external"), "score", "same", "text", "language"};
`same` is true when the score is at or above the "same claim" line (claims.similar.SAME_CLAIM_LINE
or the SAME_CLAIM_LINE setting) with no conflict (numbers, negation, names), and the pair reading
(claims.pair_reading) does not read the two as different claims.
"""
import json
import sys

from django.core.management.base import BaseCommand

from claims import embeddings
from claims.similar import find_matches, same_claim_line
from claims.parsing import number_problem

MAX_TEXT = 2000


class Command(BaseCommand):
    help = "Rank the claims and external reviews that mean the same as TEXT."

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")
        parser.add_argument("--limit", default="10", help="how many matches at most (1-100, default 10)")

    def handle(self, *args, text, limit, **options):
        if number_problem(limit, minimum=1) or int(limit) > 100:
            self.stderr.write("--limit must be a whole number from 1 to 100.")
            sys.exit(2)
        text = text.strip()
        if not text or len(text) > MAX_TEXT or any(ord(c) < 32 and c not in "\t\n\r" for c in text):
            self.stderr.write(f"TEXT must be 1 to {MAX_TEXT} characters, without control characters.")
            sys.exit(2)
        found = find_matches(text, vector=embeddings.embed_text(text), limit=int(limit))
        rows = [{"id": m.obj.pk, "kind": m.kind, "score": round(m.score, 4), "same": m.same, "text": m.text,
                 "language": m.language} for m in found]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("No similar claim or external review.")
            return
        self.stdout.write(f"'Same claim' line: {same_claim_line():.2f}")
        for match, row in zip(found, rows):
            flags = "SAME " if row["same"] else "     "
            note = f"  [{', '.join(match.conflicts)}]" if match.conflicts else ""
            language = row['language'] or '?'
            self.stdout.write(f"{row['score']:.3f} {flags}{row['kind']:8} #{row['id']:<6} ({language}) {row['text']}{note}")
