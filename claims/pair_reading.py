"""A learned reading of a pair of claims: does every word of one find its counterpart in the other?

The conflict rules (claims/conflicts.py) name what differs when they know the words: numbers, units,
"rose" against "fell", "at least" against "at most". Each new writer finds wordings no list holds
("créer" against "cut", "recordaantal" against a bare figure), so on unseen pairs the rules alone
leave about one hard negative in nine above the "same claim" line (docs/capture.md, blind sets 4–9).

This reads the pair without word lists. Every word of three letters or more is embedded on its own
with the same multilingual model (cached, as names are), and each word is aligned with its closest
word on the other side: a translation or a synonym aligns closely ("raised"/"relevé"), a word the
other side has no counterpart for does not ("cut"/"raised", "mayoría"/"all"). Eight numbers describe
the alignment — the sentence cosine, the three weakest alignments, their mean, the share below
two levels, the difference in length — and a logistic regression trained on the labelled pairs of
tests/data/matching (paraphrases and translations against hard negatives) turns them into the
probability that the two say the same thing. Below the line a pair is not called the same claim,
and the words that found no counterpart are the reason shown.

Weights: claims/data/pair_reading.json, written by `manage.py train_pair_reading` (NumPy, offline).
"""
import json
import re
from pathlib import Path

import numpy as np

from .once import Once

WEIGHTS = Path(__file__).resolve().parent / "data" / "pair_reading.json"
FEATURES = ("cosine", "weakest", "second_weakest", "third_weakest", "mean", "below_0.85", "below_0.90",
            "length_difference")
# A word aligned with nothing closer than this is named in the reason.
UNMATCHED_BELOW = 0.85
# At most this many words of a sentence are read (claims are one sentence; a pasted paragraph is capped).
MAX_WORDS = 60

_WORD = re.compile(r"[^\W_]+(?:[.,'’-][^\W_]+)*", re.UNICODE)


def words_of(text):
    """Lower-cased words of three letters or more ("1.2", "Kyiv's", "e-mail" stay whole); all words
    when none is that long."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    return ([w for w in words if len(w) >= 3] or words)[:MAX_WORDS]


def alignment(words_a, words_b, word_vector):
    """Each word's closest cosine on the other side: (for the words of a, for the words of b)."""
    A = np.array([word_vector(w) for w in words_a], dtype=np.float32)
    B = np.array([word_vector(w) for w in words_b], dtype=np.float32)
    closeness = A @ B.T
    return closeness.max(axis=1), closeness.max(axis=0)


def features(cosine, words_a, words_b, to_a, to_b):
    both = np.sort(np.concatenate([to_a, to_b]))
    weakest = [float(both[min(n, len(both) - 1)]) for n in range(3)]
    return np.array([
        cosine, *weakest, float(both.mean()),
        float((both < 0.85).mean()), float((both < 0.90).mean()),
        abs(len(words_a) - len(words_b)) / max(len(words_a), len(words_b)),
    ], dtype=np.float64)


def _read_weights():
    """The shipped weights, or None when missing or made for another embedding model."""
    from .embeddings import MODEL_NAME

    try:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("model") != MODEL_NAME:
        return None
    for key in ("mean", "scale", "w"):
        data[key] = np.asarray(data[key], dtype=np.float64)
    return data


weights = Once(_read_weights)


def probability(x, model):
    z = ((x - model["mean"]) / model["scale"]) @ model["w"] + model["b"]
    return float(1 / (1 + np.exp(-z)))


def read(a, b, cosine, word_vector):
    """(probability that `a` and `b` state the same claim, the words of either without a counterpart,
    weakest first)."""
    model = weights()
    words_a, words_b = words_of(a), words_of(b)
    if model is None or not words_a or not words_b:
        return 1.0, ()
    to_a, to_b = alignment(words_a, words_b, word_vector)
    p = probability(features(cosine, words_a, words_b, to_a, to_b), model)
    lonely = sorted([(float(s), w) for w, s in zip(words_a, to_a)] + [(float(s), w) for w, s in zip(words_b, to_b)])
    return p, tuple(dict.fromkeys(w for s, w in lonely if s < UNMATCHED_BELOW))


def line():
    """Below this probability a pair is not called the same claim: settings.PAIR_READING_LINE when set
    (0 turns the reading off), else the line stored with the weights."""
    from django.conf import settings

    chosen = getattr(settings, "PAIR_READING_LINE", None)
    if chosen is not None:
        return chosen
    model = weights()
    return model["line"] if model else 0.0


# --- training (offline, by manage.py train_pair_reading) ----------------------------------------------


def train(rows, labels, line, l2=0.001):
    """Weights for `rows` (one feature vector per labelled pair) and `labels` (1 = the same claim)."""
    from .checkworthiness import fit_logistic
    from .embeddings import MODEL_NAME

    X = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    mean, spread = X.mean(axis=0), X.std(axis=0)
    scale = np.where(spread > 1e-4, spread, 1.0)  # a feature that never varies is left unscaled
    w, b = fit_logistic((X - mean) / scale, y, l2)
    return {
        "model": MODEL_NAME, "features": list(FEATURES), "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale], "w": [round(float(v), 6) for v in w], "b": round(float(b), 6),
        "line": line, "pairs": int(len(y)), "same": int(y.sum()),
    }
