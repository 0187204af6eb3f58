MEDIUM_DATE_FORMAT = "j. N Y"  # 7. Dez. 2026
SHORT_MONTH_DAY_FORMAT = "j. N"  # 7. Dez.
LONG_DATE_FORMAT = "j. F Y"  # 7. Dezember 2026
