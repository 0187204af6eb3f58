"""Date formats a newsroom writes differently from Django's locale formats (settings.FORMAT_MODULE_PATH).
Only what differs is here; everything else comes from django/conf/locale/<language>/formats.py.
Templates name formats ("DATE_FORMAT", "SHORT_DATE_FORMAT", "MONTH_DAY_FORMAT", ...) rather than
writing "j M Y", so each language gets its own (docs/i18n.md)."""
