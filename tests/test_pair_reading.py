"""The pair reading: two claims read together by e5 with the trained adapter, the last word on "the same claim"."""
import pytest
from django.test import override_settings

from claims import pair_reading
from claims.models import Claim, PairReading
from claims.similar import READ_AS_DIFFERENT, rank_candidates

COUNCIL = "The city council of Marlowe Bay voted 7 to 2 on 14 March 2023 to ban diesel buses from its centre by 2028."
REWORDED = "By seven votes to two, Marlowe Bay's city council decided on 14 March 2023 to bar diesel buses from the centre by 2028."
REJECTED_DE = ("Der Stadtrat von Marlowe Bay lehnte am 14. März 2023 mit 7 zu 2 Stimmen ein Verbot von Dieselbussen "
               "in der Innenstadt bis 2028 ab.")
STRIKE = "Dock workers in Port Alder called a 48-hour strike for 3 June over pay."
CALLED_OFF = "Dock workers in Port Alder called off a 48-hour strike planned for 3 June over pay."


@pytest.mark.parametrize("a, b", [(COUNCIL, REWORDED), (COUNCIL, COUNCIL)])
def test_the_same_claim_in_other_words_reads_as_the_same(a, b):
    assert pair_reading.same_probability(a, b) > 0.9
    assert not pair_reading.reads_differently(a, b)


@pytest.mark.parametrize("a, b", [(COUNCIL, REJECTED_DE), (STRIKE, CALLED_OFF)])
def test_a_refusal_told_by_a_verb_alone_reads_as_another_claim(a, b):
    # The rules find nothing in either pair: no "not", and the verbs (lehnte … ab, called off) are not on their lists.
    assert pair_reading.same_probability(a, b) < pair_reading.line()
    assert pair_reading.reads_differently(a, b)


def test_the_reading_is_one_answer_whichever_claim_comes_first():
    assert pair_reading.same_probability(COUNCIL, REJECTED_DE) == pair_reading.same_probability(REJECTED_DE, COUNCIL)
    assert pair_reading.same_probability(COUNCIL, REWORDED) == pair_reading.same_probability(f" {COUNCIL}\n", REWORDED)


@override_settings(PAIR_READING=False)
def test_turned_off_it_reads_nothing():
    assert not pair_reading.reads_differently(COUNCIL, REJECTED_DE)


def candidates(*scored):
    return [("claim", Claim(pk=n, text=text), cosine) for n, (text, cosine) in enumerate(scored, 1)]


def test_it_is_asked_only_where_the_rules_would_say_the_same_claim(monkeypatch):
    asked = []
    monkeypatch.setattr(pair_reading, "reads_differently", lambda a, b: asked.append(b) or True)
    ranked = rank_candidates("Only six nations pledged troops", candidates(
        ("Just six countries committed soldiers", 0.95),  # the rules: the same claim; the reading is asked
        ("Only seven nations pledged troops", 0.97),  # a conflict already: not asked
        ("Six nations pledged troops to the coalition", 0.88),  # shown, below the line: not asked
    ))
    assert asked == ["Just six countries committed soldiers"]
    reread = next(m for m in ranked if m.obj.pk == 1)
    assert reread.conflicts == (str(READ_AS_DIFFERENT),) and not reread.same
    assert reread.score == pytest.approx(0.95 - 0.05)  # the conflicts' penalty: it ranks below the conflict-free


def test_a_pair_it_reads_as_the_same_stays_the_same_claim(monkeypatch):
    monkeypatch.setattr(pair_reading, "reads_differently", lambda a, b: False)
    ranked = rank_candidates("Only six nations pledged troops", candidates(("Just six countries committed soldiers", 0.95)))
    assert ranked[0].same and ranked[0].conflicts == ()


@pytest.mark.django_db
def test_a_pair_is_read_once_and_kept_for_every_process(monkeypatch):
    readings = pair_reading.Readings(COUNCIL, [REJECTED_DE, REWORDED])
    assert readings.reads_differently(COUNCIL, REJECTED_DE) and not readings.reads_differently(COUNCIL, REWORDED)
    readings.save()
    assert PairReading.objects.count() == 2
    # Another process: nothing in its memory, and the model must not be asked again.
    pair_reading._probability.cache_clear()
    monkeypatch.setattr(pair_reading, "reader", lambda: pytest.fail("a stored pair was read again"))
    again = pair_reading.Readings(REJECTED_DE, [COUNCIL])
    assert again.reads_differently(REJECTED_DE, COUNCIL) and not again.new  # whichever comes first
    again.save()
    assert PairReading.objects.count() == 2


@pytest.mark.django_db
@override_settings(PAIR_READING=False)
def test_turned_off_it_neither_asks_the_database_nor_stores(django_assert_num_queries):
    with django_assert_num_queries(0):
        readings = pair_reading.Readings(COUNCIL, [REJECTED_DE])
        assert not readings.reads_differently(COUNCIL, REJECTED_DE)
        readings.save()
