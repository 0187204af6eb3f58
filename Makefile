# Two commands matter: `make run` and `make test` (see README.md). Everything else supports them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# Django 6.1 needs Python 3.12+. Look for the version pinned in .python-version (through pyenv when it
# is there), then any python3.13 / python3.12 on PATH or under ~/.pyenv, then python3 if it is new enough.
define FIND_PYTHON
ok() { "$$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }; \
for c in "$$(pyenv which python 2>/dev/null)" python3.13 python3.12 \
         $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3 \
         $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3 python3; do \
  [ -n "$$c" ] && command -v "$$c" >/dev/null 2>&1 && ok "$$c" && { command -v "$$c"; exit 0; }; \
done; exit 1
endef

.PHONY: run test venv install install-dev messages migrate seed browsers clean bench

$(VENV)/.created:
	@py="$$($(FIND_PYTHON))" || { \
	  echo "error: Python 3.12 or newer is needed (Django 6.1 requires it) and none was found." >&2; \
	  echo "       Install one (for example 'pyenv install 3.13') or put python3.13/python3.12 on PATH." >&2; \
	  exit 1; }; \
	echo "Using $$py ($$($$py --version))"; \
	"$$py" -m venv $(VENV) && touch $@

venv: $(VENV)/.created

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The translations (locale/*/LC_MESSAGES/*.po, docs/i18n.md) compiled into the .mo files Django reads:
# built here, never committed. Needs GNU gettext's msgfmt (apt-get install gettext).
# Without msgfmt the workbench still runs, in English only: say so loudly rather than stop `make run`
# (CI installs gettext, and the translation tests compile the catalogues themselves and fail without it).
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=var --ignore=node_modules; \
	else \
	  echo "warning: GNU gettext's msgfmt is not installed (apt-get install gettext): the translations are not" >&2; \
	  echo "         compiled and the workbench runs in English only." >&2; \
	fi

migrate: messages
	@mkdir -p var
	$(PY) manage.py migrate --no-input

seed: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py loadseed --demo-users

# The web server and a task worker together (devtools/run.py); Ctrl-C stops both. WORKBENCH_URL follows
# PORT unless set: links in mail sent outside a request (by the worker) have no request to take the
# address from (claims/site.py).
run: seed
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} WORKBENCH_URL=$${WORKBENCH_URL:-http://127.0.0.1:$(PORT)} PORT=$(PORT) \
	  $(PY) devtools/run.py

# Two workers: this machine (and CI's) has two cores.
PYTEST_ARGS ?= -n 2
test: install-dev messages
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

# The benchmark (docs/performance.md; its commands live in the development-only app devtools/,
# installed when DJANGO_DEVTOOLS=1): PostgreSQL for figures that count, e.g.
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_bench make bench BENCH_ARGS='--explain'
bench: migrate
	DJANGO_DEVTOOLS=1 $(PY) manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles
