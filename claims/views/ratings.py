import re

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from ..models import Rating

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@login_not_required
@require_GET
def rating_styles(request):
    """The verdict chips' colours, from the editable rating scale. A stylesheet rather than inline
    style attributes, which the Content-Security-Policy forbids."""
    rules = [
        f".rating-{slug} {{ background: {colour}; color: #fff; }}"
        for slug, colour in Rating.objects.values_list("slug", "colour")
        # Slugs and colours are validated on save; checked again because this is CSS, not HTML.
        if re.fullmatch(r"[-a-zA-Z0-9_]+", slug) and HEX_COLOUR.match(colour)
    ]
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=60"
    return response
