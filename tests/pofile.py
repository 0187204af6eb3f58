"""A small reader of gettext .po files (the venv has no polib): enough for tests/test_i18n_catalogues.py
to check that every entry is translated, none is fuzzy and the placeholders agree.

An entry is a paragraph of the file: `#` comments and flags (`#, fuzzy, python-format`), then
msgctxt, msgid, msgid_plural, msgstr or msgstr[N], each a run of quoted strings. Obsolete entries
(`#~`) are skipped: makemessages --no-obsolete writes none."""
import ast
import re
from dataclasses import dataclass, field

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


@dataclass
class Entry:
    line: int
    flags: set = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # {0: text} or {0: one, 1: few, ...}

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def translations(self):
        return [self.msgstr.get(i, "") for i in range(max(self.msgstr, default=0) + 1)]


def read(path):
    entries, entry, key = [], None, None
    with open(path, encoding="utf-8") as lines:
        for number, raw in enumerate(lines, 1):
            text = raw.strip()
            if not text:
                entry, key = None, None
                continue
            if text.startswith("#~"):
                continue
            if entry is None:
                entry = Entry(line=number)
                entries.append(entry)
            if text.startswith("#,"):
                entry.flags |= {flag.strip() for flag in text[2:].split(",") if flag.strip()}
            elif text.startswith("#"):
                continue
            elif text.startswith('"'):
                _append(entry, key, ast.literal_eval(text))
            else:
                match = _KEYWORD.match(text)
                if not match:
                    raise ValueError(f"{path}:{number}: cannot read {text!r}")
                key = match.group(1)
                _append(entry, key, ast.literal_eval(match.group(2)), start=True)
    return entries


def _append(entry, key, value, start=False):
    if key.startswith("msgstr"):
        index = int(key[7:-1]) if "[" in key else 0
        entry.msgstr[index] = ("" if start else entry.msgstr.get(index, "")) + value
    else:
        setattr(entry, key, ("" if start else getattr(entry, key) or "") + value)


def header(entries):
    """The header's fields ({"Plural-Forms": ..., "Language": ...})."""
    for entry in entries:
        if entry.is_header:
            return dict(line.split(": ", 1) for line in entry.msgstr.get(0, "").splitlines() if ": " in line)
    return {}


# Python's %(name)s / %(n)d / %s and Django's {name}: what a translation must keep exactly.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{\w*\}")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))
