# The workbench's own format names (workbench/formats/__init__.py), in British English; Django's en_GB
# formats give the rest.
MEDIUM_DATE_FORMAT = "j M Y"  # 7 Dec 2026
SHORT_MONTH_DAY_FORMAT = "j M"  # 7 Dec
LONG_DATE_FORMAT = "j F Y"  # 7 December 2026
