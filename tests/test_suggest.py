"""Claim suggestions (claims/suggest.py): sentence splitting for news prose, the explainable
check-worthiness score, the guessed claim type and claimant, and the evaluation command."""
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.anchoring import normalise_text
from claims.management.commands.evaluate_suggestions import average_precision
from claims.models import ClaimType
from claims.suggest import THRESHOLD, score_sentences, split_sentences, suggest_claims

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def texts(body):
    return [s.text for s in split_sentences(body)]


def test_every_sentence_is_its_exact_span_of_the_body():
    body = "  One sentence here. Another one!\n\nA third?  And “a fourth.”"
    for sentence in split_sentences(body):
        assert body[sentence.start:sentence.end] == sentence.text
    assert texts(body) == ["One sentence here.", "Another one!", "A third?", "And “a fourth.”"]


@pytest.mark.parametrize("body, expected", [
    ("The U.S. Senate voted on Friday. It passed.", ["The U.S. Senate voted on Friday.", "It passed."]),
    ("Dr. Amina Patel spoke. Prof. Okafor agreed.", ["Dr. Amina Patel spoke.", "Prof. Okafor agreed."]),
    ("She arrived at No. 10 Downing Street. Then she left.", ["She arrived at No. 10 Downing Street.", "Then she left."]),
    ("He said no. Then he left.", ["He said no.", "Then he left."]),
    ("J. K. Rowling wrote it. Mr. Smith read it.", ["J. K. Rowling wrote it.", "Mr. Smith read it."]),
    ("They moved to the U.S. The next year they returned.", ["They moved to the U.S.", "The next year they returned."]),
    ("Growth was 2.5 per cent. Prices rose.", ["Growth was 2.5 per cent.", "Prices rose."]),
    ("Polls close at 10 p.m. on Thursday.", ["Polls close at 10 p.m. on Thursday."]),
])
def test_abbreviations_initials_and_decimals_do_not_end_sentences(body, expected):
    assert texts(body) == expected


@pytest.mark.parametrize("body, expected", [
    # A quotation of several sentences stays with its attribution, curly or straight.
    ("“Our planning is real. Our plans are well developed,” Healey said. Others disagreed.",
     ["“Our planning is real. Our plans are well developed,” Healey said.", "Others disagreed."]),
    ('"What is the mandate? What would we do?" he asked. Nobody answered.',
     ['"What is the mandate? What would we do?" he asked.', "Nobody answered."]),
    # A sentence ending inside its quotation ends there.
    ("He called it “lively but respectful.” The next meeting is in March.",
     ["He called it “lively but respectful.”", "The next meeting is in March."]),
    # Dashes are not sentence ends; a leading dash is layout and stays outside the span.
    ("Exports fell 12% — the steepest drop in a decade — officials said. — Trade resumed later.",
     ["Exports fell 12% — the steepest drop in a decade — officials said.", "Trade resumed later."]),
    # Apostrophes (’) do not open quotations.
    ("It’s over. Kallas’s remarks stood.", ["It’s over.", "Kallas’s remarks stood."]),
])
def test_quotes_and_dashes(body, expected):
    assert texts(body) == expected


def test_an_unclosed_quote_does_not_swallow_the_next_paragraph():
    assert texts("“This quote runs on. Into the next sentence.\n\nA new paragraph.") == [
        "“This quote runs on. Into the next sentence.", "A new paragraph."]


def only(body):
    [suggestion] = score_sentences(body)
    return suggestion


def test_reasons_name_the_evidence_for_the_score():
    s = only("AFP reported that only six nations had pledged troops.")
    assert "number: six" in s.reasons
    assert "attribution: AFP reported" in s.reasons
    assert s.score >= THRESHOLD
    assert s.reasons_text.startswith("number: six; ")


def test_questions_opinion_and_short_sentences_count_against():
    statement = only("Turnout reached 67%, the highest since 1997, the Electoral Commission said.")
    question = only("Did turnout really reach 67%, the highest since 1997?")
    opinion = only("I think turnout reached 67%, the highest since 1997.")
    short = only("It was tense.")
    assert statement.score > THRESHOLD
    assert question.score < statement.score and "question: asks rather than states" in question.reasons
    assert opinion.score < statement.score and any(r.startswith("opinion: I think") for r in opinion.reasons)
    assert short.score < THRESHOLD and "short: 3 words" in short.reasons


def test_first_person_inside_a_quotation_is_the_speakers_claim_not_the_writers_opinion():
    s = only("“We believe the plan will cost £2 billion,” the minister said.")
    assert not any(r.startswith("opinion") for r in s.reasons)


@pytest.mark.parametrize("body, claim_type", [
    ("Unemployment rose to 5.1% in March.", ClaimType.QUANTITY),
    ("The Bank of England forecasts that inflation will fall next year.", ClaimType.PREDICTION),
    ("Under the Climate Change Act, ministers must cut emissions.", ClaimType.LAW),
    ("The floods were caused by a blocked drain, engineers found.", ClaimType.CAUSAL),
    ("Healey told the gathering that the plans are well developed.", ClaimType.ATTRIBUTION),
    ("Italian Prime Minister Giorgia Meloni met Emmanuel Macron in Rome.", ClaimType.EVENT),
])
def test_claim_type_guess(body, claim_type):
    assert only(body).claim_type == claim_type


@pytest.mark.parametrize("body, claimant", [
    ("Estonian Prime Minister Kaja Kallas indicated that views differ.", "Kaja Kallas"),
    ("Kallas, the EU’s foreign policy chief, acknowledged the lack of consensus.", "Kallas"),
    ("AFP, citing unnamed European officials, reported that six nations had pledged troops.", "AFP"),
    ("UK Prime Minister Keir Starmer and French President Emmanuel Macron expressed their willingness.",
     "Keir Starmer and Emmanuel Macron"),
    ("“It’s helpful,” Swedish Defence Minister Pal Jonson echoed.", "Pal Jonson"),
    ("“It has been a long night,” said Sir Graham Holt.", "Graham Holt"),
    ("Spending has fallen by a third, according to the Institute for Fiscal Studies.", "Institute for Fiscal Studies"),
    ("More than 200,000 homes lost power, the Energy Networks Association said.", "Energy Networks Association"),
    ("Moscow has consistently cautioned the West against deploying troops.", "Moscow"),
    ("The sky is blue and the grass is green.", ""),
])
def test_claimant_guess(body, claimant):
    assert only(body).claimant == claimant


def test_he_said_takes_the_claimant_of_the_sentence_before():
    first, second = score_sentences("Dutch Defence Minister Ruben Brekelmans said the US must take part. “We need the US,” he said.")
    assert second.claimant == "Ruben Brekelmans"


def test_suggestions_are_ranked_best_first_and_leave_out_the_unworthy():
    body = "Trees fell. The storm cut power to 200,000 homes, the Met Office said. What a night!"
    suggestions = suggest_claims(body)
    assert [s.text for s in suggestions] == ["The storm cut power to 200,000 homes, the Met Office said."]
    scores = [s.score for s in score_sentences(normalise_text((SEEDS / "article.txt").read_text()))]
    assert all(0 <= x <= 1 for x in scores)


def test_every_curated_seed_claim_is_inside_some_suggestion():
    raw = (SEEDS / "article.txt").read_text(encoding="utf-8")
    body = normalise_text(raw.partition("\n")[2])  # loadseed takes the first line as the title
    suggestions = suggest_claims(body)
    for claim in json.loads((SEEDS / "claims.json").read_text(encoding="utf-8"))["claims"]:
        start = body.index(claim["quote"])
        end = start + len(claim["quote"])
        assert any(s.start <= start and end <= s.end for s in suggestions), claim["text"]


def test_average_precision_rewards_ranking_the_check_worthy_first():
    assert average_precision([(0.9, True), (0.8, True), (0.1, False)]) == 1.0
    assert average_precision([(0.9, False), (0.8, True)]) == 0.5
    # Ties are broken against the ranking, so a constant score earns nothing for free.
    assert average_precision([(0.5, True), (0.5, False)]) == 0.5


def test_evaluate_suggestions_prints_precision_recall_f1_and_map(capsys):
    call_command("evaluate_suggestions")
    out = capsys.readouterr().out
    figures = {line.split()[0]: float(line.split()[1]) for line in out.splitlines()[1:5]}
    assert set(figures) == {"precision", "recall", "F1", "MAP"}
    # The floor under which the suggestions would be a regression (measured figures: docs/capture.md).
    assert figures["recall"] >= 0.9 and figures["precision"] >= 0.85 and figures["MAP"] >= 0.9


def test_evaluate_suggestions_on_the_held_out_texts(capsys):
    call_command("evaluate_suggestions", "--dir", str(Path(__file__).parent / "data" / "heldout"))
    out = capsys.readouterr().out
    assert "5 texts, 59 labelled sentences" in out
    figures = {line.split()[0]: float(line.split()[1]) for line in out.splitlines()[1:5]}
    # The targets on articles nobody tuned on (English, Spanish, French among them).
    assert figures["recall"] >= 0.9 and figures["MAP"] >= 0.85
