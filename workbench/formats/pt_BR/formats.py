# Django's Brazilian catalogue capitalises month names (Dez.), where newsrooms write them in lower case:
# a known gap (docs/i18n.md).
MEDIUM_DATE_FORMAT = "j N Y"  # 7 Dez. 2026
SHORT_MONTH_DAY_FORMAT = "j N"  # 7 Dez.
LONG_DATE_FORMAT = r"j \d\e F \d\e Y"  # 7 de Dezembro de 2026
