"""bench_http's accounting: the CPU each side spends per request, read so that a figure taken on a
busy machine can still be compared. No speed is asserted: that is what the command prints."""
import http.server
import os
import sys
import threading
import time

import pytest

from devtools.management.commands import bench_http


@pytest.fixture
def tiny_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn answers

        def do_GET(self):
            body = b"ok" if self.headers.get("Cookie") == "sessionid=s" else b""
            self.send_response(200 if body else 403)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_server_cpu_counts_a_process_and_grows_as_it_works():
    before = bench_http._server_cpu(os.getpid())
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:
        pass
    assert before is not None and bench_http._server_cpu(os.getpid()) >= before + 0.1


def test_server_cpu_of_a_process_that_is_gone_is_unknown():
    assert bench_http._server_cpu(2**22 + 1) is None  # above Linux's largest pid


def test_load_counts_answers_and_the_clients_cpu_per_request(tiny_server):
    result = bench_http._load(tiny_server, "/", "sessionid=s", 2, 0.3)
    assert result["requests"] > 0 and result["errors"] == 0
    assert result["client_cpu"] > 0 and result["server_cpu"] is None  # no server pid given


def test_refused_answers_are_errors_not_requests(tiny_server):
    result = bench_http._load(tiny_server, "/", "sessionid=wrong", 1, 0.2)
    assert result["requests"] == 0 and result["errors"] > 0


@pytest.fixture
def cookie_server():
    """Sets a CSRF cookie on the first answer, as Django does, and says which cookies came back."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            seen.append(self.headers.get("Cookie"))
            self.send_response(200)
            if "csrftoken" not in (self.headers.get("Cookie") or ""):
                self.send_header("Set-Cookie", "csrftoken=abc; Path=/; SameSite=Lax")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


def test_each_user_sends_back_the_cookies_the_server_set_as_a_browser_does(cookie_server):
    port, seen = cookie_server
    result = bench_http._load(port, "/", "sessionid=s", 1, 0.2)
    assert result["requests"] >= 2
    assert seen[0] == "sessionid=s"
    assert set(seen[1:]) == {"sessionid=s; csrftoken=abc"}


def test_the_server_is_given_the_benchs_connection_options():
    from django.db import connection

    url = bench_http._database_url("bench_http-1")
    if connection.vendor == "sqlite":
        assert url.startswith("sqlite:///")
    else:
        from workbench.settings import database_from_url

        options = database_from_url(url)["OPTIONS"]
        assert options["application_name"] == "bench_http-1"
        assert options["server_side_binding"] == connection.settings_dict["OPTIONS"]["server_side_binding"]
        assert options["prepare_threshold"] == connection.settings_dict["OPTIONS"]["prepare_threshold"]
