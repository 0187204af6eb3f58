"""The numbers a claim states, read as values in the languages matching compares (English, Spanish,
French, German, Italian, Portuguese, Ukrainian, Russian, Polish, Dutch): "1,000" = "1 000" = "1.000" =
"mil" = "thousand"; "eight million" = "8 million" = "huit millions" = 8,000,000.

A run of number words is one value, built the way the words are spoken: units and tens add
("twenty five", "treinta y dos", "vingt et un", "soixante-dix"), "hundred" multiplies what is
before it, and a scale word (thousand, million, billion) closes a group ("two million three
hundred thousand" = 2,300,000; "mil millones" = 10^9). Digits followed by scale words combine too
("2.5 million", "11 mil").

"One" is the hard word: it counts ("one hour" against "two hours" is a different claim), but it is
also a pronoun ("one of the largest") and, in most of these languages, the indefinite article
("un ministre", "eine Stunde" = "a minister", "an hour"). So:
- "one of" / "uno de" / "l'un des" / "один з" and English "one" used as a pronoun (no noun after
  it, or after "the", "this", "every"...) are not numbers;
- English "one" and the Slavic words (these languages have no articles) are numbers otherwise;
- the Romance and German articles (un, une, una, um, ein, eine...) are *uncertain*: a 1 that may or
  may not be meant. numbers_conflict lets such a 1 match a side that does not state it, but
  never stand for another number: "une heure" vs "one hour" agree, "une heure" vs "two hours"
  conflict, and "Un ministre a dit 5 000" vs "A minister said 5,000" agree.

Shares and multiples are values too, so that different wordings of one share agree and different
shares conflict: a fraction or a ratio is read as the percentage it is ("a quarter" = "one in
four" = "uno de cada cuatro" = 25, as "25 %" is; "quatre sur dix" = 40; "half", "halved", "by half",
"à moitié" = 50), and a multiple is its own value ("doubled" = "verdoppelt" = ×2 ≠ "tripled" = ×3).
"$80m" and "€13bn" are 80 million and 13 billion.
"""
import functools
import re
from dataclasses import dataclass

_UNITS = {
    # The article-like words for 1 (un, una, ein...) are in _UNCERTAIN_ONE, not here.
    1: "one eins один одна одне одно jeden jedna jedno één",  # Dutch "één": "een" stressed is one, not "a"
    2: "two dos deux zwei due dois duas два дві две dwa dwie twee", 3: "three tres trois drei tre três три trzy",
    4: "four cuatro quatre vier quattro quatro чотири четыре cztery", 5: "five cinco cinq fünf cinque пʼять пять pięć",
    6: "six seis sechs sei шість шесть sześć zes", 7: "seven siete sept sieben sette sete сім семь siedem zeven",
    8: "eight ocho huit acht otto oito вісім восемь osiem", 9: "nine nueve neuf neun nove девʼять девять dziewięć negen",
    # Spanish "once" (11) is left out: English "once" is far more common in a mixed corpus.
    10: "ten diez dix zehn dieci dez десять dziesięć tien", 11: "eleven onze elf undici",
    12: "twelve doce douze zwölf dodici dozen twaalf", 13: "thirteen trece treize dreizehn tredici treze dertien",
    14: "fourteen catorce quatorze vierzehn quattordici catorze veertien", 15: "fifteen quince quinze fünfzehn quindici vijftien",
    16: "sixteen dieciséis seize sechzehn sedici dezesseis dezasseis zestien",
    17: "seventeen diecisiete siebzehn diciassette dezessete dezassete zeventien",
    18: "eighteen dieciocho achtzehn diciotto dezoito achttien", 19: "nineteen diecinueve neunzehn diciannove dezenove dezanove negentien",
    20: "twenty veinte vingt vingts zwanzig venti vinte двадцять двадцать dwadzieścia twintig",
    30: "thirty treinta trente dreißig trenta trinta dertig", 40: "forty cuarenta quarante vierzig quaranta quarenta veertig",
    50: "fifty cincuenta cinquante fünfzig cinquanta cinquenta vijftig", 60: "sixty sesenta soixante sechzig sessanta sessenta zestig",
    70: "seventy setenta septante siebzig settanta zeventig", 80: "eighty ochenta huitante achtzig ottanta oitenta tachtig",
    90: "ninety noventa nonante neunzig novanta negentig",
    200: "doscientos doscientas duzentos duzentas", 300: "trescientos trescientas trezentos trezentas",
    400: "cuatrocientos cuatrocientas quatrocentos", 500: "quinientos quinientas quinhentos",
}
_HUNDRED = frozenset("hundred hundert cien ciento cent cents cento cem сто honderd".split())
_SCALES = {
    1000: "thousand tausend mil mille mila duizend",
    1_000_000: "million millions millón millones millionen milione milioni milhão milhões miljoen",
    1_000_000_000: "billion billions milliard milliards milliarde milliarden miliardo miliardi bilhão bilhões miljard",
    1_000_000_000_000: "billón billones trillion",
}
# Slavic scale words change their ending with the case and the count (тисяча/тисячі/тисяч,
# milion/miliony/milionów): matched by stem.
_SCALE_STEMS = ((1000, ("тисяч", "тысяч", "tysiąc", "tysiące", "tysięc")),
                (1_000_000, ("мільйон", "миллион", "milion")), (1_000_000_000, ("мільярд", "миллиард", "miliard")))
# "millions of people", "des milliers": a scale word with no number before it and a plural ending
# is a rough size, not a value.
_VAGUE = frozenset("thousands hundreds millions billions milliers millones milioni millionen milliarden miljoenen duizenden "
                   "milhões milhares miliardi".split())
_UNCERTAIN_ONE = frozenset("un une una uno um uma ein eine einen einem einer eines een".split())
# "one of ...", "uno de ...", "l'un des ...", "eine der ...", "один з/из ...": picking one out.
_OF = frozenset("of de des du del dels der des dei degli delle di dos das da do з із из z".split())
# English "one" as a pronoun: "the one", "this one", "no one", "every one", "which one".
_POINTING = frozenset("the this that every each any no which another some".split())
_PRONOUN_FOLLOWERS = frozenset("another who which that is was has can will would should must may might does did "
                               "could by and or".split())
# Joining words inside one number: "one hundred and five", "treinta y dos", "vingt et un", "trinta e dois".
_JOINERS = frozenset("and y et e".split())

# Multiples: a value of their own kind (×2 is not 2: "doubled" ≠ "rose by 2").
_TIMES = {
    "×2": "doubled double doubles doubling twofold duplicó duplicaron duplicado duplicada doublé doublée doublés "
          "doublées doubler double verdoppelt verdoppelte verdoppelten verdoppelten raddoppiato raddoppiata "
          "raddoppiati raddoppiate raddoppiò dobrou dobraram dobrado dobrada duplicou подвоїлася подвоївся "
          "подвоїлося подвоїлися подвоїв подвоїла удвоилась удвоился podwoiła podwoił podwoiły podwoiło verdubbeld verdubbelde",
    "×3": "tripled triple triples tripling threefold triplicó triplicaron triplicado triplicada triplé triplée "
          "triplés tripler verdreifacht verdreifachte triplicato triplicata triplicò triplicou triplicaram "
          "потроїлася потроївся потроїлися потроїв утроилась potroiła potroił verdrievoudigd verdrievoudigde",
    "×4": "quadrupled quadruple fourfold cuadruplicó quadruplé vervierfacht quadruplicato quadruplicou",
    "×5": "fivefold", "×6": "sixfold", "×7": "sevenfold", "×8": "eightfold", "×9": "ninefold",
    "×10": "tenfold",
}
_FOLD = {2: "twofold", 3: "threefold", 4: "fourfold", 5: "fivefold", 6: "sixfold", 7: "sevenfold", 8: "eightfold",
         9: "ninefold", 10: "tenfold"}
# "Three times as many", "deux fois plus", "dos veces más", "dreimal so viel", "tre volte più", "três vezes mais",
# "у три рази більше", "trzy razy więcej", "drie keer zoveel": a multiple, as "tripled" is; "scored three times"
# and "drei Mal" without a comparison are a count. Slavic adverbs ("втричі", "вдвічі") are multiples on their own.
_TIMES_WORDS = r"(?:times|fois|veces|mal|volte|vezes|рази|раза|разів|razy|keer|maal)"
# English "as" compares only in "as many/much", "as high as": "scored twice as Argentina beat France" counts.
_COMPARED = (r"(?:as\s+(?:many|much|likely|high|large|big|fast|long|often|expensive|\w+\s+as)"
             r"|more|higher|larger|bigger|greater|faster|the|that|plus|m[aá]s|mayor|mehr|so|h[oö]her|gr[oö]ßer"
             r"|più|mais|maior|більше|вище|більш|больше|выше|więcej|wyżej|większ\w*|meer|hoger|groter|zo|zoveel)")
_MULTIPLE_PHRASE = re.compile(r"\b(\w+)[\s-]*" + _TIMES_WORDS + r"\s+" + _COMPARED + r"\b"
                              r"|\b(twice|zweimal|dreimal|viermal|doppelt|двічі|тричі|дважды|трижды)\s+" + _COMPARED + r"\b")
_ADVERB_MULTIPLES = {"вдвічі": 2, "удвічі": 2, "вдвоє": 2, "удвоє": 2, "вдвое": 2, "втричі": 3, "утричі": 3, "втроє": 3,
                     "втрое": 3, "вчетверо": 4, "учетверо": 4, "вдесятеро": 10, "doble": 2, "doppio": 2, "dubbele": 2}
# Counts said in one word: "scored twice", "zweimal", "двічі"; and the goals of one player in one match, named in
# each language's football words: a hat-trick ("triplete", "tripletta", "triplé", "хет-трик") is 3 goals, a brace
# ("doublé", "doblete", "doppietta", "Doppelpack", "дубль") 2.
_COUNTS = {"twice": 2, "thrice": 3, "zweimal": 2, "dreimal": 3, "двічі": 2, "тричі": 3, "дважды": 2, "трижды": 3,
           "triplete": 3, "tripletta": 3, "hattrick": 3, "dreierpack": 3, "doblete": 2, "doppietta": 2,
           "doppelpack": 2, "дубль": 2, "дублем": 2, "дублі": 2, "dublet": 2, "dubletu": 2, "dubletem": 2}
# Ranks: "a third term" ≠ "a fourth term" = "un quatrième mandat"; "the fifth-largest" ≠ "the third-largest". A
# rank is no count ("a third term" is not 33 %, nor 3) and is compared only with ranks: "for the first time" on
# one side only is no conflict (see ranks_conflict).
_ORDINALS = {
    1: "first premier première premiers premières primero primera primer primeros primeras primo prima primi prime "
       "primeiro primeira primeiros primeiras erste ersten erster erstes перший перша перше першого першій першим "
       "першу первый первая первого pierwszy pierwsza pierwsze pierwszego pierwszej pierwszym eerste",
    2: "second deuxième deuxièmes seconde segundo segunda secondo seconda zweite zweiten zweiter zweites другий "
       "друга друге другого другій другу другим второй вторая второго drugi druga drugie drugiego drugiej drugim tweede",
    3: "third troisième troisièmes tercer tercero tercera terzo terza terceiro terceira dritte dritten dritter "
       "drittes третій третя третє третього третьої третю третім третий третья третьего trzeci trzecia trzecie "
       "trzeciego trzeciej trzecim derde",
    4: "fourth quatrième cuarto cuarta quarto quarta vierte vierten vierter viertes четвертий четверта четвертого "
       "четверту четвертий четвёртый czwarty czwarta czwartego czwartej vierde",
    5: "fifth cinquième quinto quinta fünfte fünften fünfter пʼятий пʼята пʼятого пятый piąty piąta piątego piątej "
       "vijfde",
    6: "sixth sixième sexto sexta sesto sesta sechste sechsten шостий шоста шостого шестой szósty szósta zesde",
    7: "seventh septième séptimo séptima settimo settima sétimo sétima siebte siebten сьомий сьома седьмой siódmy "
       "siódma zevende",
    8: "eighth huitième octavo octava ottavo ottava oitavo oitava achte achten восьмий восьма восьмой ósmy ósma achtste",
    9: "ninth neuvième noveno novena nono nona neunte neunten девʼятий девʼята девятый dziewiąty dziewiąta negende",
    10: "tenth dixième décimo décima decimo decima zehnte zehnten десятий десята десятый dziesiąty dziesiąta tiende",
}
_ORDINAL_VALUES = {word: value for value, words in _ORDINALS.items() for word in words.split()}
# "3rd", "2nd", "4th", "3e", "3ème", "3º", "3ª", "3-й": digits as a rank.
_DIGIT_ORDINAL = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th|e|ème|er|re|\.?º|\.?ª|-(?:й|ий|го|ого|м|му|ій|ої|ю|а|е|ей))(?!\w)")
# A denominator word is a share before "of" ("a third of voters", "un tiers des", "un terzo degli") or with a
# count before it ("two thirds"); otherwise "third" is a rank ("a third term").
_BY_A_SHARE = frozenset("by par de d um di en em van met o на о na".split())  # "went up by a fifth"
_SHARE_OF = frozenset("of de des du d del della delle dei degli di do da dos das der van z з із від".split())
_HAT_TRICK = re.compile(r"\bhat[\s-]?tricks?\b|\bхет-?трик\w*|\bхэт-?трик\w*")
# French "un doublé" (a brace) is a noun after an article; "a doublé" (has doubled) is the verb, a multiple.
# Portuguese "um bis" is a brace too.
_BRACE_NOUN = re.compile(r"\b(?:un|le|son|du|ce|premier|nouveau)\s+(doublé|triplé)\b|\b(?:um|o|seu)\s+(bis)\b|\ba\s+(brace)\s+of\b"
                         r"|\ba\s+(brace)\b")
_TIMES_VALUES = {word: value for value, words in _TIMES.items() for word in words.split()}
# Halving is a share of what was: 50 (%), as "fell by half" and "fell by 50 %" are.
_HALF = frozenset("half halved halve halves halving mitad moitié hälfte halbiert halbierte halbierten metà "
                  "dimezzato dimezzata dimezzati dimezzò metade половину половина наполовину połowę połowa "
                  "połowy helft gehalveerd".split())
# The first or second half of a year is a period: "the first half of 2023", "la primera mitad", "la seconda metà".
_WHICH_HALF = frozenset("first second 1st 2nd primera segunda première deuxième seconde ersten zweiten erste zweite "
                        "prima seconda primeira pierwsza pierwszej drugiej druga перша першій другій друга eerste "
                        "tweede".split())
_FRACTIONS = {  # a denominator word, after a count or an article: "a third", "two thirds", "un tiers"
    3: "third thirds tercio tercios tiers drittel terzo terzi terço terços третина третину третини trzecia trzecie drie",
    4: "quarter quarters cuarto cuartos quart quarts viertel quarto quarti чверть чверті ćwierć",
    5: "fifth fifths quinto quintos cinquième cinquièmes fünftel quinta quinti п'ята пʼята piąta vijf",
    10: "tenth tenths décimo décima dixième zehntel decimo decimi десята",
}
_FRACTION_VALUES = {word: value for value, words in _FRACTIONS.items() for word in words.split()}
# "one in four", "cuatro de cada diez", "quatre sur dix", "einer von vier", "uno su quattro", "um em cada
# quatro", "четверо з десяти", "jeden na czterech": a count out of a whole.
_OUT_OF = re.compile(r"\b(\w+)\s+(?:in|out of|of every|de cada|(?:\w+\s+)?sur|von|su|em cada|em|op de|з|із|из|na|на)"
                     r"\s+(\w+)\b")
# "divisé par deux", "dividido por dos", "durch zwei geteilt": halved.
_DIVIDED_BY_TWO = re.compile(r"\b(?:divis|dividid|divid)\w*\s+(?:par|por|per)\s+(?:deux|dos|due|dois|2)\b"
                             r"|\b(?:durch|um)\s+(?:zwei|2)\s+geteilt\b")
_CURRENCY_SCALE = re.compile(r"([$€£])\s?(\d+(?:[.,]\d+)?)\s?(m|bn|b|k)\b")
_CURRENCY_SCALES = {"m": "million", "bn": "billion", "b": "billion", "k": "thousand"}
# Written after digits only: "13bn", "4,5 млн", "2 mld", "3 Mrd.".
_SHORT_SCALES = {"bn": 1e9, "mn": 1e6, "mln": 1e6, "mio": 1e6, "mrd": 1e9, "mld": 1e9, "млн": 1e6, "млрд": 1e9,
                 "тис": 1e3, "tys": 1e3, "tsd": 1e3}
# Slavic collective and inflected forms: "четверо з десяти", "jeden na czterech", "w ciągu pięciu lat".
_INFLECTED = {"двоє": 2, "троє": 3, "четверо": 4, "пʼятеро": 5, "шестеро": 6, "семеро": 7, "десятеро": 10,
              "двох": 2, "трьох": 3, "чотирьох": 4, "пʼяти": 5, "шести": 6, "десяти": 10, "двадцяти": 20,
              "dwóch": 2, "dwu": 2, "trzech": 3, "czterech": 4, "pięciu": 5, "sześciu": 6, "dziesięciu": 10}
# Counts in a ratio: also the German "einer von vier".
_COLLECTIVE = {**_INFLECTED, "einer": 1, "eine": 1}

_WORD_VALUES = {word: value for value, words in _UNITS.items() for word in words.split()}
_SCALE_VALUES = {word: value for value, words in _SCALES.items() for word in words.split()}

_DIGITS = r"\d{1,3}(?:[,. \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)?"
_TOKEN = re.compile(_DIGITS + r"|[^\W\d_]+(?:ʼ[^\W\d_]+)?", re.UNICODE)
# Ukrainian writes п'ять with an apostrophe; one spelling (ʼ, a letter) for every variant.
_APOSTROPHE_IN_WORD = re.compile(r"(?<=[а-яіїєґ])['’](?=[а-яіїєґ])")


@dataclass(frozen=True)
class StatedNumbers:
    certain: frozenset
    uncertain: frozenset  # 1s from an article that may or may not mean "one"
    ranks: frozenset = frozenset()  # "third", "troisième", "3rd": compared only with ranks

    @property
    def all(self):
        return self.certain | self.uncertain


def _scale_of(word):
    if word in _SCALE_VALUES:
        return _SCALE_VALUES[word]
    for value, stems in _SCALE_STEMS:
        if word.startswith(stems):
            return value
    return None


def _digits_value(token):
    if re.fullmatch(r"\d{1,3}(?:[,. \u00a0\u202f]\d{3})+", token):
        return float(re.sub(r"\D", "", token))
    return float(token.replace(",", "."))


class _Reader:
    """Adds up one run of number words (and digits before scale words) into a value."""

    def __init__(self):
        self.found, self.uncertain, self.multiples = [], set(), set()
        self.total = self.group = 0.0
        self.open = False  # a number is being read
        self.last = None  # the last word's value, to know what may follow

    def close(self):
        if self.open:
            self.found.append(self.total + self.group)
        self.total = self.group = 0.0
        self.open, self.last = False, None

    def unit(self, value):
        if self.open and not self._may_add(value):
            self.close()
        if self.open and value == 20 and self.group % 100 == 4:
            self.group += 76  # French quatre-vingt(s): 4 x 20
        else:
            self.group += value
        self.open, self.last = True, value

    def _may_add(self, value):
        # "twenty five", "hundred and twelve", "soixante-dix": a smaller part after a round one;
        # "two three" or "twenty thirty" are two numbers.
        if self.last is None:
            return False  # digits, then a word: "5 six" is two numbers
        if value == 20 and self.group % 100 == 4:
            return True
        size = 10 ** len(str(int(value)))
        return self.group % size == 0 or (10 <= value < 20 and self.group % 100 in (60, 80))

    def hundred(self):
        if self.open and self.group % 100 == 0 and self.group:
            self.close()
        self.group = (self.group or 1) * 100
        self.open, self.last = True, 100

    def digits(self, value):
        self.close()
        self.group, self.open, self.last = value, True, None

    def scale(self, value):
        if self.total and self.total < value:
            self.total = (self.total + self.group) * value  # "mil millones"
        else:
            self.total += (self.group or 1) * value
        self.group, self.open, self.last = 0.0, True, value


# A token is read as digits when it starts with a decimal digit of any script (str.isdecimal: "3", "٣",
# what _DIGITS' \d matches and float() reads), never by str.isdigit, which also says yes to "²" and
# other characters float() refuses: a claim with "m²" in it made every lookup fail.
def _is_number_token(token):
    return bool(token) and (token[0].isdecimal() or token in _WORD_VALUES)


def _not_a_number_here(token, previous, following):
    """Words spelled like a number word in one language that are something else here."""
    if token in ("cent", "cents", "cento", "ciento"):
        # "20 per cent", "20 pour cent", "20 por ciento"; English money, "50 cents".
        return previous in ("per", "pour", "por") or previous[:1].isdecimal()
    if token == "dos":
        # Portuguese "of the": "um dos maiores", "dos 27 países" (Spanish "dos" = 2 comes before a noun).
        return previous in _UNCERTAIN_ONE or previous == "one" or _is_number_token(following)
    if token == "sept":
        # English "12 Sept 2024": the month, not French seven.
        return previous[:1].isdecimal() or following[:1].isdecimal()
    return False


def _count_value(word):
    """The value of one count word or digits ("four", "quatre", "4", "un", "четверо"), or None."""
    if word[:1].isdecimal():
        try:
            return _digits_value(word)
        except ValueError:
            return None
    if word in _UNCERTAIN_ONE or word == "one":
        return 1.0
    value = _WORD_VALUES.get(word, _COLLECTIVE.get(word))
    return float(value) if value else None


def _multiples_and_counts(text):
    """Rewrite "three times as many" as "threefold", "twice" (a count) as "2", "un triplete" as "3"."""
    def multiple(match):
        if match[2]:
            value = 2 if match[2] in ("twice", "zweimal", "doppelt", "двічі", "дважды") else 3
        else:
            value = _count_value(match[1])
        fold = _FOLD.get(int(value)) if value and value == int(value) else None
        return f" {fold} " if fold else match[0]

    text = _MULTIPLE_PHRASE.sub(multiple, text)
    text = _HAT_TRICK.sub(" 3 ", text)
    text = _BRACE_NOUN.sub(lambda m: " 3 " if "tripl" in m[0] else " 2 ", text)
    words = re.split(r"(\w+)", text)
    for n, word in enumerate(words):
        if word in _ADVERB_MULTIPLES:
            words[n] = _FOLD[_ADVERB_MULTIPLES[word]]
        elif word in _COUNTS:
            words[n] = str(_COUNTS[word])
    return "".join(words)


def _percent(part, whole):
    return f" {round(100 * part / whole, 1):g} % "


def _shares_as_percentages(text):
    """Rewrite "one in four" and "a quarter" as "25 %", "$80m" as "$80 million", before reading."""
    text = _CURRENCY_SCALE.sub(lambda m: f"{m[1]}{m[2]} {_CURRENCY_SCALES[m[3]]}", text)

    def out_of(match):
        part, whole = _count_value(match[1]), _count_value(match[2])
        if part and whole and part < whole <= 100:
            return _percent(part, whole)
        return match[0]

    text = _OUT_OF.sub(out_of, _DIVIDED_BY_TWO.sub(" 50 % ", text))
    tokens = text.split()
    for n, token in enumerate(tokens):
        word = token.strip(".,;:!?()\"«»")
        whole = _FRACTION_VALUES.get(word)
        if whole is None:
            continue
        # French elides the article: "baissé d'un tiers" is "by a third".
        previous = re.sub(r"^(?:d|l|qu)['’](?=un)", "", tokens[n - 1].strip(".,;:()")) if n else ""
        part = _count_value(previous)
        if part is None and previous in ("a", "an") or previous == "one":
            part = 1.0
        following = tokens[n + 1].strip(".,;:()\"«»") if n + 1 < len(tokens) else ""
        before = tokens[n - 2].strip(".,;:()").lower() if n >= 2 else ""
        # "a third of", "by a fifth", "two thirds", "one third", "jedna trzecia": a share; after an article
        # alone a word that is also a rank is one: "a third term", "een derde termijn".
        if (previous in ("a", "an") or previous in _UNCERTAIN_ONE) and word in _ORDINAL_VALUES and not (
                following in _SHARE_OF or not following or tokens[n][-1:] in ".,;:" or before in _BY_A_SHARE):
            continue
        if part is not None and part < whole:
            tokens[n - 1:n + 1] = ["", _percent(part, whole)]
    return " ".join(tokens)


@functools.lru_cache(maxsize=4096)  # a lookup compares one query with many candidates
def stated_numbers(text):
    """The numbers `text` states, certain and uncertain (see the module's docstring)."""
    lowered = _shares_as_percentages(_multiples_and_counts(_APOSTROPHE_IN_WORD.sub("ʼ", text.lower())))
    ranks = {float(value) for value in _DIGIT_ORDINAL.findall(lowered)}
    lowered = _DIGIT_ORDINAL.sub(" ", lowered)
    tokens = _TOKEN.findall(lowered)
    reader = _Reader()
    for n, token in enumerate(tokens):
        previous = tokens[n - 1] if n else ""
        following = tokens[n + 1] if n + 1 < len(tokens) else ""
        if token in _ORDINAL_VALUES and not _not_a_rank_here(previous, following):
            reader.close()
            ranks.add(float(_ORDINAL_VALUES[token]))
            continue
        if token[0].isdecimal():
            reader.digits(_digits_value(token))
            continue
        if token in _SHORT_SCALES and previous[:1].isdecimal():
            reader.scale(_SHORT_SCALES[token])
            continue
        if token in _TIMES_VALUES:
            reader.close()
            reader.multiples.add(_TIMES_VALUES[token])
            continue
        if token in _HALF and previous in _WHICH_HALF:
            reader.close()  # "the first half of 2023", "primera mitad", "ersten Hälfte": a period, not 50 %
            continue
        if token in _HALF and not (reader.open and following in _OF):
            reader.close()
            reader.found.append(50.0)
            continue
        if _not_a_number_here(token, previous, following):
            reader.close()
            continue
        scale = _scale_of(token)
        if scale is not None:
            if reader.open or token not in _VAGUE:
                reader.scale(scale)
            continue
        if token in _HUNDRED:
            reader.hundred()
            continue
        if token in _JOINERS and reader.open and (following in _WORD_VALUES or following in _UNCERTAIN_ONE):
            continue  # "treinta y dos": keep reading
        one = token == "one" or token in _UNCERTAIN_ONE or _WORD_VALUES.get(token) == 1
        if one and reader.open and reader.last is None:
            reader.close()  # "in juni 2024 een derde termijn": an article after digits starts afresh
        if one and not reader.open:
            if following in _OF or token == "one" and (previous in _POINTING or not following
                                                          or following in _PRONOUN_FOLLOWERS):
                continue
            if token in _UNCERTAIN_ONE:
                if _scale_of(following) is None and following not in _HUNDRED:
                    reader.uncertain.add(1.0)  # "une heure": perhaps one, perhaps "an hour"
                    continue
                reader.unit(1)  # "un millón", "eine Million": certainly a number
                continue
        value = _WORD_VALUES.get(token, _INFLECTED.get(token, 1 if token in _UNCERTAIN_ONE else None))  # "vingt et un"
        if value is not None:
            reader.unit(value)
        else:
            reader.close()
    reader.close()
    certain = frozenset(reader.found) | frozenset(reader.multiples)
    return StatedNumbers(certain, frozenset(reader.uncertain) - certain, frozenset(ranks))


# "primer ministro", "Premier ministre", "first lady": a title, not a rank; "segunda-feira" is Monday; "10
# seconds", "30 segundos" are a unit of time.
_TITLES = frozenset("minister ministers ministre ministres ministro ministra ministros lady dame dama feira".split())


def _not_a_rank_here(previous, following):
    return following in _TITLES or previous[:1].isdecimal()


def numbers_in(text):
    """The values `text` states, certain or not: "six" = "seis" = 6; "eight million" = 8000000."""
    return set(stated_numbers(text).all)


def numbers_conflict(a, b):
    """True when `a` and `b` both state numbers and no reading of their uncertain "one"s makes
    them state the same ones."""
    stated_a, stated_b = stated_numbers(a), stated_numbers(b)
    if ranks_conflict(stated_a.ranks, stated_b.ranks):
        return True
    if not stated_a.all or not stated_b.all:
        return False
    return not (stated_a.certain <= _with_rises(stated_b.all) and stated_b.certain <= _with_rises(stated_a.all))


def ranks_conflict(ranks_a, ranks_b):
    """Both sides rank and neither side's ranks are all on the other: "a third term" ≠ "a fourth term"; "for
    the first time, the third-largest" = "the third-largest"."""
    return bool(ranks_a and ranks_b) and not (ranks_a <= ranks_b or ranks_b <= ranks_a)


def _with_rises(values):
    """`values` and what each multiple says as a rise: "doubled" = "rose 100 %", "tripled" = "up 200 %"."""
    rises = {float(100 * (int(v[1:]) - 1)) for v in values if isinstance(v, str)}
    multiples = {f"×{int(v) // 100 + 1}" for v in values if not isinstance(v, str) and v >= 100 and v % 100 == 0}
    return values | rises | multiples


def is_number_word(word):
    """A word that is only a number ("One", "Ocho", "Четверо", "Millionen", "doubled"), never a name.
    An acronym in capitals is a name: "UN" is the United Nations, not French "un"."""
    if len(word) >= 2 and word.isupper():
        return False
    word = word.lower()
    return (word in _WORD_VALUES or word in _UNCERTAIN_ONE or word in _COLLECTIVE or word in _TIMES_VALUES
            or word in _COUNTS or word in _ADVERB_MULTIPLES or word in _HUNDRED or _scale_of(word) is not None)
