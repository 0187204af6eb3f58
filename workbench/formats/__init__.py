"""Date formats by language (settings.FORMAT_MODULE_PATH), on top of Django's own
(django/conf/locale/<language>/formats.py), which give everything not written here.

Templates name a format rather than write one ("j M Y" keeps the English order and abbreviations in
every language): Django's DATE_FORMAT ("7 December 2026", "7. Dezember 2026"), SHORT_DATE_FORMAT,
MONTH_DAY_FORMAT, DATETIME_FORMAT..., and three of the workbench's own, which every language here
defines (tests/test_i18n_language.py checks it; a language added to LANGUAGES needs them too, or
Django prints the name itself):

- MEDIUM_DATE_FORMAT: day, short month, year — "7 Dec 2026", "7 déc. 2026", "7. Dez. 2026";
- LONG_DATE_FORMAT: day, full month, year, in every language (Django's en_GB DATE_FORMAT abbreviates
  the month) — "7 December 2026", "7 de diciembre de 2026", "7. Dezember 2026";
- SHORT_MONTH_DAY_FORMAT: day and short month — "7 Dec", "7 déc.", "7. Dez." (chart labels, weeks).

Besides, a language's module overrides a Django format a newsroom writes differently (Ukrainian)."""
