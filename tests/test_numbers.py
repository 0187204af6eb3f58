"""Numbers a claim states, for the "different numbers" conflict of matching (claims/numbers.py)."""
import pytest

from claims.numbers import numbers_conflict, numbers_in, stated_numbers


@pytest.mark.parametrize("text", [
    "eight million people", "8 million people", "huit millions de personnes", "ocho millones de personas",
    "acht Millionen Menschen", "otto milioni di persone", "oito milhões de pessoas", "вісім мільйонів людей",
    "восемь миллионов человек", "osiem milionów ludzi", "acht miljoen mensen",
])
def test_a_number_word_and_its_scale_word_are_one_value_in_every_language(text):
    assert numbers_in(text) == {8_000_000.0}


@pytest.mark.parametrize("text, value", [
    ("twenty five", 25), ("one hundred and five", 105), ("two million three hundred thousand", 2_300_000),
    ("treinta y dos", 32), ("ciento veinte mil", 120_000), ("dos mil", 2000), ("mil millones", 1_000_000_000),
    ("vingt et un", 21), ("soixante-dix", 70), ("quatre-vingt-dix-sept", 97), ("cinq cents", 500),
    ("2.5 million", 2_500_000), ("11 mil", 11_000), ("пʼять тисяч", 5000), ("п'ять тисяч", 5000),
])
def test_runs_of_number_words_add_up_as_spoken(text, value):
    assert numbers_in(text) == {float(value)}


def test_separate_numbers_stay_separate():
    assert numbers_in("between two and three million") == {2.0, 3_000_000.0}
    assert numbers_in("Only six nations pledged 1,000 troops") == {6.0, 1000.0}
    assert numbers_in("Inflation reached 20 per cent") == numbers_in("Inflation reached 20 pour cent") == {20.0}


def test_one_counts_where_it_quantifies():
    assert numbers_in("The school day will be extended by one hour") == {1.0}
    assert numbers_in("Only one country voted against") == {1.0}
    assert numbers_in("one million doses") == numbers_in("un millón de dosis") == numbers_in("eine Million Dosen") == {1e6}
    assert numbers_in("Один регіон") == {1.0}


@pytest.mark.parametrize("text", [
    "One of the largest banks failed", "Una de las mayores empresas quebró", "L'un des plus grands pays",
    "Один з найбільших банків", "No one attended the summit", "The one who resigned", "Millions of people marched",
])
def test_one_as_a_pronoun_and_vague_sizes_are_not_numbers(text):
    assert numbers_in(text) == set()


def test_an_article_may_mean_one_but_never_another_number():
    assert stated_numbers("Le ministre a parlé pendant une heure").uncertain == {1.0}
    # "une heure" is "an hour" or "one hour": it agrees with either, but not with "two hours" ...
    assert not numbers_conflict("La journée sera prolongée d'une heure", "The day will be extended by one hour")
    assert numbers_conflict("La journée sera prolongée d'une heure", "The day will be extended by two hours")
    # ... and an article beside a stated number does not make the numbers differ.
    assert not numbers_conflict("Un ministre a annoncé 5 000 soldats", "A minister announced 5,000 soldiers")


def test_changed_numbers_conflict_in_words_and_digits_alike():
    assert numbers_conflict("extended by one hour", "extended by two hours")
    assert numbers_conflict("eight million people", "nine million people")
    assert not numbers_conflict("eight million people", "8 million people")
    assert not numbers_conflict("huit millions de personnes", "8,000,000 people")
    # Only one side states a number: nothing to compare.
    assert not numbers_conflict("Six nations pledged troops", "Nations pledged troops")


@pytest.mark.parametrize("text, numbers", [
    ("Um dos maiores bancos faliu", set()), ("O maior dos 27 países", {27.0}), ("Dos países enviaron tropas", {2.0}),
    ("The treaty was signed on 12 Sept 2024", {12.0, 2024.0}), ("Sept pays ont promis des troupes", {7.0}),
    ("Fares rose by 50 cents", {50.0}), ("Cinq cents soldats", {500.0}), ("Inflation hit 20 por ciento", {20.0}),
])
def test_words_that_are_a_number_only_in_another_language_are_read_in_context(text, numbers):
    assert numbers_in(text) == numbers


@pytest.mark.parametrize("text", [
    "a quarter of new cars", "one in four new cars", "25% of new cars", "uno de cada cuatro coches nuevos",
    "un quart des voitures neuves", "ein Viertel der Neuwagen", "un quarto delle auto nuove", "um em cada quatro carros",
])
def test_a_share_is_the_same_value_as_a_fraction_a_ratio_or_a_percentage(text):
    assert numbers_in(text) == {25.0}


@pytest.mark.parametrize("text, value", [
    ("four in ten voters", 40), ("quatre Français sur dix", 40), ("четверо з десяти французів", 40),
    ("two thirds of voters", 66.7), ("one in twenty bottles", 5), ("Spain produces half of the olive oil", 50),
    ("migration was halved", 50), ("migration fell by half", 50), ("le solde a été divisé par deux", 50),
    ("la migración se redujo a la mitad", 50), ("die Zuwanderung hat sich halbiert", 50),
])
def test_ratios_halves_and_thirds_are_read_as_percentages(text, value):
    assert numbers_in(text) == {float(value)}


def test_multiples_are_values_of_their_own_kind():
    assert numbers_in("prices doubled") == numbers_in("die Preise haben sich verdoppelt") == numbers_in("went up twofold") == {"×2"}
    assert numbers_conflict("Coffee prices doubled", "Coffee prices tripled")
    assert numbers_conflict("Migration doubled", "Migration fell by half")
    assert not numbers_conflict("Coffee prices doubled", "Les prix du café ont doublé")
    # A multiple is not the number it is spelled from: "doubled" is not "rose by 2".
    assert numbers_conflict("Prices doubled", "Prices rose by 2 percent")


def test_shares_conflict_when_their_values_differ_and_agree_across_wordings():
    assert numbers_conflict("A third of new cars were electric", "A quarter of new cars were electric")
    assert not numbers_conflict("One in four new cars was electric", "A quarter of new cars were electric")
    assert not numbers_conflict("Four in ten French people stay home", "40 % des Français restent chez eux")
    # A rank is not a share.
    assert numbers_in("the third largest economy") == set()


def test_abbreviated_amounts_are_read_with_their_scale():
    assert numbers_in("$80m") == numbers_in("80 million dollars") == {80_000_000.0}
    assert numbers_in("€13bn") == numbers_in("13 miliardi di euro") == {13e9}
    assert numbers_in("4,5 млн") == {4_500_000.0}


def test_slavic_inflected_numerals_are_read():
    assert numbers_in("w ciągu pięciu lat") == numbers_in("within five years") == {5.0}
    assert not numbers_conflict("Two in five teachers plan to quit within five years",
                                "Dwóch na pięciu nauczycieli planuje odejść w ciągu pięciu lat")


@pytest.mark.parametrize("text, expected", [
    ("The flat measures 40 m² and cost ² of nothing", {40.0}),
    ("٣ ministers resigned", {3.0}),
])
def test_superscripts_are_not_read_as_digits_and_other_scripts_digits_are(text, expected):
    # str.isdigit() says yes to "²", which float() refuses: the lookup failed on such a claim.
    assert numbers_in(text) == expected


def test_dutch_number_words_and_shares_are_read():
    assert numbers_in("vijftig duizend mensen") == {50_000.0}
    assert numbers_conflict("zeven op de tien nieuwe auto's", "nine out of ten new cars")
    assert not numbers_conflict("negen op de tien nieuwe auto's", "nine out of ten new cars")
    assert not numbers_conflict("de helft van alle auto's", "half of all cars")


# --- ranks (matching round 5) --------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("Modi won a third term in 2024", "Modi won a fourth term in 2024"),
    ("Modi won a third term in 2024", "Modi ganó un segundo mandato en 2024"),
    ("India became the fifth-largest economy", "India became the third-largest economy"),
    ("Djokovic won his 24th Grand Slam title", "Djokovic a remporté son 23e titre du Grand Chelem"),
    ("Het derde kabinet-Rutte viel in 2023", "Het vierde kabinet-Rutte viel in 2023"),
])
def test_another_rank_is_another_number_in_any_language(a, b):
    assert numbers_conflict(a, b)


@pytest.mark.parametrize("a, b", [
    ("Modi won a third term as prime minister in 2024", "Modi a remporté un troisième mandat de Premier ministre en 2024"),
    ("Modi won a third term as prime minister in 2024", "Modi won in 2024 een derde termijn als premier"),
    ("India became the world's 5th-largest economy", "India se convirtió en la quinta economía del mundo"),
    ("Djokovic won his 24th Grand Slam title", "Djokovic ganó su 24.º título de Grand Slam"),
    ("Sweden became NATO's 32nd member", "Швеція стала 32-м членом НАТО"),
    # A rank on one side only is no conflict: "for the first time" is often left out.
    ("For the first time solar overtook coal in 2024", "Solar overtook coal in 2024"),
])
def test_the_same_rank_in_other_words_or_none_on_one_side_is_no_conflict(a, b):
    assert not numbers_conflict(a, b)


@pytest.mark.parametrize("a, b", [
    # A share is no rank: "a third of", "by a fifth", "one third", "jedna trzecia", "d'un tiers".
    ("A third of voters backed the plan", "Un tiers des électeurs ont soutenu le plan"),
    ("Crossings fell by a third in 2023", "Les traversées ont baissé d'un tiers en 2023"),
    ("Knife crime went up by a fifth in 2023", "Knife crime went up by 20 % in 2023"),
    ("One third of nurses plan to leave", "Jedna trzecia pielęgniarek planuje odejść"),
])
def test_a_share_said_with_a_word_that_is_also_a_rank_is_a_share(a, b):
    assert not numbers_conflict(a, b)
    assert stated_numbers(a).ranks == stated_numbers(b).ranks == frozenset()


def test_an_article_after_digits_is_no_number_of_its_own():
    # "en 2023 un terremoto": "un" is the article, not a 1 stuck to 2023.
    assert not numbers_conflict("Il 6 febbraio 2023 un terremoto di magnitudo 7,8 ha colpito la Turchia",
                                "On 6 February 2023 a magnitude 7.8 earthquake struck Turkey")
    assert stated_numbers("In juni 2024 een derde termijn").certain == {2024.0}


def test_a_title_or_a_weekday_is_no_rank():
    assert stated_numbers("El primer ministro habló").ranks == frozenset()
    assert stated_numbers("Le Premier ministre a parlé").ranks == frozenset()
    assert stated_numbers("Na segunda-feira o governo anunciou").ranks == frozenset()
    assert stated_numbers("Le premier vol a eu lieu").ranks == {1.0}


@pytest.mark.parametrize("text", [
    "Exports fell in the first half of 2023", "Las exportaciones cayeron en la primera mitad de 2023",
    "Le chômage a baissé au second semestre, dans la deuxième moitié de l'année", "Die Exporte sanken in der ersten Hälfte",
])
def test_the_first_or_second_half_of_a_year_is_a_period_not_fifty_per_cent(text):
    assert 50.0 not in numbers_in(text)


def test_stressed_dutch_een_is_one():
    assert numbers_conflict("Astronomen vonden één exoplaneet", "Astronomers found two exoplanets")
    assert not numbers_conflict("Astronomen vonden één exoplaneet", "Astronomers found one exoplanet")
