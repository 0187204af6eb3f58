"""Measure "already checked?" matching on labelled claim pairs (tests/data/matching/*.json).

Each file has a corpus (claims already in the workbench) and queries: paraphrases and translations
of one corpus claim (`target`), and hard negatives (`negative_of`: a changed number, a negation,
another person or country). The corpus is embedded with the real model and ranked by the product's
own rules (claims.similar.rank_candidates), without a database. Reports per file:
  precision@1  the target ranked first
  recall@5     the target among the first five
  same         the target called "the same claim" (score at or above the line, no conflict)
  hard negatives above the line   the negated claim called "the same claim" (should be ~0)
"""
import json
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims import embeddings
from claims.models import Claim
from claims.similar import model_name_similarity, rank_candidates, same_claim_line

MATCHING = Path(settings.BASE_DIR) / "tests" / "data" / "matching"


def evaluate(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        corpus = [Claim(pk=int(item["id"]), text=item["text"], language=item["language"]) for item in data["corpus"]]
        queries = data["queries"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CommandError(f"{path}: not a matching file ({exc}).") from exc
    vectors = embeddings.embed_texts([c.text for c in corpus])
    query_vectors = embeddings.embed_texts([q["text"] for q in queries])
    positives, negatives, failures = [], [], []
    languages = set()
    for query, vector in zip(queries, query_vectors):
        cosines = vectors @ vector
        candidates = [("claim", claim, float(cos)) for claim, cos in zip(corpus, cosines)]
        ranked = rank_candidates(query["text"], candidates, name_similarity=model_name_similarity, limit=5)
        ids = [m.obj.pk for m in ranked]
        if query["kind"] == "hard_negative":
            wrong = [m for m in ranked if m.obj.pk == query["negative_of"] and m.same]
            negatives.append(bool(wrong))
            if wrong:
                failures.append(f"hard negative called same ({query.get('reason')}, {wrong[0].score:.3f}): "
                                f"{query['text']!r} ~ {wrong[0].text!r}")
        else:
            languages.add(query["language"])
            target = query["target"]
            same = next((m.same for m in ranked if m.obj.pk == target), False)
            positives.append((ids[:1] == [target], target in ids, same))
            if ids[:1] != [target]:
                top = f"{ranked[0].text!r} {ranked[0].score:.3f}" if ranked else "nothing"
                failures.append(f"{query['kind']} not first ({query['language']}): {query['text']!r} -> {top}")
            elif not same:
                failures.append(f"{query['kind']} first but below the line ({query['language']}, "
                                f"{ranked[0].score:.3f} {ranked[0].conflicts}): {query['text']!r}")
    n = len(positives)
    return {
        "file": Path(path).name, "queries": n, "hard_negatives": len(negatives),
        "languages": sorted(languages),
        "precision_at_1": round(sum(p[0] for p in positives) / n, 3) if n else None,
        "recall_at_5": round(sum(p[1] for p in positives) / n, 3) if n else None,
        "same": round(sum(p[2] for p in positives) / n, 3) if n else None,
        "hard_negatives_above_line": round(sum(negatives) / len(negatives), 3) if negatives else None,
        "failures": failures,
    }


class Command(BaseCommand):
    help = "Precision@1, recall@5 and hard negatives above the same-claim line on labelled claim pairs."
    # No database: the files' claims are never saved. Without the system checks (which open it), a checkout that has
    # never been migrated can measure too; they stopped with "unable to open database file".
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help=f"matching files (default: every *.json in {MATCHING})")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, files, **options):
        np.set_printoptions(precision=3)
        paths = files or sorted(str(p) for p in MATCHING.glob("*.json"))
        results = [evaluate(path) for path in paths]
        if options["json"]:
            self.stdout.write(json.dumps(results, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"Model: {embeddings.MODEL_NAME}; 'same claim' line {same_claim_line():.2f}")
        for r in results:
            self.stdout.write(
                f"{r['file']}: {r['queries']} queries in {', '.join(r['languages'])}, {r['hard_negatives']} hard negatives\n"
                f"  precision@1 {r['precision_at_1']}  recall@5 {r['recall_at_5']}  called same {r['same']}  "
                f"hard negatives above the line {r['hard_negatives_above_line']}"
            )
            for failure in r["failures"]:
                self.stdout.write(f"    - {failure}")
