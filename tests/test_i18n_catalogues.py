"""The translations are complete (issue #18): for each of the six languages, every entry of the
project's catalogues (locale/<lang>/LC_MESSAGES/django.po and djangojs.po) is translated, in every
plural form the language has (six in Arabic), none is fuzzy, and each translation keeps its msgid's
placeholders."""
from pathlib import Path

import pytest
from django.conf import settings

from . import pofile

LANGUAGES = ["es", "fr", "pt_BR", "de", "uk", "ar"]
DOMAINS = ["django", "djangojs"]
CATALOGUES = [Path(settings.BASE_DIR, "locale", lang, "LC_MESSAGES", f"{domain}.po") for lang in LANGUAGES for domain in DOMAINS]


def entries_of(path):
    return [entry for entry in pofile.read(path) if not entry.is_header]


def where(path, entry):
    context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
    return f"{path.relative_to(settings.BASE_DIR)}:{entry.line}{context} {entry.msgid[:70]!r}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    assert path.exists(), f"{path} is missing: run makemessages (docs/i18n.md)"
    entries = pofile.read(path)
    nplurals = int(pofile.header(entries)["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {where(path, entry)}" if not entry.is_header else f"fuzzy header: {path}")
        if entry.is_header:
            continue
        forms = entry.translations
        if entry.msgid_plural is not None and len(forms) != nplurals:
            problems.append(f"{len(forms)} plural forms instead of {nplurals}: {where(path, entry)}")
        if any(not form for form in forms):
            problems.append(f"untranslated: {where(path, entry)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_translations_keep_the_placeholders_of_their_msgid(path):
    problems = []
    for entry in entries_of(path):
        for index, form in enumerate(entry.translations):
            if not form:
                continue
            # Plural forms may drop the count in the singular ("one claim") but never add or rename.
            source = entry.msgid_plural if (entry.msgid_plural is not None and index > 0) else entry.msgid
            expected, found = pofile.placeholders(source), pofile.placeholders(form)
            if entry.msgid_plural is not None:
                ok = set(found) <= set(pofile.placeholders(entry.msgid) + pofile.placeholders(entry.msgid_plural))
            else:
                ok = found == expected
            if not ok:
                problems.append(f"{where(path, entry)}: msgstr[{index}] has {found}, msgid {expected}")
    assert not problems, "\n".join(problems)


def test_the_six_languages_share_one_set_of_msgids():
    """makemessages ran for every language at once: a string missing from one catalogue would show in English there."""
    for domain in DOMAINS:
        ids = {lang: {(e.msgctxt, e.msgid) for e in entries_of(Path(settings.BASE_DIR, "locale", lang, "LC_MESSAGES", f"{domain}.po"))}
               for lang in LANGUAGES}
        reference = ids[LANGUAGES[0]]
        for lang, found in ids.items():
            assert found == reference, f"{domain}.po of {lang} differs from {LANGUAGES[0]}: {sorted(found ^ reference)[:5]}"


def test_the_reader_understands_plural_and_context_entries(tmp_path):
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                  '#, fuzzy, python-format\nmsgctxt "c"\nmsgid "%(n)d one"\nmsgid_plural "%(n)d "\n"many"\n'
                  'msgstr[0] "%(n)d un"\nmsgstr[1] ""\n', encoding="utf-8")
    header, entry = pofile.read(po)
    assert pofile.header([header])["Plural-Forms"].startswith("nplurals=2")
    assert entry.flags == {"fuzzy", "python-format"} and entry.msgctxt == "c"
    assert entry.msgid_plural == "%(n)d many" and entry.translations == ["%(n)d un", ""]
    assert pofile.placeholders("%(n)d of {count} and %s, 100%%") == ["%(n)d", "%s", "{count}"]
