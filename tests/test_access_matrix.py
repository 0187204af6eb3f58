"""Who may reach what: every URL pattern × every kind of user × GET and every unsafe method.

The patterns come from the URL configuration itself (tests/every_page.py), so a page added on any branch
is in the matrix at once; each must be classified in PAGES below (or be part of the admin), or
`test_every_page_is_classified` fails. The expected outcomes are written here from the specification
(issue #6), not read from the views:

- anonymous users are sent to log in everywhere except the log-in pages, the password-reset pages
  Django provides, public claim pages and the health check;
- a logged-in user with no role (outsider) reaches nothing but their own account pages;
- viewers may read every page and change nothing (403 or 405 on every unsafe method);
- an unsafe request that is refused changes nothing at all (tests.every_page.fingerprint).
"""
import pytest
from django.contrib.auth.models import Group, User

from claims.models import Correction, HistoryEntry, Note, Notification, Organisation

from .every_page import World, all_routes, concrete_url, fingerprint

UNSAFE = ["POST", "PUT", "PATCH", "DELETE"]
METHODS = ["GET", *UNSAFE]
USER_KINDS = World.USER_KINDS
ROLE_KINDS = ["viewer", "checker", "editor", "superuser"]

# --- the classification ------------------------------------------------------------------------------
# PUBLIC: anyone may read it (GET 200); unsafe methods are refused and change nothing.
# PUBLIC_FORM: anyone may read and submit it (a log-in or reset form): never a server error, and an
#   empty submission changes nothing.
# PAGE: a workbench page: view permission needed to read it; nobody changes anything through it.
# ACTION: an endpoint that changes claims (htmx buttons, forms): viewers and outsiders are refused
#   and nothing changes; fact-checkers and editors get an answer that is never a server error (what
#   each may do is the workflow's business: tests/test_workflow.py).
# OWN_ACCOUNT: a logged-in user's own account pages (password change): any logged-in user.
# LOGOUT: POST only.
# OWN_ACCOUNT_PAGE: the same, read-only.
# OWN_ACCOUNT_ACTION: a change to the user's own things only (marking their notifications read).
# EDITOR_FORM: a page with a form only editors may use (import an article, edit its text): read and
#   submitted by editors; everyone else refused with 403 whatever the method, nothing changed.
# CHECKER_PAGE: a read-only page for those who capture claims (fact-checkers and editors).
PUBLIC, PUBLIC_FORM, PAGE, ACTION, OWN_ACCOUNT, OWN_ACCOUNT_PAGE, OWN_ACCOUNT_ACTION, LOGOUT = (
    "public", "public form", "page", "action", "own account", "own account page", "own account action", "logout")
EDITOR_FORM, CHECKER_PAGE = "editor form", "checker page"
# EDITOR_ACTION: a POST endpoint only editors may use (sending failed e-mails again): editors get an
#   answer that is never a server error; everyone else 403 (or 405 for other methods), nothing changed.
EDITOR_ACTION = "editor action"
# PUBLIC_ACTION: a POST anyone may send (the language switcher): an answer, never a server error, and
#   an empty submission changes nothing; other methods 405.
PUBLIC_ACTION = "public action"

PAGES = {
    "healthz": PUBLIC,
    "login": PUBLIC_FORM,
    "admin/login/": PUBLIC_FORM,
    "password_reset": PUBLIC_FORM,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC_FORM,
    "password_reset_complete": PUBLIC,
    "logout": LOGOUT,
    "password_change": OWN_ACCOUNT,
    "password_change_done": OWN_ACCOUNT_PAGE,
    "claims:home": PAGE,
    "claims:article": PAGE,
    "claims:detail": PAGE,
    "claims:list": PAGE,
    # The verdict colours as a stylesheet: the log-in page uses it too.
    "claims:rating_styles": PUBLIC,
    "claims:transition": ACTION,
    "claims:update_details": ACTION,
    "claims:add_evidence": ACTION,
    "claims:add_note": ACTION,
    "claims:articles": PAGE,
    "claims:board": PAGE,
    "claims:board_transition": ACTION,
    "claims:queue": PAGE,
    "claims:desk": PAGE,
    "claims:desk_export": PAGE,
    "claims:bulk": ACTION,
    "claims:notifications": OWN_ACCOUNT_PAGE,
    "claims:notifications_read": OWN_ACCOUNT_ACTION,
    "claims:retry_failed_mail": EDITOR_ACTION,
    "claims:import_article": EDITOR_FORM,
    "claims:suggestions": CHECKER_PAGE,
    "claims:accept_suggestion": ACTION,
    "claims:reject_suggestion": ACTION,
    "claims:edit_article_text": EDITOR_FORM,
    "claims:claim_from_selection": ACTION,
    "claims:place_claim": ACTION,
    "claims:similar": PAGE,
    "claims:mark_duplicate": ACTION,
    "claims:decide_match": ACTION,
    "claims:matching": PAGE,
    "claims:exports": PAGE,
    "claims:article_report": PAGE,
    "claims:source_search": PAGE,
    "claims:article_search": PAGE,
    # The public site: a published claim's page, the index of them, their feeds, and the stylesheet.
    "public:claim": PUBLIC,
    "public:index": PUBLIC,
    "public:atom": PUBLIC,
    "public:json_feed": PUBLIC,
    "public:datafeed": PUBLIC,
    "public:atom_article": PUBLIC,
    "public:json_feed_article": PUBLIC,
    "public:datafeed_article": PUBLIC,
    "public:rating_styles": PUBLIC,
    "favicon": PUBLIC,
    # The language (docs/i18n.md): the switcher, a person's "Language" page, the JavaScript catalogue.
    "set_language": PUBLIC_ACTION,
    "language": OWN_ACCOUNT_PAGE,
    "javascript_catalog": PUBLIC,
}

# --- the API and its pages (api/). The API's own matrix, operation by operation, is
# tests/test_api_permissions.py; here: it answers for itself (401, never a log-in redirect), never
# with a server error, and an empty request changes nothing.
API, API_ROOT, OWN_TOKENS, OWN_TOKEN_ACTION, REPLAY = "api", "api root", "own tokens", "own token action", "webhook replay"
PAGES.update({name: API for name in (
    "api:list_ratings", "api:list_claims", "api:claim", "api:take_step", "api:add_evidence", "api:add_note",
    "api:similar_claims", "api:list_articles", "api:upload_article", "api:article", "api:suggestions",
    "api:accept_suggestion", "api:export_claims")})
PAGES.update({
    "api:openapi-json": PUBLIC, "api:openapi-view": PUBLIC, "api:api-root": API_ROOT,
    "api_pages:tokens": OWN_TOKENS, "api_pages:revoke_token": OWN_TOKEN_ACTION,
    "api_pages:webhooks": EDITOR_FORM, "api_pages:webhook": EDITOR_FORM, "api_pages:replay": REPLAY,
})


def expected_for_api(route, kind, method):
    category = PAGES[route.id]
    if category not in (API, API_ROOT, OWN_TOKENS, OWN_TOKEN_ACTION, REPLAY):
        return None
    if category == API_ROOT:
        return {404}, True
    if category == API:
        if kind == "anonymous":
            return {401, 405}, True
        if method == "GET":
            # 405: an operation that only writes.
            # 400: a required query parameter missing is answered before the role is looked at.
            return ({400, 403, 405} if kind == "outsider" else {200, 400, 403, 405}), True
        return {400, 403, 405, 409, 422}, True
    if kind == "anonymous":
        return "login", True
    if kind == "outsider":
        return {403}, True
    if category == OWN_TOKENS:
        # An empty name: the form again with its error.
        return ({200} if method == "GET" else {400} if method == "POST" else {405}), True
    if category == OWN_TOKEN_ACTION:
        # Only one's own token can be revoked (the world's token is the fact-checker's).
        if method != "POST":
            return {405}, True
        return ({302} if kind == "checker" else {404}), True
    if category == REPLAY:
        # Replaying a delivery adds one to the log: a change editors may make.
        if kind in ("editor", "superuser"):
            return ({302} if method == "POST" else {405}), method != "POST"
        return {403, 405}, True
    return None

# Editors are staff: in the admin they see the claims app and nothing of user accounts or groups
# (no way to give themselves more rights). Expected GET status per admin view for an editor.
EDITOR_ADMIN_GET = {
    "admin:index": 200, "admin:app_list": 200, "admin:password_change": 200, "admin:password_change_done": 200,
    "admin:jsi18n": 200, "admin:view_on_site": 302, "admin:autocomplete": 403, "admin:logout": 405,
    "admin:auth_user_password_change": 403,
}
EDITOR_ADDS = {"article", "source"}
# The task queue and the scheduled-send ledger are for operators (superusers); editors see failed mail
# on the notifications page instead.
OPERATOR_ONLY = {("django_tasks_database", "dbtaskresult"), ("claims", "scheduledsend")}


def editor_admin_get_status(route):
    if route.name in EDITOR_ADMIN_GET:
        return EDITOR_ADMIN_GET[route.name]
    if route.name is None and route.route.endswith("<path:object_id>/"):
        return 302  # the admin's old-style object URL redirects to the change page, whoever asks
    if route.name is None:
        return 404  # the admin's catch-all for an unknown page
    app, model = route.route.split("/")[1:3]
    if app == "auth" or (app, model) in OPERATOR_ONLY:
        return 403
    action = route.name.rsplit("_", 1)[1]
    return {
        "changelist": 200, "change": 200, "history": 200, "delete": 403,
        "add": 200 if model in EDITOR_ADDS else 403,
    }[action]


ROUTES = all_routes()


def is_login_redirect(response):
    location = response.headers.get("Location", "")
    return response.status_code == 302 and (
        location.startswith("/accounts/login/?next=") or location.startswith("/admin/login/?next=")
    )


@pytest.fixture
def world(article):
    return World(article)


def request(client, method, url, data=None):
    return getattr(client, method.lower())(url, data or {})


def form_data(route, world):
    # A change endpoint gets the claim's current version, as its form would send: what is refused
    # is then the user, not a stale page.
    return {"version": world.claim.version} if PAGES.get(route.id) == ACTION else {}


def probing_method(route):
    return "POST" if PAGES.get(route.id) == ACTION else "GET"


def test_every_page_is_classified():
    unclassified = [r.id for r in ROUTES if not r.is_admin and r.id not in PAGES]
    assert not unclassified, f"Classify these URL patterns in tests/test_access_matrix.py PAGES: {unclassified}"
    stale = set(PAGES) - {r.id for r in ROUTES}
    assert not stale, f"PAGES lists patterns that no longer exist: {stale}"


def expected(route, kind, method):
    """(acceptable statuses or "login", must the database stay unchanged?)"""
    if route.id == "admin/login/":
        return {200, 302, 405}, True
    if route.is_admin:
        if kind in ("outsider", "viewer", "checker") and route.name == "admin:logout":
            return {302}, True  # the admin sends non-staff from its log-out to its index, hence to log in
        if kind == "anonymous" or kind in ("outsider", "viewer", "checker"):
            # Not staff: the admin sends them to its log-in page, whatever the method.
            return "login", True
        if kind == "editor" and method == "GET":
            return {editor_admin_get_status(route)}, False
        # Editors and superusers submitting empty forms: a page with errors, a refusal or the
        # admin's own redirect, never a server error, never a change.
        if route.name in ("admin:logout",):
            return {200, 302, 405}, True
        return {200, 302, 400, 403, 404, 405}, True
    if (api_answer := expected_for_api(route, kind, method)) is not None:
        return api_answer
    category = PAGES[route.id]
    if category == PUBLIC:
        return ({200} if method == "GET" else {405}), True
    if category == PUBLIC_FORM:
        return ({200} if method in ("GET", "POST") else {200, 405}), True
    if category == PUBLIC_ACTION:
        return ({302} if method == "POST" else {405}), True
    if kind == "anonymous":
        return "login", True
    if category == LOGOUT:
        return ({302} if method == "POST" else {405}), method != "POST"
    if category == OWN_ACCOUNT:
        return ({200} if method in ("GET", "POST") else {200, 405}), True
    if category == OWN_ACCOUNT_PAGE:
        return ({200} if method == "GET" else {405}), True
    if category == OWN_ACCOUNT_ACTION:
        return ({200, 204, 302} if method == "POST" else {405}), method != "POST"
    if category == EDITOR_FORM:
        if kind in ("editor", "superuser"):
            # An empty submission: the form again with its errors.
            return ({200} if method == "GET" else {200, 400, 422} if method == "POST" else {405}), True
        return {403, 405}, True
    if category == EDITOR_ACTION:
        if method != "POST":
            return {403, 405}, True
        # An empty submission: refused as unreadable (422) for editors, 403 for everyone else.
        return ({422} if kind in ("editor", "superuser") else {403}), True
    if category == CHECKER_PAGE:
        if kind in ("checker", "editor", "superuser"):
            return ({200} if method == "GET" else {405}), True
        return {403, 405}, True
    if category == ACTION and method != "POST":
        # The method or the permission may be checked first: both refuse.
        return ({403, 405} if kind in ("outsider", "viewer") else {405}), True
    if kind == "outsider":
        return {403, 405}, True
    if category == PAGE:
        return ({200} if method == "GET" else {403, 405}), method != "GET"
    if category == ACTION:
        if kind == "viewer":
            return {403}, True
        # An empty form: refused (403), invalid (400/422), a conflict (409), or the page again
        # with its message (200, or a redirect to it without htmx); never a server error, no change.
        return {200, 302, 400, 403, 409, 422}, True
    raise AssertionError(f"Unknown category {category!r} for {route.id}")


def route_groups():
    """The matrix in groups of routes, one test each: every admin model's pages together (they share
    the object world, which is the costly part), every other pattern on its own."""
    groups = {}
    for route in ROUTES:
        parts = route.route.split("/")
        key = f"admin:{parts[1]}.{parts[2]}" if route.is_admin and len(parts) > 3 and "<" not in parts[1] else (
            "admin:site" if route.is_admin else route.id)
        groups.setdefault(key, []).append(route)
    return groups


ROUTE_GROUPS = route_groups()


def methods_for(route, kind):
    # The admin treats PUT, PATCH and DELETE as GET; a superuser may change anything there by
    # design, so their empty POSTs prove nothing the editor's do not (and the admin's pages are slow).
    if route.is_admin:
        return ["GET"] if kind == "superuser" else ["GET", "POST"]
    return METHODS


@pytest.mark.parametrize("group", ROUTE_GROUPS)
def test_access_matrix(client, world, group):
    failures = []
    before = fingerprint()
    for route in ROUTE_GROUPS[group]:
        url = concrete_url(route, world)
        for kind in USER_KINDS:
            for method in methods_for(route, kind):
                client.logout()
                if kind != "anonymous":
                    client.force_login(world.user(kind))
                response = request(client, method, url, form_data(route, world) if method == "POST" else None)
                want, unchanged = expected(route, kind, method)
                ok = is_login_redirect(response) if want == "login" else response.status_code in want
                if not ok:
                    failures.append(f"{kind} {method} {url}: got {response.status_code} "
                                    f"{response.headers.get('Location', '')}, expected {want if want == 'login' else sorted(want)}")
                after = fingerprint()
                if unchanged and after != before:
                    failures.append(f"{kind} {method} {url} changed the database")
                before = after
    assert not failures, "\n".join(failures)


# --- ids in URLs ---------------------------------------------------------------------------------------

# The API's ids are tested by its own contract tests (a broken or unknown id: 400 or 404; no role: 403).
ROUTES_WITH_IDS = [r for r in ROUTES if not r.is_admin and r.parameters
                   and PAGES.get(r.id) not in (PUBLIC, PUBLIC_FORM, API, OWN_TOKEN_ACTION, REPLAY)]


@pytest.mark.parametrize("route", ROUTES_WITH_IDS, ids=lambda r: r.id)
def test_an_outsider_cannot_tell_which_ids_exist(client, world, route):
    """Changing the id in a URL gives a user with no role the same refusal whether or not the object
    exists: the URL is not a way to probe the records."""
    client.force_login(world.users["outsider"])
    method = probing_method(route)
    existing = request(client, method, concrete_url(route, world))
    missing = request(client, method, concrete_url(route, world, overrides={p: 987654 for p in route.parameters}))
    assert existing.status_code == missing.status_code == 403
    assert existing.content == missing.content


@pytest.mark.parametrize("route", ROUTES_WITH_IDS, ids=lambda r: r.id)
def test_an_id_that_does_not_exist_is_a_clean_404(client, world, route):
    client.force_login(world.users["superuser"])
    before = fingerprint()
    url = concrete_url(route, world, overrides={p: 987654 for p in route.parameters})
    for method in METHODS:
        response = request(client, method, url, form_data(route, world) if method == "POST" else None)
        assert response.status_code in ({404} if method == probing_method(route) else {404, 405}), method
    assert fingerprint() == before


# --- the append-only records are out of reach of every user, the superuser included ------------------

@pytest.mark.parametrize("model", [HistoryEntry, Note, Correction])
def test_no_user_can_change_or_delete_the_records_through_the_admin(client, world, model):
    record = model.objects.order_by("pk").first()
    name = model._meta.model_name
    for kind in ["editor", "superuser"]:
        client.force_login(world.users[kind])
        before = fingerprint()
        assert client.post(f"/admin/claims/{name}/{record.pk}/delete/", {"post": "yes"}).status_code == 403
        assert client.post(f"/admin/claims/{name}/{record.pk}/change/", {}).status_code == 403
        assert client.post(f"/admin/claims/{name}/add/", {}).status_code == 403
        assert fingerprint() == before


def test_an_editor_cannot_grant_themselves_more_rights(client, world):
    editor = world.users["editor"]
    client.force_login(editor)
    superusers = Group.objects.get(name="Editors")
    response = client.post(f"/admin/auth/user/{editor.pk}/change/", {
        "username": "editor", "is_superuser": "on", "is_staff": "on", "is_active": "on", "groups": [superusers.pk],
    })
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_the_world_has_every_kind_of_record(world):
    # Guards the matrix itself: every admin page above was exercised on a real object.
    assert Correction.objects.exists() and Note.objects.exists() and Notification.objects.exists()
    assert Organisation.objects.exists() and User.objects.filter(is_superuser=True).exists()
