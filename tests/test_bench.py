"""The benchmark command works end to end on a tiny data set, and the search box's full-text search
finds what the icontains search found and uses its index on PostgreSQL. No timing is asserted here:
speed is what `manage.py bench` prints."""
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims import benchdata
from claims.models import Article, Claim, Evidence, HistoryEntry, Note

TINY = 200


@pytest.fixture
def tiny_set(db):
    return benchdata.ensure(TINY, log=lambda message: None)


def test_builder_makes_the_set_with_its_two_outliers(tiny_set):
    assert Claim.objects.filter(article__url__startswith=benchdata.BENCH_URL).count() == TINY
    assert len(tiny_set.editors) == 4 and len(tiny_set.checkers) == 12 and len(tiny_set.viewers) == 4
    big_claim = Claim.objects.get(pk=tiny_set.big_claim_id)
    assert (big_claim.evidence.count(), big_claim.notes.count(), big_claim.history.count()) == (20, 30, 50)
    assert Article.objects.get(pk=tiny_set.big_article_id).claims.count() == TINY // 2
    assert Evidence.objects.count() > 20 and Note.objects.count() > 30 and HistoryEntry.objects.count() > TINY


def test_every_bench_claim_quotes_its_article_exactly(tiny_set):
    for claim in Claim.objects.select_related("article"):
        claim.full_clean()  # the anchoring rule: the quote is the article's text at [start, end)
        assert claim.prefix == claim.article.body[max(0, claim.start - 32):claim.start]


def test_building_again_reuses_the_set(tiny_set):
    again = benchdata.ensure(TINY, log=lambda message: None)
    assert again.big_claim_id == tiny_set.big_claim_id
    assert Claim.objects.count() == TINY


def test_a_set_of_another_size_is_refused(tiny_set):
    with pytest.raises(CommandError, match="already holds a bench set of 200 claims"):
        call_command("bench", claims=400, repeat=1, output="")
    assert Claim.objects.count() == TINY


def test_skip_build_without_a_set_is_refused(db):
    with pytest.raises(CommandError, match="no bench data set"):
        call_command("bench", skip_build=True, output="")


def test_bench_measures_every_page_and_writes_the_table(db, tmp_path, capsys):
    output = tmp_path / "performance.md"
    output.write_text("# Performance\n\nHand-written analysis stays.\n")
    call_command("bench", claims=TINY, repeat=1, output=str(output), explain=True)

    text = output.read_text()
    assert "Hand-written analysis stays." in text
    assert text.count("<!-- bench:start -->") == 1
    for page in ("Claims list, search one word", "Claim detail", "Board", "Dashboard", "My queue", "Article view",
                 "CSV", "ClaimReview JSON-LD"):
        assert f"| {page}" in text
    assert f"{TINY:,} claims over" in text
    # The claim detail and the article view exist since the foundation: measured, with query counts.
    detail_row = next(line for line in text.splitlines() if line.startswith("| Claim detail"))
    assert "not built yet" not in detail_row
    assert int(detail_row.split("|")[3]) > 0
    # Every page has a floor (the board and dashboard: their own queries) and a rendering time,
    # and says whether it stays within 3 x floor + rendering.
    for label in ("Board", "Dashboard", "Claim detail", "Claims list |"):
        row = next(line for line in text.splitlines() if line.startswith(f"| {label}"))
        cells = [cell.strip() for cell in row.split("|")]
        assert float(cells[7].replace(",", "")) > 0 and float(cells[9].replace(",", "")) > 0, row
        assert cells[10].endswith(("✓", "✗")), row
    if connection.vendor == "postgresql":
        assert "Plans (EXPLAIN" in text

    # A second run on the same set replaces the table rather than adding another.
    call_command("bench", skip_build=True, repeat=1, output=str(output), no_exports=True, only="detail")
    text = output.read_text()
    assert text.count("<!-- bench:start -->") == 1 and "Hand-written analysis stays." in text


# --- the search box ----------------------------------------------------------------------------------


def test_search_finds_word_prefixes_in_wording_quote_claimant_and_headline(claim):
    # claim: text "Only six nations pledged troops", quote "Only six nations have pledged troops",
    # claimant "AFP", in the article "Coalition talks".
    assert list(Claim.objects.search("nation")) == [claim]
    assert list(Claim.objects.search("HAVE")) == [claim]  # the quote only; any case
    assert list(Claim.objects.search("afp")) == [claim]
    assert list(Claim.objects.search("coalit")) == [claim]  # the article's headline
    assert list(Claim.objects.search("troops coalition")) == [claim]  # every word, anywhere


def test_search_needs_every_word(claim):
    assert list(Claim.objects.search("troops unicorn")) == []
    assert list(Claim.objects.search("ministry")) == []


def test_search_with_only_punctuation_matches_as_typed(claim):
    assert list(Claim.objects.search("?!")) == []


def test_search_uses_the_gin_indexes_on_postgres(claim, on_postgres):
    with connection.cursor() as cursor:
        # Tiny tables are cheaper to scan; forbid it to see whether the index *can* be used, which
        # is the question (the expression in the query matches the indexed one). Plain index scans
        # are forbidden too: on a table this small the planner may otherwise walk the ordering index
        # and filter every row, which says nothing about the search condition.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = Claim.objects.search("troop").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_search" in plan
    assert "article_title_search" in plan
    assert "Seq Scan on claims_claim" not in plan


def test_bench_reads_the_list_parameters_from_the_page(tiny_set):
    from claims.management.commands.bench import LIST_PARAMS, _detect_list_params

    checker = tiny_set.checkers[0]
    html = f"""
      <form><input type="search" name="text" value="">
      <select name="state"><option value="">Any</option><option value="in_research">In research</option></select>
      <select name="assigned"><option value="{checker.pk}">{checker}</option></select></form>
      <a href="?order=-due_date">Due</a><a href="?order=due_date&amp;state=new">Due</a>
      <a href="/claims/?state=new&amp;pg=2">Next</a>"""
    found = {"params": dict(LIST_PARAMS), "sort_by_due_date": "due_date"}
    _detect_list_params(html, tiny_set, found)
    assert found["params"] == {"status": "state", "assignee": "assigned", "search": "text", "sort": "order", "page": "pg"}
    assert found["sort_by_due_date"] == "due_date"


def test_the_floor_of_a_page_is_its_own_queries_not_the_per_request_ones():
    from claims.management.commands.bench import _data_queries

    captured = [{"sql": sql} for sql in (
        'SELECT "django_session"."session_key" FROM "django_session" WHERE "django_session"."session_key" = \'x\'',
        'SELECT "auth_user"."id", "auth_user"."username" FROM "auth_user" WHERE "auth_user"."id" = 1 LIMIT 21',
        'SELECT "django_content_type"."app_label" FROM "auth_permission" INNER JOIN "auth_user_user_permissions" ON 1',
        'DECLARE "_django_curs_1_sync_2" NO SCROLL CURSOR WITH HOLD FOR SELECT "claims_article"."id" FROM "claims_article"',
        'SELECT COUNT(*) AS "__count" FROM "claims_notification" WHERE "claims_notification"."recipient_id" = 1',
        'SELECT COUNT("claims_claim"."status") FROM "claims_claim"',
        "BEGIN", 'UPDATE "django_session" SET "session_data" = \'x\'', "COMMIT",
    )]
    assert list(_data_queries(captured)) == [
        'SELECT "claims_article"."id" FROM "claims_article"',
        'SELECT COUNT("claims_claim"."status") FROM "claims_claim"',
    ]
