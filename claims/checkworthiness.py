"""Check-worthiness by meaning: a small logistic regression over sentence embeddings, combined with
the explainable features of claims/suggest.py.

The features (numbers, names, attribution, ...) are English word lists for the most part; the
embedding classifier learned from labelled sentences in English, Spanish and French
(tests/data/labelled) and, since multilingual-e5 puts translations side by side, carries over to
the other languages the model covers, with a stated lower confidence. The final score is
sigmoid(a * features + b * meaning + c): the reasons list keeps the features and says how the
meaning pulled.

The weights are our own small model, trained offline with NumPy (`manage.py train_checkworthiness`)
and shipped as claims/data/checkworthiness.json: 384 weights, a bias and the three combination
weights, with the embedding model they belong to.
"""
import json
import math
from pathlib import Path

import numpy as np

from . import embeddings
from .once import Once

WEIGHTS_FILE = Path(__file__).parent / "data" / "checkworthiness.json"
# Languages with labelled training sentences; others get suggestions marked "lower confidence".
TRAINED_LANGUAGES = ("en", "es", "fr")



def _read_weights():
    try:
        data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    if data.get("model") == embeddings.MODEL_NAME:
        data["w"] = np.asarray(data["w"], dtype=np.float32)
    return data


_shipped = Once(_read_weights)


def weights():
    """The shipped weights, or None when missing or made for another embedding model."""
    data = _shipped()
    return data if data.get("model") == embeddings.MODEL_NAME else None


def meaning_logits(vectors):
    """The classifier's log-odds that each sentence (an embedding row) is worth checking."""
    model = weights()
    return np.asarray(vectors, dtype=np.float32) @ model["w"] + model["b"]


def combine(feature_total, meaning_logit):
    model = weights()
    a, b, c = model["combine"]
    return a * feature_total + b * meaning_logit + c


def is_trained_for(language):
    return (language or "").split("-")[0].lower() in TRAINED_LANGUAGES


# --- training (offline, by manage.py train_checkworthiness) ---------------------------------------


def fit_logistic(X, y, l2, steps=3000, rate=0.5):
    """Weights and bias minimising mean log-loss + l2/2 * |w|^2, by gradient descent (small data)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        w -= rate * (X.T @ (p - y) / len(y) + l2 * w)
        b -= rate * float(np.mean(p - y))
    return w, b


def train(groups, l2=0.01):
    """`groups`: per labelled text, (embedding rows, feature totals, labels). The classifier is fitted
    on every sentence; the combination on out-of-group predictions (each text scored by a classifier
    that never saw it), so it learns how far to trust the classifier on unseen articles."""
    X = np.vstack([g[0] for g in groups])
    y = np.concatenate([g[2] for g in groups])
    # Embedding coordinates are tiny (~0.05): scale them so the same learning rate suits them.
    scale = 10.0
    w, b = fit_logistic(X * scale, y, l2)
    held_out = []
    for n in range(len(groups)):
        rest = [g for m, g in enumerate(groups) if m != n]
        w_n, b_n = fit_logistic(np.vstack([g[0] for g in rest]) * scale, np.concatenate([g[2] for g in rest]), l2)
        held_out.append(groups[n][0] * scale @ w_n + b_n)
    stacked = np.column_stack([np.concatenate([g[1] for g in groups]), np.concatenate(held_out)])
    (a, b_weight), c = fit_logistic(stacked, y, 0.001, steps=5000, rate=0.1)
    return {
        "model": embeddings.MODEL_NAME,
        "w": [round(float(v) * scale, 6) for v in w],
        "b": round(float(b), 6),
        "combine": [round(float(a), 6), round(float(b_weight), 6), round(float(c), 6)],
        "trained_on": int(len(y)), "check_worthy": int(y.sum()),
    }


def sigmoid(x):
    return 1 / (1 + math.exp(-x))
