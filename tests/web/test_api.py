"""The JSON API: checking text, HTML and URLs, limits, and errors that never leak internals."""

from __future__ import annotations

import concurrent.futures

import jsonschema
import pytest
from webapp_support import FailingStage, SlowStage, app_with

from copydesk.report.json_report import load_schema


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    return body["error"]


def test_health_names_the_stages_and_limits(client):
    body = client.get("/v1/health").json()
    assert body["status"] == "ok" and "date_window" in body["stages"]
    assert body["limits"] == {"max_bytes": 5 * 1024 * 1024, "timeout": 30.0, "allow_private_urls": False}


def test_check_text_returns_a_report_valid_against_the_schema(client, seed_text):
    response = client.post("/v1/check", json={"text": seed_text, "date": "2022-10-25", "title": "Given"})
    assert response.status_code == 200
    report = response.json()
    jsonschema.validate(report, load_schema())
    assert report["article"]["title"] == "Given"
    assert report["date_window"]["basis"] == "given" and report["date_window"]["start"] == "2022-10-25"
    assert "Cory Booker" in report["article"]["text"]


def test_check_html_extracts_the_article(client, seed_html):
    report = client.post("/v1/check", json={"html": seed_html}).json()
    assert report["article"]["title"].startswith("Amid Intense Backlash")
    assert "Leave a Reply" not in report["article"]["text"]
    jsonschema.validate(report, load_schema())


@pytest.mark.parametrize("body, expected", [
    ({}, "give exactly one of text, html or url"),
    ({"text": "a", "url": "http://example.com/"}, "(got text, url)"),
    ({"text": "An article.", "colour": "red"}, "colour: Extra inputs are not permitted"),
    ({"text": "An article.", "date": "25/10/2022"}, "date:"),
    ({"text": 42}, "text:"),
])
def test_malformed_requests_get_422_naming_the_field(client, body, expected):
    response = client.post("/v1/check", json=body)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "BAD_REQUEST" and expected in error["message"]


def test_invalid_json_is_a_422_not_a_crash(client):
    response = client.post("/v1/check", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and error_of(response)["code"] == "BAD_REQUEST"


def test_empty_text_is_a_400_naming_the_problem(client):
    response = client.post("/v1/check", json={"text": "   \n  "})
    assert response.status_code == 400
    assert error_of(response) == {"code": "EMPTY", "message": "<text>: is empty"}


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://[::1]/", "http://10.0.0.1/",
                                 "http://169.254.169.254/latest/meta-data/", "http://2130706433/",
                                 "file:///etc/passwd"])
def test_private_and_non_http_urls_are_refused_with_403(client, url):
    response = client.post("/v1/check", json={"url": url})
    assert response.status_code == 403 and error_of(response)["code"] == "URL_BLOCKED"


def test_declared_oversized_body_gets_413_before_it_is_read():
    with app_with(max_bytes=1000) as small:
        response = small.post("/v1/check", json={"text": "x" * 2000})
    assert response.status_code == 413
    assert error_of(response) == {"code": "TOO_LARGE", "message": "the request body is over the 1,000-byte limit"}


def test_streamed_oversized_body_without_length_gets_413():
    def chunks():
        yield b'{"text": "'
        for _ in range(10):
            yield b"x" * 500
        yield b'"}'

    with app_with(max_bytes=1000) as small:
        response = small.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and error_of(response)["code"] == "TOO_LARGE"


def test_a_check_over_the_time_limit_gets_422():
    with app_with(SlowStage(1.0), timeout=0.2) as slow:
        response = slow.post("/v1/check", json={"text": "A short article about a council vote."})
    assert response.status_code == 422
    assert error_of(response)["code"] == "TIME_LIMIT" and "0.2-second limit" in error_of(response)["message"]


def test_too_many_checks_at_once_get_429_with_retry_after():
    with app_with(SlowStage(0.6), workers=1, max_pending=1) as busy:
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            responses = list(pool.map(lambda _: busy.post("/v1/check", json={"text": "A council vote."}),
                                      range(3)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses[0] == 200 and 429 in statuses
    refused = next(r for r in responses if r.status_code == 429)
    assert refused.headers["retry-after"] == "5" and error_of(refused)["code"] == "BUSY"


def test_internal_errors_reach_the_client_without_details():
    with app_with(FailingStage()) as broken:
        response = broken.post("/v1/check", json={"text": "A council vote."})
    assert response.status_code == 500
    assert error_of(response)["code"] == "INTERNAL"
    assert "secret" not in response.text and "Traceback" not in response.text and "RuntimeError" not in response.text


def test_concurrent_checks_give_the_same_report(client, seed_text):
    def findings(_):
        report = client.post("/v1/check", json={"text": seed_text, "date": "2022-10-25"}).json()
        return [(f["code"], [(s["start"], s["end"]) for s in f["spans"]]) for f in report["findings"]], \
            report["article"]["text"]

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        results = list(pool.map(findings, range(6)))
    assert all(result == results[0] for result in results)


def test_unknown_routes_and_methods_get_json_errors(client):
    assert error_of(client.get("/v2/nothing"))["code"] == "NOT_FOUND"
    response = client.get("/v1/check")
    assert response.status_code == 405 and error_of(response)["code"] == "METHOD_NOT_ALLOWED"


def test_openapi_describes_the_check_and_docs_work_offline(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/health", "/v1/schema"} <= set(spec["paths"])
    assert set(spec["components"]["schemas"]["CheckRequest"]["properties"]) == {"text", "html", "url", "date", "title"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text
    assert client.get("/static/docs.js").status_code == 200
    assert client.get("/v1/schema").json() == load_schema()


def test_responses_carry_a_strict_content_security_policy(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"

