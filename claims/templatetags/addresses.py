"""`{% address 'claims:list' %}`: what `{% url 'claims:list' %}` writes, for the addresses every page
repeats (the navigation, the header, the footer, the list's forms), reversed once per process rather
than on every request. Twenty `{% url %}` tags were the biggest share of the claims list's rendering
after its rows (~0.9 ms of CPU a request, issue #17).

An address is kept under everything reverse() reads: the URL configuration (the resolver object
itself, which Django makes again when its URLs change: clear_url_caches(), a test's
override_settings(ROOT_URLCONF=...)), the script prefix the site is served under (SCRIPT_NAME, set
per request), the language (the day the URLs are translated with i18n_patterns), the current
application `{% url %}` reverses for (request.current_app, or the namespace the request resolved to)
and the arguments. The view name is a literal; there is no `as` form: use `{% url %}` for those.
"""
from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import conditional_escape

register = template.Library()

# A few dozen names x prefixes x languages x arguments live at a time; emptied rather than grown past this.
LIMIT = 1024
_kept = {}
_NO_APP = object()


class AddressNode(template.Node):
    child_nodelists = ()

    def __init__(self, view_name, args):
        self.view_name, self.args = view_name, args

    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        request = getattr(context, "request", None)
        # The application {% url %} reverses for (URLNode.render).
        current_app = getattr(request, "current_app", _NO_APP)
        if current_app is _NO_APP:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        key = (get_resolver(get_urlconf()), get_script_prefix(), translation.get_language(), current_app,
               self.view_name, args, context.autoescape)
        try:
            return _kept[key]
        except KeyError:
            pass
        except TypeError:  # an argument that cannot be a key: reversed every time
            key = None
        url = reverse(self.view_name, args=args, current_app=current_app)
        if context.autoescape:
            url = conditional_escape(url)
        if key is not None:
            if len(_kept) >= LIMIT:
                _kept.clear()
            _kept[key] = url
        return url


@register.tag
def address(parser, token):
    """{% address 'app:name' [arg ...] %}"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'address' takes the name of a URL, then its arguments")
    name = bits[1]
    if len(name) < 2 or name[0] != name[-1] or name[0] not in "'\"":
        raise template.TemplateSyntaxError("'address' takes the name of a URL as a quoted literal")
    if any("=" in bit for bit in bits[2:]) or "as" in bits[2:]:
        raise template.TemplateSyntaxError("'address' takes positional arguments only, and no 'as'; use {% url %}")
    return AddressNode(name[1:-1], [parser.compile_filter(bit) for bit in bits[2:]])


def forget():
    """Drop every kept address (tests)."""
    _kept.clear()
