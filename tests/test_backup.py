"""Backup and restore: `export_claims --format json --status all`, then `import_claims FILE` into an
empty database, gives back the same records field by field; a bad file imports nothing and says
where the first problem is."""
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from claims.models import Article, Claim, Correction, Evidence, HistoryEntry, Note, Organisation, Rating, Source

from .export_fixtures import newsroom, organisation  # noqa: F401  (fixtures)

RECORD_TABLES = [
    "claims_stagevisit", "claims_notification", "claims_correction", "claims_historyentry", "claims_note", "claims_evidence",
    "claims_source", "claims_claim", "claims_article", "auth_user_groups", "auth_user_user_permissions", "auth_user",
]


def empty_the_database():
    """What a freshly migrated database holds: no users, articles or claims (ratings, groups and the
    organisation row come from the migrations). Raw SQL, because notes, history and corrections
    refuse deletion through the ORM, and on PostgreSQL row triggers refuse DELETE (TRUNCATE, which
    fires no row trigger, is how an operator empties them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys are checked at commit: run the pending checks first, as TRUNCATE
            # refuses tables with checks still queued.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(RECORD_TABLES)} CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in RECORD_TABLES:
                cursor.execute(f"DELETE FROM {table}")


def natural(value):
    """A related object by what identifies it outside this database."""
    if value is None:
        return None
    if isinstance(value, User):
        return value.username
    if isinstance(value, Article):
        return value.body_hash
    if isinstance(value, Claim):
        return (value.article.body_hash, value.start, value.end)
    if isinstance(value, Source):
        return (value.url, value.title, value.created_at)
    if isinstance(value, Rating):
        return value.slug
    raise TypeError(value)


def rows(model):
    fields = [f for f in model._meta.concrete_fields if f.name != "id"]
    found = [
        tuple((f.name, natural(getattr(obj, f.name)) if f.is_relation else getattr(obj, f.attname)) for f in fields)
        for obj in model._base_manager.all()
    ]
    return sorted(found, key=repr)


def snapshot():
    users = sorted(
        (u.username, u.first_name, u.last_name, u.email, u.is_active, u.is_staff, sorted(g.name for g in u.groups.all()))
        for u in User.objects.all()
    )
    organisation = Organisation.current()
    return {
        "users": users,
        "organisation": (organisation.name, organisation.url, organisation.public_base_url, organisation.methodology,
                         organisation.logo),
        **{model.__name__: rows(model) for model in (Rating, Article, Claim, Source, Evidence, Note, HistoryEntry, Correction)},
    }


@pytest.fixture
def backup(newsroom, tmp_path, editor, checker):
    """A backup of a newsroom with every kind of record, including an edited rating scale, a
    duplicate link and a source used by two claims."""
    Rating.objects.filter(slug="half-true").update(colour="#123456", definition="Edited in the admin.")
    Rating.objects.create(label="Misleading", slug="misleading", value=6, definition="Says more than it shows.", order=9)
    Claim.objects.filter(pk=newsroom["dismissed"].pk).update(duplicate_of=newsroom["published"])
    shared = Source.objects.filter(evidence__claim=newsroom["published"]).first()
    Evidence.objects.create(claim=newsroom["in_review"], source=shared, stance="context", excerpt="Shared source")
    path = tmp_path / "backup.json"
    call_command("export_claims", "--format", "json", "--status", "all", "--output", str(path), stderr=io.StringIO())
    return path


def test_round_trip_reproduces_every_record_field_by_field(backup):
    before = snapshot()
    assert len(before["Claim"]) == 4 and len(before["Correction"]) == 1 and len(before["Note"]) == 1
    empty_the_database()
    Rating.objects.filter(slug="misleading").delete()
    Rating.objects.filter(slug="half-true").update(colour="#8a6d00", definition="Default.")
    Organisation.objects.update(name="Somebody else")
    assert Claim.objects.count() == 0 and User.objects.count() == 0

    out = io.StringIO()
    call_command("import_claims", str(backup), stdout=out)
    assert "Imported 1 article(s), 4 claim(s), 6 source(s), 3 new user(s)" in out.getvalue()

    after = snapshot()
    # Users come back when a record mentions them (checker2, who did nothing, is not in the backup).
    assert after["users"] == [u for u in before.pop("users") if u[0] in {"editor", "editor2", "checker"}]
    for key in before:
        assert after[key] == before[key], key


def test_restored_users_have_no_usable_password(backup):
    empty_the_database()
    call_command("import_claims", str(backup), stdout=io.StringIO())
    assert User.objects.count() == 3
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert User.objects.get(username="editor2").groups.filter(name="Editors").exists()


def test_restored_history_stays_append_only(backup):
    empty_the_database()
    call_command("import_claims", str(backup), stdout=io.StringIO())
    entry = HistoryEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.save()


def test_exports_of_the_restored_database_match_the_original(backup, tmp_path):
    empty_the_database()
    call_command("import_claims", str(backup), stdout=io.StringIO())
    again = tmp_path / "again.json"
    call_command("export_claims", "--format", "json", "--status", "all", "--output", str(again), stderr=io.StringIO())
    first, second = json.loads(backup.read_text()), json.loads(again.read_text())
    for document in (first, second):
        document.pop("exported_at")
    # Database ids may differ; everything else is the same.
    strip = lambda d: json.loads(json.dumps(d).replace('"id": ', '"_": '))  # noqa: E731
    assert [c["claim"] for c in first["claims"]] == [c["claim"] for c in second["claims"]]
    assert len(strip(first)["claims"]) == len(strip(second)["claims"])
    assert first["users"] == second["users"] and first["ratings"] == second["ratings"]


# --- bad files: the first problem, where it is, and nothing imported ---------------------------------


def import_fails(path, message):
    with pytest.raises(CommandError) as refused:
        call_command("import_claims", str(path), stdout=io.StringIO())
    assert message in str(refused.value)
    assert "Nothing was imported." in str(refused.value)
    return str(refused.value)


def nothing_was_imported():
    return Article.objects.count() == 0 and Claim.objects.count() == 0 and User.objects.count() == 0 \
        and Source.objects.count() == 0 and not Rating.objects.filter(slug="misleading").exists()


@pytest.fixture
def emptied(backup):
    empty_the_database()
    Rating.objects.filter(slug="misleading").delete()
    return json.loads(backup.read_text())


def write(tmp_path, document):
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return path


def test_truncated_file_is_refused(emptied, backup, tmp_path):
    text = backup.read_text()
    message = import_fails(write(tmp_path, text[: len(text) // 2]), "not valid JSON at line")
    assert "cut short" in message
    assert nothing_was_imported()


def test_file_that_is_not_an_export_is_refused(emptied, tmp_path):
    import_fails(write(tmp_path, {"claims": []}), "format: this is not a claim workbench export")
    import_fails(write(tmp_path, [1, 2]), "the file: expected an object.")
    assert nothing_was_imported()


def test_missing_section_is_refused(emptied, tmp_path):
    del emptied["users"]
    import_fails(write(tmp_path, emptied), "the file: “users” is missing.")
    assert nothing_was_imported()


def test_bad_value_deep_in_the_file_is_named_with_its_place(emptied, tmp_path):
    emptied["claims"][3]["evidence"][0]["stance"] = "agrees"
    import_fails(write(tmp_path, emptied), "claims[3].evidence[0].stance: Value 'agrees' is not a valid choice.")
    assert nothing_was_imported()


def test_late_problem_undoes_everything_before_it(emptied, tmp_path):
    emptied["claims"][-1]["history"][-1]["created_at"] = "last Tuesday"
    import_fails(write(tmp_path, emptied), "history[")
    assert nothing_was_imported()


def test_claim_pointing_at_a_missing_article_is_refused(emptied, tmp_path):
    emptied["articles"] = []
    import_fails(write(tmp_path, emptied), "claims[0].article: article")
    assert nothing_was_imported()


def test_unknown_user_is_refused(emptied, tmp_path):
    emptied["users"] = [u for u in emptied["users"] if u["username"] != "checker"]
    import_fails(write(tmp_path, emptied), "the user “checker” is neither in the file's users nor in the database.")
    assert nothing_was_imported()


def test_altered_article_text_is_refused(emptied, tmp_path):
    emptied["articles"][0]["body"] = emptied["articles"][0]["body"].replace("six", "seven")
    import_fails(write(tmp_path, emptied), "articles[0].body: the text does not match its body_hash")
    assert nothing_was_imported()


def test_span_that_does_not_quote_the_article_is_refused(emptied, tmp_path):
    emptied["claims"][0]["span"]["start"] += 1
    import_fails(write(tmp_path, emptied), "claims[0]: The quote does not match the article's text at that position.")
    assert nothing_was_imported()


def test_importing_twice_refuses_the_duplicate_articles(backup):
    with pytest.raises(CommandError, match=r"articles\[0\]: the database already holds this article"):
        call_command("import_claims", str(backup), stdout=io.StringIO())
    assert Article.objects.count() == 1


def test_missing_file_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_claims", str(tmp_path / "nope.json"))


def _published(document):
    return next(c for c in document["claims"] if c["status"] == "published")


def test_a_published_claim_without_a_publication_time_is_refused(emptied, tmp_path):
    """Issue #11 item 7: such a claim's public page answered 500."""
    claim = _published(emptied)
    claim["published"]["published_at"] = None
    where = f"claims[{emptied['claims'].index(claim)}].published"
    import_fails(write(tmp_path, emptied), f"{where}: refused: a published claim has a publication time.")
    assert nothing_was_imported()


def test_a_verdict_approved_by_its_own_proposer_is_refused(emptied, tmp_path):
    claim = _published(emptied)
    claim["approved_by"] = claim["proposed_by"]
    where = f"claims[{emptied['claims'].index(claim)}].approved_by"
    import_fails(write(tmp_path, emptied), f"{where}: refused: the approver of a verdict cannot be the person who proposed it")
    assert nothing_was_imported()
