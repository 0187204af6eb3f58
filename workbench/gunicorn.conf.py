"""gunicorn's configuration for production: `gunicorn workbench.wsgi` (gunicorn reads this file from
the working directory when started with `-c workbench/gunicorn.conf.py`; see docs/deploy.md).

Every setting can be overridden from the environment, so one file serves a laptop and a server."""
import multiprocessing
import os

# Behind a reverse proxy (TLS terminated there) on the same host; set GUNICORN_BIND=0.0.0.0:8000 to
# listen on every interface instead.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Several worker processes, each with a few threads: the app keeps no state in a process (sessions,
# log-in attempts, everything is in PostgreSQL), so any worker can answer any request. Threads let a
# worker keep serving while one request waits on the database. Workers x threads is also the number
# of PostgreSQL connections one app server holds (CONN_MAX_AGE keeps them open): stay well under
# PostgreSQL's max_connections across all app servers.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request that takes longer than this is a bug or an attack: the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200

# Only the proxy on this host may say a request came over https (X-Forwarded-Proto). Django reads the
# same variable (settings.TRUSTED_PROXIES) and believes the header only from these addresses
# (claims.middleware.TrustedProxySchemeMiddleware).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr for the supervisor (systemd, a container runtime) to collect.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No request bodies or cookies in the access log: only what identifies a request.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def post_worker_init(worker):
    """Runs in each worker after it imported the app (Django is set up), before it accepts connections.

    First the URL configuration, the templates and the default language's translations, which Django
    would otherwise load on the worker's first requests: 0.85 s of CPU that someone's page waited for,
    after every start and every recycle (workbench/warmup.py). About a second before the worker serves.

    Then the "already checked?" vector index (and the embedding model), in a background thread,
    instead of on the first lookup, which at 200,000 vectors took 15-37 s (docs/capture.md). The
    worker serves at once; until the load ends, claim pages match by wording and say so."""
    from claims.vector_index import warm_in_background
    from workbench.warmup import warm_up

    warm_up()
    warm_in_background()
