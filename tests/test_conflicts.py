"""What cosine does not see, across languages (claims/conflicts.py, round 4 of issue 15): units read with
their dimension in every language, gaining against losing, hot against cold and highest against lowest,
roles swapped where a verb's sense is reversed too ("A beat B" = "B lost to A"), and countries named by
their people ("Belgians", "les Français").

Small fixed sentences written for each class; the model is not needed (names are compared with a
stand-in that finds nothing alike, so only the rules decide)."""
import pytest

from claims.conflicts import units_in
from claims.similar import conflicts_between, names_in


def nothing_alike(a, b):
    return 0.5


# --- units -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    # Mass, area, volume, temperature, time: each unit in its language, with a clause added on one side.
    ("Patients lost 12 pounds in a year", "Los pacientes perdieron 12 kilos en un año, según el estudio"),
    ("The fires burned 3 million acres", "Les incendies ont brûlé 3 millions d'hectares, plus que la Belgique"),
    ("Petrol costs 1.50 euros a litre", "Benzin kostet 1,50 Euro pro Gallone"),
    ("Milk prices rose to 2 dollars a gallon", "O preço do leite subiu para 2 dólares o litro"),
    ("Temperatures reached 40C in July", "Temperatures reached 40F in July"),
    ("The strike lasted 6 days", "Lo sciopero è durato 6 settimane"),
    ("The lake covers 500 square kilometres", "Het meer beslaat 500 hectare"),
    # Points beside a per cent are percentage points.
    ("The rate rose by 0.5% to 4%", "Il tasso è salito di 0,5 punti al 4%"),
])
def test_the_same_number_in_another_unit_of_one_dimension_is_another_claim_in_any_language(a, b):
    assert "different units" in conflicts_between(a, b)


@pytest.mark.parametrize("a, b", [
    ("Patients lost 12 kilograms in a year", "Les patients ont perdu 12 kg en un an"),
    ("The fires burned 3 million hectares", "Los incendios quemaron 3 millones de hectáreas"),
    ("Petrol costs 1.50 euros a litre", "La benzina costa 1,50 euro al litro"),
    ("The lake covers 500 km²", "The lake covers 500 square kilometres"),
    ("The rate rose by 0.5 percentage points to 4%", "El tipo subió 0,5 puntos hasta el 4 %"),
    ("The strike lasted 6 weeks", "Der Streik dauerte 6 Wochen"),
])
def test_the_same_unit_in_another_language_or_spelling_is_no_conflict(a, b):
    assert "different units" not in conflicts_between(a, b)


def test_a_unit_of_time_counts_only_after_a_number():
    # "jeden Tag" is "every day" (Polish "jeden" = one); "this year" measures nothing.
    assert units_in("Der durchschnittliche Pendler fährt jeden Tag eine Stunde") == {}
    assert units_in("This year the strike lasted eight days") == {"time": {"day"}}
    assert units_in("Spanish 11 mil personas") == {}  # "mil" is a thousand, not a mile


def test_a_pound_is_a_weight_and_a_currency():
    assert "different units" in conflicts_between("He lost 15 pounds", "He lost 15 kilograms")
    assert "different units" in conflicts_between("The fine was 15 million pounds", "The fine was 15 million euros")
    assert "different units" not in conflicts_between("The fine was £15m", "La multa fue de 15 millones de libras")


# --- opposite predicates ------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, reason", [
    ("Trial participants lost 8 kilos on average", "I partecipanti hanno preso in media 8 chili", "gained/lost"),
    ("Trial participants lost 8 kilos on average", "Les participants ont pris 8 kilos en moyenne", "gained/lost"),
    ("The party gained 20 seats", "Die Partei verlor 20 Sitze", "gained/lost"),
    ("2023 was the hottest summer on record in Spain", "2023 fue el verano más frío registrado en España", "hot/cold"),
    ("Poland recorded its warmest winter", "Polska odnotowała najzimniejszą zimę", "hot/cold"),
    ("Turnout was the highest since 1990", "Die Wahlbeteiligung war die niedrigste seit 1990", "highest/lowest"),
    ("Ukraine's harvest was the largest in a decade", "Урожай в Україні був найменшим за десятиліття",
     "highest/lowest"),
])
def test_opposite_changes_and_extremes_conflict_across_languages(a, b, reason):
    found = [r for r in conflicts_between(a, b, nothing_alike) if r.startswith("opposite")]
    assert found == [f"opposite {'changes' if reason == 'gained/lost' else 'extremes'} ({reason})"]


def test_the_same_change_or_extreme_in_other_words_is_no_conflict():
    assert not conflicts_between("The party gained 20 seats", "El partido ganó 20 escaños", nothing_alike)
    assert not conflicts_between("It was the hottest year on record", "Es war das heißeste Jahr seit Beginn der "
                                 "Messungen", nothing_alike)
    # Taking part or taking place gains nothing.
    assert not conflicts_between("The vote took place after the party lost 20 seats",
                                 "The party lost 20 seats in the vote", nothing_alike)
    assert "opposite changes (gained/lost)" not in conflicts_between("Les élus ont pris part au vote",
                                                                     "The members lost the vote", nothing_alike)
    assert "opposite changes (gained/lost)" in conflicts_between("Les élus ont pris le vote",
                                                                 "The members lost the vote", nothing_alike)


# --- roles --------------------------------------------------------------------------------------------

def test_the_loser_and_winner_swapped_across_languages_conflict():
    assert conflicts_between("Arsenal lost 2-0 to Chelsea at Wembley", "El Chelsea perdió 2-0 ante el Arsenal en Wembley",
                             nothing_alike) == ("names in swapped roles",)
    assert conflicts_between("Arsenal beat Chelsea 2-0 at Wembley", "Chelsea a battu Arsenal 2-0 à Wembley",
                             nothing_alike) == ("names in swapped roles",)


def test_a_win_told_as_the_rivals_loss_is_the_same_claim():
    beat = "Arsenal beat Chelsea 2-0 at Wembley"
    assert conflicts_between(beat, "El Chelsea perdió 2-0 ante el Arsenal en Wembley", nothing_alike) == ()
    assert conflicts_between(beat, "Chelsea were beaten 2-0 by Arsenal at Wembley", nothing_alike) == ()
    assert conflicts_between("Chile lost the 2015 Copa América final to Peru on penalties",
                             "Peru beat Chile on penalties in the 2015 Copa América final", nothing_alike) == ()
    assert conflicts_between("Nigeria overtook Brazil as the largest market",
                             "Brazil lost its place as the largest market to Nigeria", nothing_alike) == ()
    # The same order with the sense reversed is the opposite outcome.
    assert conflicts_between(beat, "El Arsenal perdió 2-0 ante el Chelsea en Wembley", nothing_alike) == (
        "opposite outcomes (won/lost)",)
    # Comparisons read both ways too.
    assert conflicts_between("Portugal did better than Spain on exports", "Spanien schnitt bei den Exporten schlechter ab "
                             "als Portugal", nothing_alike) == ()
    assert conflicts_between("Portugal did better than Spain on exports", "Spain did better than Portugal on exports",
                             nothing_alike) == ("names in swapped roles",)
    # Losing without a rival relates no names: "Spain and Portugal lost power" has no roles.
    assert conflicts_between("Spain and Portugal lost power", "Portugal and Spain lost power", nothing_alike) == ()


# --- countries named by their people ------------------------------------------------------------------

def test_a_people_is_its_country_and_another_people_another_country():
    assert names_in("Un quart des Français renoncent à des soins") == ["Français"]  # "des … des" is French, not German
    assert conflicts_between("A third of Belgians skip medical care", "Un tiers des Français renoncent aux soins",
                             nothing_alike) == ("different names",)
    assert "different names" not in conflicts_between("A third of Belgians skip medical care",
                                                       "Un tiers des Belges renoncent aux soins", nothing_alike)
    assert "different names" not in conflicts_between("A third of the Dutch skip medical care",
                                                       "Ein Drittel der Niederländer verzichtet auf Arztbesuche",
                                                       nothing_alike)


def test_a_position_is_read_in_german_and_dutch_too():
    support = "Two thirds of voters support the new law"
    assert "opposite positions (for/against)" in conflicts_between(
        support, "Zwei Drittel der Wähler lehnen das neue Gesetz ab", nothing_alike)
    assert "opposite positions (for/against)" in conflicts_between(
        support, "Twee derde van de kiezers is tegen de nieuwe wet", nothing_alike)
    assert not conflicts_between(support, "Zwei Drittel der Wähler befürworten das neue Gesetz", nothing_alike)


def test_directions_and_bounds_are_read_in_dutch():
    fell = "In the Netherlands unemployment fell to 4 percent"
    assert "opposite directions (rose/fell)" in conflicts_between(fell, "In Nederland is de werkloosheid gestegen tot 4 procent",
                                                                 nothing_alike)
    assert not conflicts_between(fell, "In Nederland daalde de werkloosheid tot 4 procent", nothing_alike)
    # A Dutch article opening a sentence is no name.
    assert names_in("De werkloosheid in Nederland daalde") == ["Nederland"]
    assert "opposite bounds (more/less)" in conflicts_between("More than half voted", "Minder dan de helft stemde",
                                                             nothing_alike)
