"""Train the check-worthiness classifier over sentence embeddings on the labelled sentences
(tests/data/labelled: English, Spanish, French) and write claims/data/checkworthiness.json.

Offline, NumPy only, a few seconds. The held-out texts (tests/data/heldout) are never read here.
"""
import json
import math
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand

from claims import checkworthiness, embeddings
from claims.management.commands.evaluate_suggestions import LABELLED, read_labelled
from claims.suggest import score_sentences


def labelled_groups(paths):
    """Per text: (embedding rows, feature-only log-odds, labels) of its split sentences."""
    groups = []
    for path in paths:
        text = read_labelled(path)
        scored = score_sentences(text.body)
        labels = []
        for s in scored:
            best = max(text.sentences, key=lambda t: min(t[1], s.end) - max(t[0], s.start))
            labels.append(1.0 if best[2] else 0.0)
        totals = [math.log(max(min(s.score, 0.999), 0.001) / (1 - max(min(s.score, 0.999), 0.001))) for s in scored]
        vectors = embeddings.embed_texts([s.text for s in scored])
        groups.append((vectors, np.asarray(totals), np.asarray(labels)))
    return groups


class Command(BaseCommand):
    help = "Train the check-worthiness classifier over embeddings and write claims/data/checkworthiness.json."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(LABELLED))
        parser.add_argument("--l2", type=float, default=0.01)

    def handle(self, *args, dir, l2, **options):
        paths = sorted(Path(dir).glob("*.txt"))
        model = checkworthiness.train(labelled_groups(paths), l2=l2)
        model["trained_files"] = [p.name for p in paths]
        checkworthiness.WEIGHTS_FILE.parent.mkdir(exist_ok=True)
        checkworthiness.WEIGHTS_FILE.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        checkworthiness._shipped.forget()
        self.stdout.write(f"Trained on {model['trained_on']} sentences ({model['check_worthy']} check-worthy) from "
                          f"{len(paths)} texts; combination {model['combine']}; wrote {checkworthiness.WEIGHTS_FILE}")
