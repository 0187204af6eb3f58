"""The API's permission matrix: every operation × role (editor, fact-checker, viewer, a user with
no role) × way in (token, session, nothing). The roles' answers come from the model's own checks;
a viewer's token reads and never writes."""
import pytest
from django.test import Client

from tests.api_operations import OPERATIONS, build_world, call, new_csrf, token_for
from tests.conftest import login

ROLES = ("editor", "checker", "viewer", "outsider")
IDS = [f"{op.method.upper()} {op.path}" for op in OPERATIONS]


@pytest.fixture
def world(article, editor, checker):
    return build_world(article, editor, checker)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATIONS, ids=IDS)
def test_with_a_token_each_role_gets_what_the_model_allows(operation, role, world, request, client):
    user = request.getfixturevalue(role)
    response = call(client, operation, world, token=token_for(user))
    expected = operation.expected[ROLES.index(role)]
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATIONS, ids=IDS)
def test_with_a_session_and_its_csrf_token_each_role_gets_the_same(operation, role, world, request, viewer):
    user = request.getfixturevalue(role)
    client = login(Client(enforce_csrf_checks=True), user)
    response = call(client, operation, world, csrf=new_csrf())
    assert response.status_code == operation.expected[ROLES.index(role)], response.content


@pytest.mark.parametrize("operation", OPERATIONS, ids=IDS)
def test_without_credentials_every_operation_is_refused_401(operation, world, client):
    response = call(client, operation, world)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["title"] == "Authentication required"


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op.method != "get"],
                         ids=[i for op, i in zip(OPERATIONS, IDS) if op.method != "get"])
def test_a_session_write_without_the_csrf_token_is_refused_and_changes_nothing(operation, world, editor):
    client = login(Client(enforce_csrf_checks=True), editor)
    version = world.claim.version
    response = call(client, operation, world)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    world.claim.refresh_from_db()
    assert world.claim.version == version


@pytest.mark.parametrize("operation", OPERATIONS, ids=IDS)
def test_a_revoked_token_is_refused_401(operation, world, editor, client):
    from api.models import ApiToken

    secret = token_for(editor)
    ApiToken.authenticate(secret).revoke()
    assert call(client, operation, world, token=secret).status_code == 401


@pytest.mark.parametrize("operation", OPERATIONS, ids=IDS)
def test_an_inactive_users_token_is_refused_401(operation, world, editor, client):
    secret = token_for(editor)
    editor.is_active = False
    editor.save()
    assert call(client, operation, world, token=secret).status_code == 401
