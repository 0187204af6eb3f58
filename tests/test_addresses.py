"""{% address %} (claims/templatetags/addresses.py) writes what {% url %} writes, though it reverses each
address once per process: under another script prefix, language, URL configuration or current
application, with other arguments, it is reversed again, never read from another's."""
import pytest
from django.http import HttpResponse
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.conf.urls.i18n import i18n_patterns
from django.test.utils import override_script_prefix, override_settings
from django.urls import include, path, resolve
from django.utils import translation

from claims.templatetags import addresses

from .conftest import login


def _view(request, *args, **kwargs):
    return HttpResponse()


_shared = ([path("here/", _view, name="here"), path("item/<int:pk>/", _view, name="item")], "shared")
# Two instances of one application: {% url 'shared:here' %} depends on the current application.
urlpatterns = [
    path("one/", include(_shared, namespace="one")),
    path("two/", include(_shared, namespace="two")),
    path("moved/claims/", _view, name="moved"),
    # Addresses that carry the language (none of the workbench's do today).
    *i18n_patterns(path("inside/", _view, name="inside")),
]
elsewhere = [path("somewhere/else/", _view, name="moved")]


def both(source, request=None, **values):
    """(what {% url %} writes, what {% address %} writes) for the same tag arguments, twice each: the
    second {% address %} is read from what the first kept."""
    url = Template("{% url " + source + " %}")
    address = Template("{% load addresses %}{% address " + source + " %}")
    context = Context(values)
    if request is not None:
        context.request = request
    return [url.render(context), address.render(context), address.render(context)]


@pytest.fixture(autouse=True)
def nothing_kept():
    addresses.forget()
    yield
    addresses.forget()


def test_it_writes_what_url_writes_with_and_without_arguments(db):
    for source, values in (("'claims:list'", {}), ("'claims:detail' pk", {"pk": 7}),
                           ("'javascript_catalog' language", {"language": "pt-br"}), ("'admin:index'", {})):
        written = both(source, **values)
        assert written[0] == written[1] == written[2], source
    assert both("'claims:detail' pk", pk=8)[1] == "/claims/8/"  # another argument, another address


def test_it_escapes_as_url_does():
    written = both("'javascript_catalog' language", language="a&b")
    assert written[0] == written[1] == written[2] == "/jsi18n/a&amp;b.js"
    unescaped = Template("{% load addresses %}{% autoescape off %}{% address 'javascript_catalog' language %}{% endautoescape %}")
    assert unescaped.render(Context({"language": "a&b"})) == "/jsi18n/a&b.js"


def test_the_script_prefix_is_the_requests_own():
    assert both("'claims:list'")[1] == "/claims/"
    with override_script_prefix("/desk/"):
        assert both("'claims:list'") == ["/desk/claims/"] * 3
    with override_script_prefix("/other/"):
        assert both("'claims:list'")[1] == "/other/claims/"
    assert both("'claims:list'")[1] == "/claims/"


@override_settings(ROOT_URLCONF=__name__)
def test_each_language_is_reversed_in_it():
    for language in ("en-gb", "es", "uk", "en-gb"):
        with translation.override(language):
            assert both("'inside'") == [f"/{language}/inside/"] * 3


@override_settings(ROOT_URLCONF=__name__)
def test_another_url_configuration_is_reversed_in_it():
    assert both("'moved'") == ["/moved/claims/"] * 3
    with override_settings(ROOT_URLCONF="tests.test_addresses_elsewhere"):
        assert both("'moved'") == ["/somewhere/else/"] * 3
    assert both("'moved'")[1] == "/moved/claims/"


@override_settings(ROOT_URLCONF=__name__)
def test_the_current_application_is_the_requests_as_in_url():
    factory = RequestFactory()
    for where in ("/one/here/", "/two/here/"):
        request = factory.get(where)
        request.resolver_match = resolve(where)
        written = both("'shared:item' 3", request=request)
        assert written == [where.replace("here/", "item/3/")] * 3
    request = factory.get("/")
    request.current_app = "two"
    assert both("'shared:here'", request=request) == ["/two/here/"] * 3


def test_what_it_does_not_take_is_refused():
    for source in ("{% address %}", "{% address claims_list %}", "{% address 'claims:list' as where %}",
                   "{% address 'claims:detail' pk=3 %}"):
        with pytest.raises(TemplateSyntaxError):
            Template("{% load addresses %}" + source)


def test_the_pages_addresses_follow_the_script_prefix(client, editor):
    login(client, editor)
    client.get("/claims/")
    with override_script_prefix("/desk/"):
        html = client.get("/claims/").content.decode()
    assert 'href="/desk/claims/" aria-current="page"' in html and 'action="/desk/claims/"' in html
    assert 'href="/claims/"' not in html
    html = client.get("/claims/").content.decode()
    assert 'href="/claims/" aria-current="page"' in html and "/desk/claims/" not in html
