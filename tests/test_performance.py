"""What keeps pages fast at newsroom scale (docs/performance.md): pages draw a bounded number of
rows whatever the number of claims, and long selects stay correct when rendered the fast way.
Speed itself is measured by `manage.py bench`, not asserted here."""
import datetime
import re

from django import forms
from django.utils import timezone

from claims.forms import ClaimFilterForm, EvidenceForm, ManyOptionsSelect
from claims.models import Source


def test_many_options_select_writes_the_markup_of_djangos_select():
    class Form(forms.Form):
        fast = forms.ChoiceField(choices=[("", "Any"), ("1", "<b>one</b>"), ("2", "two")], required=False,
                                 widget=ManyOptionsSelect)

    html = str(Form({"fast": "2"})["fast"])
    assert html == (
        '<select name="fast" id="id_fast"><option value="">Any</option>'
        '<option value="1">&lt;b&gt;one&lt;/b&gt;</option><option value="2" selected>two</option></select>'
    )


def test_the_article_filter_draws_the_chosen_article_and_no_list(article):
    """The picker searches on the server (claims:article_search): no option per article, whatever their number."""
    html = str(ClaimFilterForm({"article": str(article.pk)})["article"])
    assert f'name="article" value="{article.pk}"' in html and "Chosen: Coalition talks" in html
    assert "<option" not in html


def _sources(n):
    now = timezone.now()
    return Source.objects.bulk_create(
        Source(url=f"https://example.org/{i}", title=f"Source {i:03d}", created_at=now - datetime.timedelta(hours=n - i))
        for i in range(n)
    )


def test_evidence_form_accepts_any_source_and_shows_it_chosen(db):
    """The picker searches on the server: the form draws no list of sources, whatever their number."""
    oldest = _sources(300)[0]
    assert "<option" not in str(EvidenceForm()["source"])
    form = EvidenceForm({"source": str(oldest.pk), "stance": "supports"})
    assert form.is_valid(), form.errors
    assert form.chosen_source() == oldest
    html = str(form["source"])
    assert f'name="source" value="{oldest.pk}"' in html and f"Chosen: {oldest.title}" in html


def test_the_queue_draws_the_most_urgent_hundred_and_points_to_the_rest(client, editor, checker, article):
    from claims.models import Claim
    from claims.views.queue import QUEUE_LIMIT
    from claims.workflow import Status

    from .conftest import PASSWORD

    today = timezone.localdate()
    quote = "Only six nations have pledged troops"
    start = article.body.index(quote)
    Claim.objects.bulk_create(
        Claim(article=article, text=f"Claim {i}", start=start, end=start + len(quote), quote=quote,
              status=Status.IN_RESEARCH, assignee=checker, due_date=today + datetime.timedelta(days=i))
        for i in range(QUEUE_LIMIT + 3)
    )
    assert client.login(username=checker.username, password=PASSWORD)
    response = client.get("/queue/")
    rows = response.context["rows"]
    assert len(rows) == QUEUE_LIMIT
    assert rows[0]["text"] == "Claim 0"  # the earliest due date first
    assert "Every claim assigned to you is in the claims list" in response.content.decode()


def test_a_short_queue_has_no_pointer_to_the_list(client, checker):
    from .conftest import PASSWORD

    assert client.login(username=checker.username, password=PASSWORD)
    assert "Every claim assigned to you" not in client.get("/queue/").content.decode()


def test_list_like_pages_never_read_the_article_text_per_row(client, editor, claim):
    """The claims list, board, queue, dashboard and article view show an article's title at most;
    its text (tens of kilobytes) once per row was most of the board's and the article view's time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import PASSWORD

    assert client.login(username=editor.username, password=PASSWORD)
    for path in ("/claims/", "/board/", "/queue/", "/", f"/articles/{claim.article_id}/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        reading_body = [q["sql"] for q in queries if '"claims_article"."body"' in q["sql"]]
        # The article view reads its own article's text once, for the highlighting.
        assert len(reading_body) <= (1 if path.startswith("/articles/") else 0), (path, reading_body)


def test_many_options_select_escapes_like_django_and_keeps_safe_labels():
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    widget = ManyOptionsSelect(choices=[
        ('"1"', "Tom & Jerry's <i>"), ("2", mark_safe("<b>already safe</b>")), ("3", gettext_lazy("All articles")),
    ])
    html = widget.render("f", '"1"')
    assert '<option value="&quot;1&quot;" selected>Tom &amp; Jerry&#x27;s &lt;i&gt;</option>' in html
    assert '<option value="2"><b>already safe</b></option>' in html
    assert '<option value="3">All articles</option>' in html
    assert html == re.sub(r">\s+<", "><", forms.Select(choices=widget.choices).render("f", '"1"'))


def test_the_article_filter_checks_the_chosen_article_and_builds_no_article_objects(article):
    form = ClaimFilterForm({"article": str(article.pk)})
    assert form.is_valid() and form.cleaned_data["article"] == article
    assert not ClaimFilterForm({"article": "999999"}).is_valid()
    choices = list(form.fields["article"].choices)
    assert choices[0] == ("", "Any article")
    assert (article.pk, article.title) in choices  # plain pairs, not model instances
