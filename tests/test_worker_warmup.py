"""A gunicorn worker does its first request's loading when it starts (workbench/warmup.py), without the
database, and a broken template cannot stop it from starting."""
import logging

import pytest
from django.conf import settings
from django.template import engines
from django.test import override_settings

from workbench import warmup


def project_templates():
    root = settings.BASE_DIR / "templates"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def cached_names():
    loader = engines["django"].engine.template_loaders[0]
    return set(loader.get_template_cache)


@pytest.mark.django_db
def test_every_project_template_is_compiled_without_a_query(django_assert_num_queries):
    engines["django"].engine.template_loaders[0].reset()
    with django_assert_num_queries(0):
        compiled = warmup.warm_up()
    assert compiled == len(project_templates()) > 30
    # In the cached loader, where a request's render finds them.
    assert set(project_templates()) <= cached_names()


def test_the_url_configuration_is_loaded(monkeypatch):
    loaded = []
    monkeypatch.setattr(warmup, "get_resolver", lambda: type("Resolver", (), {"reverse_dict": property(
        lambda self: loaded.append(True))})())
    warmup.warm_up()
    assert loaded == [True]


def test_a_broken_template_is_logged_and_the_others_still_compiled(tmp_path, caplog):
    (tmp_path / "fine.html").write_text("<p>{{ value }}</p>")
    (tmp_path / "broken.html").write_text("{% if %}")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates), caplog.at_level(logging.ERROR, logger="workbench.warmup"):
        assert warmup.warm_up() == 1
    assert "broken.html does not compile" in caplog.text


def test_gunicorn_warms_each_worker_and_sets_what_it_loaded_aside_from_the_collector(monkeypatch):
    import gc

    from claims import vector_index

    calls = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(vector_index, "warm_in_background", lambda: calls.append("vector index"))
    config = {}
    exec((settings.BASE_DIR / "workbench" / "gunicorn.conf.py").read_text(), config)
    config["post_worker_init"](worker=None)
    assert calls == ["warm_up", "freeze", "vector index"]
