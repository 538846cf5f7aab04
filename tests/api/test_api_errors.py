"""The API's refusals are JSON of the shape its schema documents, found by the generated requests."""

import pytest

from ostrom.api.api import api


@pytest.mark.django_db
def test_a_page_number_past_any_database_integer_is_refused_not_a_server_error(client):
    response = client.get("/api/organisations", {"page": 172714658772715044864})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]


@pytest.mark.django_db
def test_an_api_address_that_names_no_operation_answers_in_json(client):
    response = client.get("/api/conversations/a/b/c/statements")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.django_db
def test_a_missing_page_is_still_the_page_not_found(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_every_operation_documents_its_refusals():
    schema = api.get_openapi_schema()
    read = schema["paths"]["/api/organisations"]["get"]["responses"]
    assert set(read) == {200, 404, 422}
    write = schema["paths"]["/api/rounds/{slug}/ballot"]["put"]["responses"]
    assert {400, 401, 403, 404, 409, 422, 429} <= set(write)
    assert write[422]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
