"""An in-process index of every current embedding, for "which claims mean the same as this one?".

PostgreSQL here has no pgvector, and 200,000 vectors is a small matrix: a brute-force scan answers
exactly, with no approximate-index tuning, in tens of milliseconds. Each web process holds one copy,
so its size matters (gunicorn runs several workers): rows are kept as int8 with one float scale per
row (384 bytes + 4 instead of 1,536 float32 bytes), 77 MB for 200,000 vectors. The int8 scan picks
candidates; their exact float32 vectors are then read from the database to score them, so the
scores shown are exact.

The index loads on first use and then refreshes incrementally: each search first reads only the
rows whose `updated_at` is at or after the newest one it has seen (new and re-embedded rows).
"""
import threading
import time
from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from . import embeddings

CLAIM = "claim"
EXTERNAL = "external"
# How many coarse candidates are re-scored exactly (int8 error is ~0.002 in cosine; the
# gap between a match and the 50th-nearest unrelated claim is far wider).
CANDIDATES = 50


@dataclass(frozen=True)
class Hit:
    kind: str  # CLAIM or EXTERNAL
    id: int
    score: float  # cosine similarity, -1..1


def quantise(vectors):
    """int8 rows and the float32 scale of each row (row ≈ int8 * scale)."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    scale = np.abs(vectors).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(vectors / scale[:, None]).astype(np.int8), scale.astype(np.float32)


class VectorIndex:
    def __init__(self, model_name=None, dimensions=embeddings.DIMENSIONS):
        self.model_name = model_name or embeddings.MODEL_NAME
        self.dimensions = dimensions
        self._lock = threading.Lock()
        self._rows = np.zeros((0, dimensions), dtype=np.int8)
        self._scales = np.zeros(0, dtype=np.float32)
        self._kinds = np.zeros(0, dtype=np.int8)  # 0 claim, 1 external review
        self._ids = np.zeros(0, dtype=np.int64)
        self._size = 0
        self._position = {}  # id * 2 + kind code -> row (plain ints: a third of the memory of tuples)
        self._seen_until = None

    def __len__(self):
        return self._size

    @property
    def nbytes(self):
        return self._rows.nbytes + self._scales.nbytes + self._kinds.nbytes + self._ids.nbytes

    # --- loading ---------------------------------------------------------------------------------

    def add(self, kind, ids, vectors):
        """Put (or replace) vectors for `ids` of `kind` (CLAIM or EXTERNAL)."""
        rows, scales = quantise(vectors)
        kind_code = 0 if kind == CLAIM else 1
        with self._lock:
            positions = np.empty(len(ids), dtype=np.int64)
            new = []
            for n, obj_id in enumerate(ids):
                position = self._position.get(int(obj_id) * 2 + kind_code)
                if position is None:
                    new.append(n)
                else:
                    positions[n] = position
            if new:
                start = self._reserve(len(new))
                positions[new] = np.arange(start, start + len(new))
                self._kinds[start:start + len(new)] = kind_code
                self._ids[start:start + len(new)] = np.asarray(ids, dtype=np.int64)[new]
                for n, position in zip(new, range(start, start + len(new))):
                    self._position[int(ids[n]) * 2 + kind_code] = position
            self._rows[positions] = rows
            self._scales[positions] = scales

    def _reserve(self, count):
        """Room for `count` more rows; returns the first new row's position."""
        if self._size + count > len(self._rows):
            # Grow by half: each row is copied a couple of times at most, and the spare room (the
            # memory cost) stays under a third. Searches running meanwhile hold the old arrays.
            self._make_room(max(1024, self._size + count, len(self._rows) * 3 // 2))
        start = self._size
        self._size += count
        return start

    def _make_room(self, capacity):
        if capacity > len(self._rows):
            self._rows = _resized(self._rows, capacity)
            self._scales = _resized(self._scales, capacity)
            self._kinds = _resized(self._kinds, capacity)
            self._ids = _resized(self._ids, capacity)

    def refresh(self, batch_size=5000):
        """Read rows embedded since the last refresh (all of them the first time)."""
        from .models import Embedding

        rows = Embedding.objects.filter(model=self.model_name)
        if self._seen_until is None:
            # The first load: room for every row at once (and a little more), not grown step by step.
            with self._lock:
                self._make_room(rows.count() + 1024)
        else:
            # A (updated_at, pk) cursor: many rows can share one instant (a backfill batch), so
            # "after the newest seen" must break ties by primary key, or they would be read again.
            seen_at, seen_pk = self._seen_until
            rows = rows.filter(Q(updated_at__gt=seen_at) | Q(updated_at=seen_at, pk__gt=seen_pk))
        rows = rows.order_by("updated_at", "pk").values_list("claim_id", "external_review_id", "vector", "updated_at", "pk")
        batch = []
        for row in rows.iterator(chunk_size=batch_size):
            batch.append(row)
            if len(batch) == batch_size:
                self._add_rows(batch)
                batch = []
        self._add_rows(batch)

    def _add_rows(self, rows):
        if not rows:
            return
        for kind, index in ((CLAIM, 0), (EXTERNAL, 1)):
            chosen = [r for r in rows if r[index] is not None]
            if chosen:
                vectors = np.frombuffer(b"".join(bytes(r[2]) for r in chosen), dtype="<f4").reshape(len(chosen), -1)
                self.add(kind, [r[index] for r in chosen], vectors)
        self._seen_until = (rows[-1][3], rows[-1][4])

    # --- searching -------------------------------------------------------------------------------

    def coarse(self, query, count):
        """(kind codes, ids, approximate scores) of the `count` rows nearest to `query`."""
        size = self._size
        rows, scales, kinds, ids = self._rows[:size], self._scales[:size], self._kinds[:size], self._ids[:size]
        if size == 0:
            return kinds, ids, scales
        q_rows, q_scale = quantise(query)
        # int8 x int8 summed in int32: exact integer dot products, no float copy of the matrix.
        dots = np.einsum("ij,j->i", rows, q_rows[0].astype(np.int16), dtype=np.int32)
        scores = dots * scales * q_scale[0]
        count = min(count, size)
        top = np.argpartition(-scores, count - 1)[:count] if count < size else np.arange(size)
        return kinds[top], ids[top], scores[top]

    def search(self, query, limit=10, *, exclude=(), candidates=CANDIDATES):
        """Hits nearest to the float32 `query` vector, best first, exactly scored.
        `exclude`: (kind, id) pairs to leave out."""
        from .models import Embedding

        excluded = set(exclude)
        kinds, ids, _ = self.coarse(query, candidates + len(excluded))
        claim_ids = [int(i) for k, i in zip(kinds, ids) if k == 0 and (CLAIM, int(i)) not in excluded]
        review_ids = [int(i) for k, i in zip(kinds, ids) if k == 1 and (EXTERNAL, int(i)) not in excluded]
        exact = Embedding.objects.filter(model=self.model_name)
        vectors = {}
        for claim_id, review_id, vector in (
            exact.filter(claim_id__in=claim_ids).values_list("claim_id", "external_review_id", "vector")
            .union(exact.filter(external_review_id__in=review_ids).values_list("claim_id", "external_review_id", "vector"))
        ):
            key = (CLAIM, claim_id) if claim_id is not None else (EXTERNAL, review_id)
            vectors[key] = embeddings.from_bytes(vector)
        query = np.asarray(query, dtype=np.float32)
        hits = [Hit(kind, obj_id, float(vector @ query)) for (kind, obj_id), vector in vectors.items()]
        hits.sort(key=lambda h: (-h.score, h.kind, h.id))
        return hits[:limit]


def _resized(array, capacity):
    grown = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


_index = None
_index_lock = threading.Lock()
# Set while a background thread (warm_in_background) makes the first load: lookups meanwhile do not
# wait for it (15-37 s at 200,000 vectors on a busy machine) but fall back to wording.
_warming = threading.Event()


def get_index():
    """The process's index, loaded on first use and brought up to date on every call."""
    global _index
    with _index_lock:
        if _index is None:
            _index = VectorIndex()
        _index.refresh()
        return _index


def index_if_ready():
    """The process's index brought up to date, or None while a background warm-up is still making
    its first load (a request must not wait for it). With no warm-up under way, as in management
    commands and tests, the index loads here, on first use."""
    if _warming.is_set():
        return None
    return get_index()


def warm_in_background():
    """Load the index (and the embedding model, which ranking uses for names) in a daemon thread, so
    a web worker starts serving at once and its first "already checked?" lookup need not pay for the
    load. Called by gunicorn's post_worker_init (workbench/gunicorn.conf.py). Returns the thread."""
    if _warming.is_set() or _index is not None:
        return None
    _warming.set()
    thread = threading.Thread(target=_warm, name="vector-index-warm-up", daemon=True)
    thread.start()
    return thread


def _warm():
    import logging

    from django.db import connection

    started = time.perf_counter()
    try:
        get_index()
        embeddings.embed_text("warm up")  # maps the model's weights in, as the first query would
        logging.getLogger(__name__).info("Vector index warm: %d vectors in %.1f s", len(_index), time.perf_counter() - started)
    except Exception:
        # Lookups load it on first use again, as without warming (and show the error there).
        logging.getLogger(__name__).exception("Warming the vector index failed")
    finally:
        _warming.clear()
        connection.close()  # this thread's own database connection


def reset_index():
    """Forget the process's index (tests; a changed model)."""
    global _index
    with _index_lock:
        _index = None
