"""claims.form_renderer writes the plainest widgets in Python: the markup must be Django's own, byte
for byte. Every field of every form of the project is drawn with both renderers (unbound, with
initial values, bound with data and with errors) and compared, as are the pages that show them."""
import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from api.pages import EndpointForm, TokenForm
from claims import workflow
from claims.admin import ClaimAdminForm
from claims.form_renderer import WRITERS, WorkbenchFormRenderer
from claims.forms import (
    BulkActionForm, ClaimDetailsForm, ClaimFilterForm, DeskForm, EvidenceForm, NoteForm, SourceForm, TransitionForm,
)
from claims.models import Claim, person_name
from claims.views.capture import ImportForm
from claims.views.exports import ExportForm

from .conftest import login

DJANGO = "django.forms.renderers.DjangoTemplates"
OURS = "claims.form_renderer.WorkbenchFormRenderer"


def drawn(make_form):
    """Every field of the form `make_form()` builds, as markup: the widget, its label, hidden."""
    form = make_form()
    form.is_valid() if form.is_bound else None
    out = []
    for field in form:
        out += [str(field), field.label_tag(), field.label_tag(attrs={"class": "x"}, label_suffix=":"),
                field.as_hidden() if not isinstance(field.field, forms.FileField) else ""]
    return out


def assert_same_with_both_renderers(make_form):
    with override_settings(FORM_RENDERER=DJANGO):
        theirs = drawn(make_form)
    with override_settings(FORM_RENDERER=OURS):
        ours = drawn(make_form)
    assert ours == theirs


class EdgeCases(forms.Form):
    """What the project's forms do not exercise yet: option groups, marked-safe values and labels,
    attributes that are True, False or None, numbers and dates as values and labels, lazy labels."""

    grouped = forms.ChoiceField(choices=[("", "—"), ("Fruit", [("a", "Apple & <pear>"), ("b", mark_safe("<b>B</b>"))]),
                                         (gettext_lazy("Date"), [(datetime.date(2026, 1, 2), 1234567)])])
    several = forms.MultipleChoiceField(choices=[(1, "one"), (2, gettext_lazy("Any verdict")), ('"q"', "'q'")],
                                        required=False)
    text = forms.CharField(widget=forms.TextInput(attrs={"data-on": True, "data-off": False, "data-none": None,
                                                         "placeholder": 'say "hi" <now>', "maxlength": 12}))
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), disabled=True, required=False)
    number = forms.IntegerField(required=False)
    when = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ticked = forms.BooleanField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    email = forms.EmailField(required=False, label=mark_safe("E<i>mail</i>"))
    radio = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect, required=False)
    split = forms.SplitDateTimeField(required=False)


EDGE_DATA = {
    "grouped": "b", "several": ["2", '"q"'], "text": "<script>alert(1)</script>", "area": "line\n<two>",
    "number": "12345678", "when": "2026-11-30T10:00", "ticked": "on", "secret": "s&cret", "email": "not an email",
    "radio": "x", "split_0": "2026-11-30", "split_1": "10:00",
}


@pytest.mark.parametrize("data", [None, EDGE_DATA, {"text": "x" * 20, "number": "١٢"}])
def test_edge_cases_draw_as_django_draws_them(data):
    assert_same_with_both_renderers(lambda: EdgeCases(data, initial={"area": "first\n", "when": datetime.datetime(
        2026, 11, 30, 9, 15, tzinfo=datetime.UTC), "grouped": "a"}))


def test_edge_cases_draw_in_another_language_as_django_draws_them():
    with translation.override("de"):
        assert_same_with_both_renderers(lambda: EdgeCases(EDGE_DATA))


@pytest.mark.django_db
def test_the_claims_list_forms_draw_as_django_draws_them(editor, checker):
    # As the list passes them (claims.choice_lists): (pk, name) pairs already read.
    checkers = [(user.pk, person_name(user)) for user in (checker, editor)]
    assert_same_with_both_renderers(lambda: ClaimFilterForm(QueryDict(), checkers=checkers))
    assert_same_with_both_renderers(lambda: ClaimFilterForm(QueryDict(
        "status=new&verdict=false&assignee=none&type=quantity&priority=3&language=fr&overdue=on&q=<b>&sort=-due"
        "&desk=opened&since=2026-01-01&until=x"), checkers=checkers))
    assert_same_with_both_renderers(lambda: ClaimFilterForm(QueryDict("status=nope&priority=x&verdict=nope")))
    assert_same_with_both_renderers(lambda: BulkActionForm(checkers=checkers))
    assert_same_with_both_renderers(lambda: BulkActionForm(
        {"action": "assign", "assignee": str(checker.pk), "due_date": "2000-01-01", "priority": "9", "reason": "<x>"},
        claims=Claim.objects.none()))


@pytest.mark.django_db
def test_the_claim_page_forms_draw_as_django_draws_them(claim, editor, checker):
    for step in workflow.TRANSITIONS:
        assert_same_with_both_renderers(lambda step=step: TransitionForm(step=step, claim=claim, initial={"version": 1}))
        assert_same_with_both_renderers(lambda step=step: TransitionForm(
            {"version": "x", "assignee": str(checker.pk), "due_date": "2026-13-01", "comment": "<why>"},
            step=step, claim=claim))
    assert_same_with_both_renderers(lambda: ClaimDetailsForm(claim=claim, user=editor))
    assert_same_with_both_renderers(lambda: ClaimDetailsForm(
        {"text": "", "claimant": "A & B", "claimant_url": "javascript:x", "claim_type": "nope", "priority": "2",
         "language": "??", "assignee": str(checker.pk), "due_date": "2026-11-30", "version": "3"}, claim=claim, user=editor))
    assert_same_with_both_renderers(lambda: EvidenceForm())
    assert_same_with_both_renderers(lambda: EvidenceForm({"stance": "refutes", "excerpt": "<q>", "source": "1"}))
    assert_same_with_both_renderers(lambda: SourceForm({"source-url": "ftp://x", "source-is_primary": "on"}))
    assert_same_with_both_renderers(lambda: NoteForm({"body": "a\n<b>"}))


@pytest.mark.django_db
def test_the_other_forms_draw_as_django_draws_them(claim, article):
    assert_same_with_both_renderers(lambda: DeskForm())
    assert_same_with_both_renderers(lambda: DeskForm({"since": "2026-02-30", "person": "x", "type": "quantity"}))
    assert_same_with_both_renderers(lambda: ExportForm())
    assert_same_with_both_renderers(lambda: ExportForm({"format": "csv", "articles": [str(article.pk)], "date_from": "x"}))
    assert_same_with_both_renderers(lambda: ImportForm())
    assert_same_with_both_renderers(lambda: ImportForm({"title": "<t>", "published_on": "2026-01-01", "text": "x"}))
    assert_same_with_both_renderers(lambda: TokenForm({"name": "CMS <prod>"}))
    assert_same_with_both_renderers(lambda: EndpointForm({"url": "http://x", "events": ["nope"]}))
    assert_same_with_both_renderers(lambda: ClaimAdminForm(instance=claim))
    assert_same_with_both_renderers(lambda: ClaimAdminForm({"text": "", "priority": "x"}, instance=claim))


def page(client, url):
    # What differs from one request to the next: the CSRF token, the nonce, when the page was drawn.
    text = client.get(url).content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce="|seen_at" value=")[^"]*', r"\1", text)


@pytest.mark.django_db
def test_the_pages_with_forms_are_the_same_with_both_renderers(client, claim, editor, checker):
    login(client, editor)
    urls = [reverse("claims:list"), reverse("claims:list") + "?status=bogus&priority=3&language=fr",
            claim.get_absolute_url(), reverse("admin:claims_claim_change", args=[claim.pk]),
            reverse("admin:claims_claim_changelist"), reverse("claims:desk"), reverse("claims:board")]
    with override_settings(FORM_RENDERER=DJANGO):
        theirs = [page(client, url) for url in urls]
    with override_settings(FORM_RENDERER=OURS):
        ours = [page(client, url) for url in urls]
    for url, mine, django_s in zip(urls, ours, theirs, strict=True):
        assert mine == django_s, url


def test_the_fast_path_is_taken_for_every_template_it_knows(monkeypatch):
    # Otherwise the comparisons above would compare Django with itself.
    renderer = WorkbenchFormRenderer()
    assert set(renderer.writers) == set(WRITERS)
    monkeypatch.setattr(DjangoTemplates, "render", lambda *args, **kwargs: pytest.fail("template used"))
    form = EdgeCases(EDGE_DATA, renderer=renderer)
    for name in ("grouped", "several", "text", "area", "number", "ticked", "email"):
        str(form[name])
        form[name].label_tag()


def test_a_template_that_overrides_djangos_is_used_instead(tmp_path):
    (tmp_path / "django" / "forms" / "widgets").mkdir(parents=True)
    (tmp_path / "django" / "forms" / "widgets" / "select.html").write_text("<my-select>")
    renderer = WorkbenchFormRenderer()
    renderer.engine.engine.dirs = [tmp_path, *renderer.engine.engine.dirs]
    renderer.engine.engine.template_loaders  # noqa: B018 (the loaders read `dirs` when first asked)
    assert "django/forms/widgets/select.html" not in renderer.writers
    assert str(EdgeCases(renderer=renderer)["grouped"]) == "<my-select>"
    assert str(EdgeCases(renderer=renderer)["text"]).startswith("<input")
