"""Contract tests generated from the OpenAPI document at /api/openapi.json: every operation it lists
is called (with the valid request of tests/api_operations.py, then with malformed input), and each
answer must be one of the statuses the document declares for the operation, with a body that matches
the declared schema. No input, however broken, gets a 500.

Schemathesis would generate the malformed inputs too; walking the document here keeps the suite fast
and adds no dependency, and a new operation fails test_every_operation_in_the_document_is_exercised
until it is added to tests/api_operations.py."""
import json

import pytest

from tests.api_operations import OPERATIONS, build_world, call, token_for

BROKEN_IDS = ["0", "-1", "abc", "1.5", "99999999999999999999999", "%C2%B9", "١", "%201", "+1", "1_0", "%EF%BC%91"]
# Numbers are ASCII digits only: Python's int() would take every one of these.
LAX_NUMBERS = ["%201", "+1", "1_0", "%EF%BC%91", "%D9%A1"]
BROKEN_BODIES = [b"", b"not json", b"[]", b'"text"', b"{}", b'{"version": "1"}', b'{"version": true}',
                 b'{"version": 1.5}', b'{"version": 99999999999999999999999}', b'{"body": "\\u0000"}',
                 b'{"title": "a\\u0007b", "text": "x"}', b"\xff\xfe"]


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def world(article, editor, checker):
    return build_world(article, editor, checker)


def _operations(document):
    return {(method, path): spec for path, methods in document["paths"].items() for method, spec in methods.items()}


def _resolve(document, schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def check_schema(document, schema, value, where="body"):
    """A small JSON Schema check (the subset the document uses): types, required properties, items,
    anyOf, enum."""
    schema = _resolve(document, schema)
    if "anyOf" in schema:
        failures = []
        for option in schema["anyOf"]:
            try:
                check_schema(document, option, value, where)
                return
            except AssertionError as exc:
                failures.append(str(exc))
        raise AssertionError(f"{where}: {value!r} matches none of {failures}")
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str), "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None,
    }
    if kind:
        assert checks[kind](value), f"{where}: {value!r} is not {kind}"
    if kind == "object":
        for name in schema.get("required", []):
            assert name in value, f"{where}: {name} missing"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                check_schema(document, sub, value[name], f"{where}.{name}")
    if kind == "array":
        for i, item in enumerate(value):
            check_schema(document, schema.get("items", {}), item, f"{where}[{i}]")


def check_answer(document, method, path, response):
    spec = _operations(document)[(method, path)]
    declared = {int(code) for code in spec["responses"]}
    assert response.status_code in declared, (method, path, response.status_code, response.content[:300])
    content = spec["responses"][str(response.status_code)].get("content", {})
    if response["Content-Type"].startswith("application/json") or response["Content-Type"] == "application/problem+json":
        body = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
        schema = next(iter(content.values()))["schema"] if content else None
        if schema:
            check_schema(document, schema, body)
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json"
            assert {"type", "title", "status", "detail"} <= set(body)
            assert body["status"] == response.status_code


def test_every_operation_in_the_document_is_exercised(document):
    listed = set(_operations(document))
    exercised = {(op.method, op.path) for op in OPERATIONS}
    assert listed == exercised


def test_the_document_is_openapi_3_with_both_ways_in(document):
    assert document["openapi"].startswith("3.")
    assert set(document["components"]["securitySchemes"]) == {"TokenAuth", "BrowserSessionAuth"}
    for (method, path), spec in _operations(document).items():
        assert spec.get("security"), (method, path)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"{op.method.upper()} {op.path}" for op in OPERATIONS])
def test_each_operation_answers_its_valid_request_as_documented(operation, document, world, editor, client):
    response = call(client, operation, world, token=token_for(editor))
    assert response.status_code < 300
    check_answer(document, operation.method, operation.path, response)


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if "{" in op.path],
                         ids=[f"{op.method.upper()} {op.path}" for op in OPERATIONS if "{" in op.path])
def test_broken_ids_are_400_or_404_never_500(operation, document, world, editor, client):
    token = token_for(editor)
    url, kwargs = operation.request(world)
    for broken in BROKEN_IDS:
        broken_url = url.replace(f"/{world.claim.pk}/", f"/{broken}/", 1) if "claim_id" in operation.path \
            else url.replace(f"/{world.article.pk}/", f"/{broken}/", 1)
        response = getattr(client, operation.method)(broken_url, HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs)
        assert response.status_code in (400, 404), (broken, response.status_code, response.content[:200])
        check_answer(document, operation.method, operation.path, response)


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op.method != "get"],
                         ids=[f"{op.method.upper()} {op.path}" for op in OPERATIONS if op.method != "get"])
def test_malformed_bodies_are_answered_as_documented_never_500(operation, document, world, editor, client):
    token = token_for(editor)
    url, _ = operation.request(world)
    for body in BROKEN_BODIES:
        response = getattr(client, operation.method)(url, data=body, content_type="application/json",
                                                     HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code in (400, 404, 409, 422), (body, response.status_code, response.content[:300])
        check_answer(document, operation.method, operation.path, response)


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op.method == "get"],
                         ids=[f"{op.method.upper()} {op.path}" for op in OPERATIONS if op.method == "get"])
def test_broken_query_strings_are_answered_as_documented_never_500(operation, document, world, editor, client):
    token = token_for(editor)
    url, _ = operation.request(world)
    base = url.split("?")[0]
    for query in ["limit=0", "limit=201", "limit=abc", "limit=%EF%BC%91", "cursor=%%%", "cursor=eyJ4IjoxfQ",
                  "sort=bogus", "status=nope", "overdue=maybe", "assignee=9999", "article=x", "format=exe",
                  "date_from=2026-13-45", "articles=a", "all=perhaps", "q=" + "x" * 300, "verdict=nope"]:
        response = client.get(f"{base}?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code in (200, 400), (query, response.status_code, response.content[:300])
        check_answer(document, "get", operation.path, response)


@pytest.mark.parametrize("number", LAX_NUMBERS)
def test_numbers_in_query_strings_are_ascii_digits_only(number, world, editor, client):
    token = token_for(editor)
    for query in (f"limit={number}", f"article={number}"):
        response = client.get(f"/api/claims/?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 400, (query, response.content)
    response = client.get(f"/api/exports/?format=csv&articles={number}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
