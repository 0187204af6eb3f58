"""The seed article and its curated claims (seeds/), loaded by `manage.py loadseed`."""
import json
import shutil

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from claims.models import Article, Claim, HistoryEntry
from claims.workflow import roles_of


@pytest.fixture
def seeded(db):
    call_command("loadseed", verbosity=0)
    return Article.objects.get()


def test_seed_loads_the_article_with_its_headline_as_title(seeded, settings):
    assert seeded.title == "EU Diplomat: Disagreement within Ukraine ‘Coalition of the Willing’"
    assert seeded.body.startswith("Estonian Prime Minister Kaja Kallas indicated")
    assert "Coalition of the Willing’\n" not in seeded.body


def test_every_seed_claim_quotes_its_exact_span(seeded):
    claims = list(seeded.claims.all())
    assert len(claims) >= 14
    for claim in claims:
        assert seeded.body[claim.start:claim.end] == claim.quote
        assert seeded.body[max(0, claim.start - 32):claim.start] == claim.prefix
        assert seeded.body[claim.end:claim.end + 32] == claim.suffix
        assert claim.history.filter(action=HistoryEntry.Action.CREATED).count() == 1


def test_seed_holds_the_named_claims_including_sub_sentence_ones(seeded):
    quotes = set(seeded.claims.values_list("quote", flat=True))
    assert "Estonian Prime Minister Kaja Kallas" in quotes
    assert any(q.startswith("only six nations") for q in quotes)
    assert any(q.startswith("Italian Prime Minister Giorgia Meloni ruled out") for q in quotes)
    # One sentence, two claims: the title and the statement.
    kallas_title = seeded.claims.get(quote="Estonian Prime Minister Kaja Kallas")
    kallas_statement = seeded.claims.get(quote__startswith="Kaja Kallas indicated")
    assert kallas_title.start < kallas_statement.start < kallas_title.end
    assert seeded.claims.get(quote__startswith="only six nations").claim_type == "quantity"


def test_seed_claim_texts_are_short_as_claimreview_prefers(seeded):
    assert all(len(text) <= 75 for text in seeded.claims.values_list("text", flat=True))


def test_loading_twice_changes_nothing(seeded):
    before = (Article.objects.count(), Claim.objects.count(), HistoryEntry.objects.count())
    call_command("loadseed", verbosity=0)
    assert (Article.objects.count(), Claim.objects.count(), HistoryEntry.objects.count()) == before


def test_a_broken_quote_aborts_with_nothing_loaded(db, tmp_path, settings):
    shutil.copy(settings.BASE_DIR / "seeds" / "article.txt", tmp_path / "article.txt")
    seed = json.loads((settings.BASE_DIR / "seeds" / "claims.json").read_text())
    seed["claims"][3]["quote"] = "Kallas resigned on Friday"
    (tmp_path / "claims.json").write_text(json.dumps(seed))
    with pytest.raises(CommandError) as error:
        call_command("loadseed", claims_file=str(tmp_path / "claims.json"), verbosity=0)
    message = str(error.value)
    assert "claims.json" in message and "claim 4" in message and "Kallas resigned on Friday" in message
    assert (Article.objects.count(), Claim.objects.count(), HistoryEntry.objects.count()) == (0, 0, 0)


def test_malformed_claims_file_is_reported(db, tmp_path):
    (tmp_path / "claims.json").write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("loadseed", claims_file=str(tmp_path / "claims.json"), verbosity=0)


def test_demo_users_are_refused_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("loadseed", demo_users=True, verbosity=0)
    assert not User.objects.exists() and not Article.objects.exists()


def test_demo_users_have_their_roles(db, settings, capsys):
    settings.DEBUG = True
    call_command("loadseed", demo_users=True)
    assert "workbench-demo" in capsys.readouterr().out
    roles = {u.username: roles_of(u) for u in User.objects.all()}
    assert {"editor", "viewer"} <= set(roles["editor"]) and "checker" not in roles["editor"]
    assert "checker" in roles["checker"] and "checker" in roles["checker2"]
    assert roles["viewer"] == {"viewer"}
    call_command("loadseed", demo_users=True, verbosity=0)
    assert User.objects.count() == 5
