# Django's Arabic formats have no DATETIME_FORMAT, which then falls back to the American default
# ("N j, Y, P"): the date as Django's DATE_FORMAT writes it, then a 24-hour time.
DATETIME_FORMAT = "j F، Y، H:i"
MEDIUM_DATE_FORMAT = "j F Y"
SHORT_MONTH_DAY_FORMAT = "j F"
LONG_DATE_FORMAT = "j F Y"
