"""DATABASE_URL as settings read it: PostgreSQL binds parameters on the server and prepares the
statements a connection repeats, unless the URL says otherwise; its text values get their types."""
import pytest
from django.core.exceptions import ImproperlyConfigured

from workbench.settings import database_from_url


def test_postgres_prepares_repeated_statements_by_default():
    options = database_from_url("postgres://u@db:5432/wb")["OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": 5}


def test_the_url_can_restore_djangos_client_side_binding_for_a_pooler():
    options = database_from_url("postgres://u@db/wb?server_side_binding=false&prepare_threshold=none")["OPTIONS"]
    assert options["server_side_binding"] is False and options["prepare_threshold"] is None


def test_other_options_pass_through_as_text():
    options = database_from_url("postgres://u@db/wb?sslmode=require&prepare_threshold=2")["OPTIONS"]
    assert options["sslmode"] == "require" and options["prepare_threshold"] == 2


@pytest.mark.parametrize("query", ["server_side_binding=maybe", "prepare_threshold=five", "prepare_threshold=-1"])
def test_a_value_that_does_not_parse_is_refused_with_its_name(query):
    with pytest.raises(ImproperlyConfigured, match=query.split("=")[0]):
        database_from_url(f"postgres://u@db/wb?{query}")


def test_sqlite_has_none_of_them():
    assert "server_side_binding" not in database_from_url("sqlite:///var/x.sqlite3")["OPTIONS"]
