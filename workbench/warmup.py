"""Work a gunicorn worker would otherwise do in its first requests, done when it starts instead.

Django loads the URL configuration on the first request a process serves, and with it every view
module, form and the API's schemas (django-ninja builds its pydantic models at import); the cached
template loader compiles each template the first time it is rendered. A fresh worker's first claims
list took 0.85 s of CPU against 0.04 s for the next ones (docs/performance.md, bench_http), and
somebody waited for it: after every deploy, and after every worker recycle (gunicorn's max_requests),
on every worker. gunicorn calls warm_up() in post_worker_init, before the worker accepts connections
(workbench/gunicorn.conf.py), so a request never pays for it.

Nothing here touches the database: a worker must be able to start while PostgreSQL is away."""
import logging
import time
from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def warm_up():
    """Load the URL configuration, compile the project's templates and the default language's
    translations. Returns the number of templates compiled."""
    started = time.perf_counter()
    get_resolver().reverse_dict  # imports workbench.urls and every view, and builds the reverse map
    # The catalogue of the default language; the others load when someone first asks for them.
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Claims")
    compiled = sum(_compile_templates(engine) for engine in engines.all())
    logger.info("Worker warm: %d templates in %.2f s", compiled, time.perf_counter() - started)
    return compiled


def _compile_templates(engine):
    """Compile every template of the project (its own directories, not the installed packages': the
    admin's hundred templates are seldom rendered) into the engine's cached loader."""
    count = 0
    for directory in engine.dirs:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            name = path.relative_to(root).as_posix()
            try:
                engine.get_template(name)
            except TemplateSyntaxError:
                # A broken template fails where it is rendered, with Django's usual error page; it
                # must not stop the worker from starting.
                logger.exception("Template %s does not compile", name)
                continue
            count += 1
    return count
