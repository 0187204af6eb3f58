"""The sources a desk has gathered, searched as you type by the evidence form's picker
(templates/claims/widgets/autocomplete.html)."""
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from ..models import Evidence, Source
from .autocomplete import MAX_QUERY, read_search  # noqa: F401 -- MAX_QUERY: the limit, named where it applies

MATCHES = 20


def search_sources(query, limit=MATCHES):
    """Sources whose title, publisher or address contains every word of `query`, most cited first,
    each with `citations` (its number of evidence items). An empty query gives the most cited."""
    if not query.split():
        return _most_cited(limit + 1)
    sources = Source.objects.all()
    for word in query.split():
        sources = sources.filter(Q(title__icontains=word) | Q(publisher__icontains=word) | Q(url__icontains=word))
    return list(sources.annotate(citations=Count("evidence")).order_by("-citations", "title", "pk")[:limit + 1])


def _most_cited(limit):
    # Shown as soon as the box is focused, so it must be quick: counted on the evidence table's source
    # index (only cited sources) rather than by joining every source to its evidence; topped up with
    # the newest sources when fewer are cited.
    counts = list(Evidence.objects.values("source").annotate(n=Count("pk")).order_by("-n", "source")[:limit])
    by_id = Source.objects.in_bulk([row["source"] for row in counts])
    found = []
    for row in counts:
        source = by_id[row["source"]]
        source.citations = row["n"]
        found.append(source)
    if len(found) < limit:
        newest = Source.objects.exclude(pk__in=by_id).order_by("-pk")[:limit - len(found)]
        for source in newest:
            source.citations = 0
            found.append(source)
    return found


@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def source_search(request):
    query, listbox_id = read_search(request, "sources")
    found = search_sources(query)
    options = [{
        "value": source.pk, "label": source.title,
        "detail": " · ".join(filter(None, [
            source.publisher,
            ngettext("cited %(n)d time", "cited %(n)d times", source.citations) % {"n": source.citations}
            if source.citations else _("not cited yet"),
        ])),
    } for source in found[:MATCHES]]
    return render(request, "claims/widgets/autocomplete.html#options", {
        "options": options, "listbox_id": listbox_id,
        "empty_text": _("No source matches; describe a new one below.") if query else _("No sources yet."),
        "more": _("Only the %(n)d most cited matches are shown: type more to narrow.") % {"n": MATCHES}
        if len(found) > MATCHES else "",
    })
