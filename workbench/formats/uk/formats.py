# Ukrainian newsrooms write "7 грудня 2026": the day without a leading zero and without Django's
# trailing "р."; the month in the genitive (E), also when the year is left out (Django's
# MONTH_DAY_FORMAT uses the nominative: "07 грудень").
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
MONTH_DAY_FORMAT = "j E"
# Django's abbreviations ("Гру.") are not what Ukrainian newsrooms write: the genitive in full.
MEDIUM_DATE_FORMAT = "j E Y"  # 7 грудня 2026
SHORT_MONTH_DAY_FORMAT = "j E"  # 7 грудня
LONG_DATE_FORMAT = "j E Y"  # 7 грудня 2026
