MEDIUM_DATE_FORMAT = "j N Y"  # 7 dic. 2026
SHORT_MONTH_DAY_FORMAT = "j N"  # 7 dic.
LONG_DATE_FORMAT = r"j \d\e F \d\e Y"  # 7 de diciembre de 2026
