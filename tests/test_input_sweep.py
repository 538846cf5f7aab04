"""The input sweep: every API operation and every form, sent an oversized, a NUL-containing and a
wrong-typed value in each field, one field at a time, by someone allowed to use it.

The API must answer such a value with a 4xx (an oversized or NUL value it keeps is a failure too); a
form, filled in plausibly apart from the one bad value, must never answer with a server error. No value
ever gives a 500 (on PostgreSQL an overlong or NUL string that reaches the database raises
DataError, so this module runs there too). Each request runs in a savepoint that is rolled back, so one
field's value cannot spoil the next.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ostrom.api.api import api
from tests.test_permission_matrix import RULES, TABLE
from tests.world import POSTCODE, ROLES, client_as, problem_of, world  # noqa: F401 (the fixture)

OVERSIZED = "x" * 10_000
NUL = "a\x00b"
PAYLOADS = ["oversized", "nul", "wrong_type"]

# Free text whose form allows 10,000 characters or more: an oversized value may be accepted.
LONG_TEXT = {
    ("PUT /api/meetings/{meeting_id}/record", "minutes"),
    # What a person said, in their words: up to 10,000 characters.
    ("POST /api/insights", "text"),
    ("POST /api/cases-for-action", "text"),
}


def sweep_role(rule: str) -> str:
    """Someone allowed to use it: signed out for public writes, a resident for anyone signed in,
    otherwise the first of the trusted roles the rule lets in."""
    if rule == "public":
        return "anonymous"
    if rule in ("signed_in", "self"):
        return "resident"
    for role in ["admin", "organisation_contact", "panel_member", "resident", *ROLES]:
        if role in RULES[rule]:
            return role
    raise AssertionError(f"nobody may use rule {rule}")


def isolated(send):
    """Make one request in a savepoint rolled back afterwards (also clearing an aborted PostgreSQL
    transaction), so every request sees the same world."""
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


# The API ------------------------------------------------------------------------------------------

SCHEMA = api.get_openapi_schema()


def _resolve(schema: dict) -> dict:
    if "$ref" in schema:
        return SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def kind_of(schema: dict) -> str:
    """The JSON type a field expects: string, integer, number, boolean, array or object."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        kinds = [kind_of(option) for option in schema["anyOf"] if option.get("type") != "null"]
        return kinds[0] if len(kinds) == 1 else "string_or_number"
    if "enum" in schema:
        return "string"
    return schema.get("type", "string")


def bad_value(payload: str, kind: str, base=None):
    """The payload shaped for a field of this kind: text goes where the text would be."""
    if payload == "wrong_type":
        return {
            "string": ["a", "b"],
            "integer": "abc",
            "number": "abc",
            "string_or_number": ["1"],
            "boolean": "abc",
            "array": "abc",
            "object": "abc",
        }[kind]
    text = OVERSIZED if payload == "oversized" else NUL
    if kind == "array":
        return [text]
    if kind == "object":
        key = next(iter(base), "a") if base else "a"
        return {key: text}
    return text


@dataclass
class Operation:
    key: str
    method: str
    path: str
    parameters: list = field(default_factory=list)
    body_fields: dict = field(default_factory=dict)


def operations_with_input():
    found = []
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            fields = _resolve(body["schema"]).get("properties", {}) if body else {}
            if operation.get("parameters") or fields:
                found.append(
                    Operation(
                        f"{method.upper()} {path}", method, path, operation.get("parameters", []), fields
                    )
                )
    return found


OPERATIONS = operations_with_input()
API_CASES = [(operation, payload) for operation in OPERATIONS for payload in PAYLOADS]


def _api_request(client, operation, args, query, body):
    url = operation.path.format(**{name: quote(str(value), safe="") for name, value in args.items()})
    send = getattr(client, operation.method)
    if body is None:
        return isolated(lambda: send(url, query) if query else send(url))
    return isolated(lambda: send(url, body, content_type="application/json"))


def _expectation(operation, where, payload, name):
    """The statuses a good answer may have."""
    if where == "query" and operation.method == "get":
        return "not_500"  # a filter that matches nothing may answer with an empty list
    if where == "body" and payload == "oversized" and (operation.key, name) in LONG_TEXT:
        return "not_500"
    if where == "body" and payload == "nul":
        return "4xx_or_stripped"
    return "4xx"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("operation", "payload"),
    API_CASES,
    ids=[f"{operation.key} | {payload}" for operation, payload in API_CASES],
)
def test_api_refuses_bad_input_plainly(world, operation, payload):  # noqa: F811 (the fixture)
    if operation.key not in TABLE:
        pytest.fail(f"add a rule for {operation.key} to tests/test_permission_matrix.py")
    case = TABLE[operation.key]
    client = client_as(world, sweep_role(case.rule))
    args = case.args(world) if case.args else {}
    body = case.body(world) if case.body else None
    problems = []

    def attempt(where, name, kind, send):
        if payload == "wrong_type" and where == "path" and kind == "string":
            return  # every path is text
        response = send()
        status, expected = response.status_code, _expectation(operation, where, payload, name)
        text = response.content.decode(errors="replace")
        good = {
            "4xx": 400 <= status < 500,
            "not_500": status < 500,
            "4xx_or_stripped": 400 <= status < 500 or (status < 300 and "\\u0000" not in text),
        }[expected]
        if not good:
            got = f"{status} {problem_of(response)}" if status >= 500 else f"{status} {text[:120]}"
            problems.append(f"{operation.key} {where} {name!r} = {payload}: expected {expected}, got {got}")

    for parameter in operation.parameters:
        name, where, kind = parameter["name"], parameter["in"], kind_of(parameter["schema"])
        value = bad_value(payload, kind)
        if where == "path":
            bad_args = {**args, name: value}
            attempt(where, name, kind, lambda a=bad_args: _api_request(client, operation, a, None, body))
        else:
            attempt(
                where, name, kind, lambda n=name, v=value: _api_request(client, operation, args, {n: v}, body)
            )
    for name, schema in operation.body_fields.items():
        kind = kind_of(schema)
        bad_body = {**body, name: bad_value(payload, kind, body.get(name))}
        attempt("body", name, kind, lambda b=bad_body: _api_request(client, operation, args, None, b))
    assert not problems, "\n".join(problems)


# Forms --------------------------------------------------------------------------------------------

# Words in a field's name, and a good value for it.
PLAUSIBLE = [
    (("org_id",), "GB-CHC-1164883"),
    (("charity_number",), "1164883"),
    (("company_number",), "01234567"),
    (("postcode",), POSTCODE),
    (("code",), ""),  # letter and access codes: none
    (("email",), "sweep@example.org"),
    (("phone",), "0121 496 0000"),
    (("password",), "a-long-sweep-password-2026"),
    (("website", "url"), "https://example.org"),
    (
        (
            "amount",
            "budget",
            "grant",
            "limit",
            "count",
            "size",
            "hours",
            "rate",
            "target",
            "payment",
            "reached",
            "minimum",
            "maximum",
            "score",
        ),
        "2",
    ),
    (("oversampling",), "2.0"),
]
TYPED_INPUTS = {"number", "date", "time", "datetime-local", "checkbox", "radio"}


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select" or "textarea"
    values: list = field(default_factory=list)  # what the page would send
    options: list = field(default_factory=list)

    def plausible(self) -> list:
        """A value a person might type or pick, when the page leaves the field empty."""
        if self.kind in ("checkbox", "radio", "select"):
            return [option for option in self.options if option][:1]
        if self.kind in ("date", "datetime-local"):
            day = timezone.localtime() + timedelta(days=30)
            return [day.strftime("%Y-%m-%d" if self.kind == "date" else "%Y-%m-%dT%H:%M")]
        name = self.name.lower()
        for words, value in PLAUSIBLE:
            if any(word in name for word in words):
                return [value] if value else []
        return ["Something a person might write"]


@dataclass
class Form:
    action: str
    fields: dict = field(default_factory=dict)
    button: tuple | None = None

    def data(self) -> dict:
        """What a person would send: the page's values, with empty fields filled in plausibly so
        that the one bad value is the only thing wrong."""
        data = {name: [v for v in f.values if v] or f.plausible() for name, f in self.fields.items()}
        if self.button:
            data.setdefault(self.button[0], [self.button[1]])
        return {name: values for name, values in data.items() if values}


class FormParser(HTMLParser):
    """The POST forms on a page, with the values the browser would send as they stand."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url, self.forms, self.form, self.select, self.textarea = page_url, [], None, None, None

    def _field(self, name, kind):
        return self.form.fields.setdefault(name, FormField(name, kind))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self.form = Form(action=attrs.get("action") or self.page_url)
                self.forms.append(self.form)
            return
        name = attrs.get("name")
        if self.form is None:
            return
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image"):
                self.form.button = self.form.button or (name, attrs.get("value", ""))
            elif kind == "file":
                self._field(name, "file")
            elif kind in ("checkbox", "radio"):
                entry = self._field(name, kind)
                entry.options.append(attrs.get("value", "on"))
                if "checked" in attrs:
                    entry.values.append(attrs.get("value", "on"))
            else:
                self._field(name, kind).values = [attrs.get("value", "")]
        elif tag == "button" and name and (attrs.get("type") or "submit") == "submit":
            self.form.button = self.form.button or (name, attrs.get("value", ""))
        elif tag == "select" and name:
            self.select = self._field(name, "select")
        elif tag == "option" and self.select is not None:
            self.select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select.values.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = self._field(name, "textarea")
            self.textarea.values = [""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.values = [self.textarea.values[0] + data]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            if self.select is not None and not self.select.values:
                self.select.values = [next((o for o in self.select.options if o), "")]
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def close(self):
        super().close()
        for form in self.forms:
            for entry in form.fields.values():
                if entry.kind == "radio" and not entry.values and entry.options:
                    entry.values = [entry.options[0]]
        return self.forms


def form_value(payload: str, entry: FormField):
    if payload == "oversized":
        return OVERSIZED
    if payload == "nul":
        return NUL
    # A word where a number, date or choice is expected; two values where one is.
    return "abc" if entry.kind in TYPED_INPUTS or entry.kind == "select" else ["a", "b"]


# Who fills in each form: people the rule lets in who see it (the applicant has the organisation the
# application form needs; the grant page shows the coordinator the payment form and the recipient
# the monitoring return).
FORM_ROLES = {
    "grants:application-create": ["organisation_contact"],
    "grants:grant-detail": ["admin", "organisation_contact"],
    "grants:ballot": ["resident"],
    "grants:priorities": ["resident"],
}

PAGES = [
    key
    for key, case in TABLE.items()
    if ":" in key.split(" ")[0]
    and not key.startswith(("GET ", "POST ", "PUT ", "DELETE "))
    and case.post is None
    and RULES[case.rule]  # someone may open it: not the demo's tour, which exists only in demo mode
]
FORM_CASES = [(key, payload) for key in PAGES for payload in PAYLOADS]


def _form_roles(key):
    rule = TABLE[key].rule
    if key in FORM_ROLES:
        return FORM_ROLES[key]
    return ["resident" if rule == "public" else sweep_role(rule)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "payload"), FORM_CASES, ids=[f"{key} | {payload}" for key, payload in FORM_CASES]
)
def test_forms_never_answer_bad_input_with_a_server_error(world, key, payload):  # noqa: F811 (the fixture)
    case = TABLE[key]
    url = reverse(key, kwargs=case.args(world) if case.args else {})
    problems = []
    for role in _form_roles(key):
        client = client_as(world, role)
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = FormParser(url)
        parser.feed(page.content.decode())
        for form in parser.close():
            action = urlsplit(form.action).path or url
            for name, entry in form.fields.items():
                if entry.kind == "file":
                    continue
                data = {**form.data(), name: form_value(payload, entry)}
                # A fresh sign-in each time: a sign-out or erasure form would end the last one.
                response = isolated(lambda a=action, d=data, r=role: client_as(world, r).post(a, d))
                if response.status_code >= 500:
                    problems.append(
                        f"{key} as {role}: form to {action}, field {name!r} = {payload}: "
                        f"{response.status_code} {problem_of(response)}"
                    )
    assert not problems, "\n".join(problems)
