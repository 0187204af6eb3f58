"""The Exports page: choose claims and a format, download the file; and the printable report of an
article. Both stream (claims.exports yields the file in chunks) so a large export never sits in
memory whole."""
from django import forms
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from .. import exports, site
from ..forms import IdChoiceField, IdMultipleChoiceField, RefusesControlCharacters
from ..models import Article, Rating
from ..workflow import Status


class RatingChoiceField(IdChoiceField):
    """A rating shown in the reader's language (the desk's label for it, or the base one)."""

    def label_from_instance(self, obj):
        return obj.shown_label


class ExportForm(RefusesControlCharacters, forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"),
                               choices=[(f.name, f.label) for f in exports.FORMATS.values()], initial="csv")
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=exports.STATUS_CHOICES, initial=exports.PUBLISHED,
                               help_text=gettext_lazy("Only published claims unless you choose otherwise."))
    articles = IdMultipleChoiceField(label=gettext_lazy("Articles"), queryset=Article.objects.all(), required=False,
                                     help_text=gettext_lazy("None chosen: every article."))
    verdict = RatingChoiceField(label=gettext_lazy("Verdict"), queryset=Rating.objects.prefetch_related("translations"),
                                required=False, empty_label=gettext_lazy("Any verdict"))
    date_from = forms.DateField(required=False, label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=gettext_lazy("Publication date for published claims, creation date otherwise."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start of the date range is after its end."))
        if cleaned.get("format") == "claimreview" and cleaned.get("status") not in (None, exports.PUBLISHED):
            raise forms.ValidationError(_("ClaimReview describes published verdicts only: choose the status “Published”."))
        return cleaned


def keeping_language(chunks):
    """The chunks, made in the language of the request that asked for them: a streamed file is written
    after the view has returned, when the request's language may no longer be the active one."""
    language = translation.get_language()
    with translation.override(language):
        yield from chunks


def download(chunks, format_name, filename):
    """A streamed export as a file: the one response every door (the Exports page, the article report,
    the API) sends, its URLs built with the request's origin while it streams (claims/site.py)."""
    response = StreamingHttpResponse(site.keeping_request_origin(keeping_language(chunks)),
                                     content_type=exports.FORMATS[format_name].content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("claims.view_claim", raise_exception=True)
@require_safe
def export_page(request):
    """The form (GET without `format`), or the file it asks for. Downloads are reads, so the form
    is a GET and the export's address can be bookmarked."""
    if "format" not in request.GET:
        return render(request, "reports/exports.html", {"form": ExportForm()})
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/exports.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        claims = exports.select_claims(
            status=data["status"], articles=data["articles"], verdict=data["verdict"],
            date_from=data["date_from"], date_to=data["date_to"],
        )
        chunks = exports.export(data["format"], claims, status=data["status"])
    except exports.ExportError as problem:
        form.add_error(None, str(problem))
        return render(request, "reports/exports.html", {"form": form}, status=400)
    filename = exports.export_filename(data["format"], status=data["status"], articles=data["articles"])
    return download(chunks, data["format"], filename)


@permission_required("claims.view_claim", raise_exception=True)
@require_safe
def article_report(request, pk):
    """The printable report of one article: its published claims, or `?status=` for an internal
    draft (marked as such on the page)."""
    article = get_object_or_404(Article, pk=pk)
    status = request.GET.get("status", exports.PUBLISHED)
    try:
        claims = exports.select_claims(status=status, articles=[article.pk])
    except exports.ExportError as problem:
        return render(request, "reports/exports.html", {"form": ExportForm(), "problem": str(problem)}, status=400)
    if not claims.exists():
        # Nothing to report with these choices (typically: nothing published yet). Say so in the
        # workbench, with how the article's claims stand and a way to include them as a draft.
        by_status = dict(article.claims.values_list("status").annotate(n=Count("pk")).order_by())
        standing = [(Status(value).label, by_status[value]) for value in Status.values if by_status.get(value)]
        suggested = next((value for value in (Status.VERIFIED, Status.IN_REVIEW, Status.IN_RESEARCH)
                          if by_status.get(value)), exports.ALL)
        return render(request, "reports/article_report_empty.html", {
            "article": article, "status": status, "status_label": dict(exports.STATUS_CHOICES)[status],
            "standing": standing, "n_claims": sum(by_status.values()),
            "status_choices": exports.STATUS_CHOICES, "suggested": suggested, "nav": "articles",
        })
    # ?download=1: a file that opens on its own, its stylesheet inside it.
    as_file = bool(request.GET.get("download"))
    options = None if as_file else {
        "article": article, "status": status, "status_choices": exports.STATUS_CHOICES,
        "download_query": f"?status={status}&download=1",
    }
    chunks = exports.export_html(claims, status=status, standalone=as_file,
                                 title=_("Report: %(title)s") % {"title": article.title},
                                 options=options)
    if as_file:
        return download(chunks, "html", exports.export_filename("html", status=status, articles=[article.pk]))
    return StreamingHttpResponse(site.keeping_request_origin(keeping_language(chunks)),
                                 content_type=exports.FORMATS["html"].content_type)
