"""Absolute URLs (claims/site.py): from the configured site URL in production, else from the address the
request came to, never a hard-coded host or port. `PORT=8101 make run` must give e-mails and ClaimReview
URLs on 8101."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import override_settings

from claims import exports, site
from claims.models import Organisation

from .conftest import login

ROOT = Path(__file__).resolve().parents[1]
LD_JSON = re.compile(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', re.S)


@pytest.fixture
def published(claim, editor, editor2, checker):
    from claims.workflow import Status

    from .conftest import advance

    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    return claim


def test_no_hard_coded_port_8000_in_the_product():
    """The development port lives in the Makefile (PORT ?= 8000) and the production bind in
    gunicorn.conf.py; nothing that builds a link may name it."""
    offenders = []
    for path in [*ROOT.joinpath("claims").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.html"),
                 ROOT / "workbench" / "settings.py"]:
        if "migrations" in path.parts or path.name in {"loadtest.py", "bench_capture.py"}:
            continue
        if re.search(r"(?<![\d.])8000(?!\d)", path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@override_settings(WORKBENCH_URL="")
def test_claimreview_url_follows_the_port_the_page_was_requested_on(client, published):
    response = client.get(f"/fact-checks/{published.pk}/", HTTP_HOST="127.0.0.1:8101")
    review = json.loads(LD_JSON.search(response.content.decode()).group(1))
    assert review["url"] == f"http://127.0.0.1:8101/fact-checks/{published.pk}/"
    assert review["author"]["url"] == "http://127.0.0.1:8101/"


@override_settings(WORKBENCH_URL="")
def test_email_links_follow_the_port_the_step_was_taken_on(rf, claim, editor, checker, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    """A step taken while serving a request to 127.0.0.1:8101: the e-mail goes out when the step
    commits, inside the request (as it does live, where each step commits in the view)."""
    def view(request):
        with django_capture_on_commit_callbacks(execute=True):
            claim.transition("assign", editor, version=claim.version, assignee=checker)
        return HttpResponse("done")

    site.RequestOriginMiddleware(view)(rf.get("/", HTTP_HOST="127.0.0.1:8101"))
    assert len(mailoutbox) == 1
    assert f"http://127.0.0.1:8101/claims/{claim.pk}/" in mailoutbox[0].body
    assert ":8000" not in mailoutbox[0].body


@override_settings(WORKBENCH_URL="")
def test_streamed_exports_keep_the_requested_address(client, published, editor):
    login(client, editor)
    response = client.get("/exports/", {"format": "claimreview", "status": "published"}, HTTP_HOST="localhost:8123")
    reviews = json.loads(b"".join(response.streaming_content))
    assert reviews[0]["url"] == f"http://localhost:8123/fact-checks/{published.pk}/"


@override_settings(WORKBENCH_URL="https://workbench.example.org/")
def test_configured_addresses_win_over_the_request(client, published, editor, checker):
    organisation = Organisation.current()
    organisation.public_base_url = "https://checks.example.org"
    organisation.save()
    response = client.get(f"/fact-checks/{published.pk}/", HTTP_HOST="127.0.0.1:8101")
    review = json.loads(LD_JSON.search(response.content.decode()).group(1))
    assert review["url"] == f"https://checks.example.org/fact-checks/{published.pk}/"
    assert site.workbench_url() == "https://workbench.example.org"


@override_settings(WORKBENCH_URL="")
def test_outside_a_request_without_configuration_links_are_plainly_local(published):
    assert exports.public_url(published) == f"http://localhost/fact-checks/{published.pk}/"


def test_migration_forgets_the_old_hard_coded_default():
    from importlib import import_module

    migration = import_module("claims.migrations.0019_organisation_logo_site_url")
    assert migration.OLD_DEFAULT == "http://127.0.0.1:8000"


def test_settings_default_has_no_workbench_url():
    code = "import django, os; django.setup(); from django.conf import settings; print(repr(settings.WORKBENCH_URL))"
    env = {"DJANGO_SETTINGS_MODULE": "workbench.settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "''"



def test_make_run_gives_mail_links_on_the_port_it_serves():
    """`PORT=8101 make run`: the server and the links in mail sent outside a request agree on the port."""
    out = subprocess.run(["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    recipe = out.stdout
    # devtools/run.py serves runserver on 127.0.0.1:$PORT beside the task worker.
    assert "PORT=8101" in recipe and "devtools/run.py" in recipe
    assert "WORKBENCH_URL=${WORKBENCH_URL:-http://127.0.0.1:8101}" in recipe
