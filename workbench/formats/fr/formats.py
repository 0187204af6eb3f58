MEDIUM_DATE_FORMAT = "j N Y"  # 7 déc. 2026
SHORT_MONTH_DAY_FORMAT = "j N"  # 7 déc.
LONG_DATE_FORMAT = "j F Y"  # 7 décembre 2026
