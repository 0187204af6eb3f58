"""Check-worthiness by meaning (claims/checkworthiness.py): a classifier over sentence embeddings
combined with the explainable features of claims/suggest.py, in English, Spanish and French, with
a stated lower confidence elsewhere; the article's sentence embeddings come from a background task."""
import pytest
from django.test import override_settings
from django.urls import reverse

from claims import checkworthiness
from claims.embeddings import sentence_vectors, stored_sentence_vectors
from claims.importing import import_article
from claims.suggest import THRESHOLD, score_sentences

from .conftest import login

# The sentences an unseen article showed the features alone missing (issue 15).
MISSED = (
    "Hungary did not send a representative to the talks in Paris. "
    "Adm. Sir Tony Radakin travelled to Kyiv on Thursday to meet commanders. "
    "The next meeting is expected in early May. "
    "It was a grey morning."
)


def by_meaning(body, language=None):
    return score_sentences(body, vectors=sentence_vectors(body), language=language)


def test_the_shipped_weights_belong_to_the_embedding_model_in_use():
    assert checkworthiness.weights() is not None
    assert len(checkworthiness.weights()["w"]) == 384


def test_negated_travel_and_scheduled_events_are_suggested_and_colour_is_not():
    scored = by_meaning(MISSED)
    assert [s.text[:20] for s in scored] == [
        "Hungary did not send", "Adm. Sir Tony Radaki", "The next meeting is ", "It was a grey mornin"]
    assert [s.score >= THRESHOLD for s in scored] == [True, True, True, False]
    assert all(s.by_meaning for s in scored)
    assert any(r.startswith("meaning: reads like") for r in scored[1].reasons)


@pytest.mark.parametrize("body, language", [
    ("El paro bajó al 11 % en marzo, según el Instituto Nacional de Estadística. Hacía frío en la plaza.", "es"),
    ("Le chômage a baissé à 7 % en mars, selon l'Insee. Il faisait froid sur la place.", "fr"),
])
def test_spanish_and_french_claims_rank_above_their_colour(body, language):
    claim, colour = by_meaning(body, language)
    assert claim.score >= THRESHOLD > colour.score
    assert claim.confidence == "" and claim.by_meaning


def test_other_languages_get_suggestions_with_a_stated_lower_confidence():
    claim, _ = by_meaning("Die Arbeitslosigkeit sank im März auf 5 %, teilte das Statistische Bundesamt mit. Es war kalt.", "de")
    assert claim.score >= THRESHOLD
    assert claim.confidence == "lower" and any(r.startswith("confidence: lower") for r in claim.reasons)


def test_without_the_sentences_embeddings_the_features_alone_score():
    [suggestion] = score_sentences("Unemployment fell to 4% in March, the ONS said.", vectors=None)
    assert not suggestion.by_meaning and not any(r.startswith("meaning") for r in suggestion.reasons)
    # Vectors for another text (a revision since) are not used.
    [again] = score_sentences("Unemployment fell to 4% in March, the ONS said.", vectors=sentence_vectors("One. Two. Three."))
    assert not again.by_meaning


@override_settings(EMBED_ON_SAVE=True)
def test_an_imported_article_gets_its_sentence_embeddings_in_the_background(client, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = import_article(body=MISSED, title="Defence")
    login(client, editor)
    html = client.get(reverse("claims:suggestions", args=[article.pk])).content.decode()
    assert "Scored by the features listed only" in html
    for callback in callbacks:
        callback()
    assert stored_sentence_vectors(article).shape == (4, 384)
    html = client.get(reverse("claims:suggestions", args=[article.pk])).content.decode()
    assert "Scored by what each sentence says" in html and "Lower confidence" not in html


def test_the_suggestions_page_states_lower_confidence_for_an_untrained_language(client, editor, db):
    article = import_article(body="Die Arbeitslosigkeit sank im März auf 5 %, teilte das Amt mit.", title="Arbeit", language="de")
    login(client, editor)
    page = client.get(reverse("claims:suggestions", args=[article.pk])).content.decode()
    assert "Lower confidence: the article&#x27;s language (de)" in page
