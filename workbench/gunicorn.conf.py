"""gunicorn's configuration for production: `gunicorn workbench.wsgi` (gunicorn reads this file from
the working directory when started with `-c workbench/gunicorn.conf.py`; see docs/deploy.md).

Every setting can be overridden from the environment, so one file serves a laptop and a server."""
import gc
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
#
# Why more processes than cores, with threads: a page is mostly Python (a claims list ~20 ms of CPU
# against a few ms waiting on PostgreSQL), and one process runs Python on one core at a time (the
# GIL), so every core needs a process with work. A gthread worker keeps each kept-alive connection it
# accepted, whatever its threads are doing, so connections spread unevenly over the processes (10
# bench users over 5 workers: 4, 3, 2, 1, 0); with more processes than cores, the cores stay busy
# however they spread. Measured with `manage.py bench_http` on 2 cores (docs/performance.md):
# 5 x 4, 3 x 4 and 2 x 8 cost the same CPU per request within the noise of a shared machine, so the
# choice is not about speed but about that spread, against each process's memory (its own vector
# index, 77 MB at 200,000 vectors, and ~2 s of CPU to start, see post_worker_init): 2 x cores + 1
# workers of 4 threads, 5 x 4 on 2 cores.
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

    Then what is loaded by now (Django, the views, the compiled templates: ~120,000 objects that live
    as long as the worker) is set aside from the garbage collector's full passes (gc.freeze), which
    otherwise walked them all every few hundred requests: 0.47 ms of CPU a claims-list request on
    average under gunicorn (docs/performance.md, issue #17). A request's own objects are collected as
    before.

    Then the "already checked?" vector index (and the embedding model), in a background thread,
    instead of on the first lookup, which at 200,000 vectors took 15-37 s (docs/capture.md). The
    worker serves at once; until the load ends, claim pages match by wording and say so."""
    from claims.vector_index import warm_in_background
    from workbench.warmup import warm_up

    warm_up()
    gc.collect()  # what start-up left as garbage is freed, not kept for good
    gc.freeze()
    warm_in_background()
