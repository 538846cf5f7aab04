"""Links inside components' "html" parameters are real links, with what people typed still escaped.

Joining strings in a template (`'<a …>' ~ text|e ~ '</a>'`) escaped the tags too – Jinja escapes every part of
a join once one part is HTML – so six pages showed `<a class="nhsuk-link" …>` as text instead of a link."""

import re
from pathlib import Path

from django.conf import settings
from django.template import engines

ESCAPED_VALUE_JOINED = re.compile(r"\|\s*e(scape)?\b\s*\)?\s*~|~\s*\(?[\w.()'\" ,:-]*\|\s*e(scape)?\b")


def test_a_link_keeps_its_tags_and_escapes_what_was_typed():
    page = (
        engines["jinja2"]
        .from_string('{{ table({"rows": [[{"html": link("/decisions/x/", text, "#commitments")}]]}) }}')
        .render({"text": "<script>alert(1)</script> & more"})
    )
    assert '<a class="nhsuk-link" href="/decisions/x/#commitments">' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</a>" in page


def test_a_link_escapes_its_address():
    page = (
        engines["jinja2"]
        .from_string("{{ link(href, 'here') }}")
        .render({"href": '/x/"onmouseover="alert(1)'})
    )
    assert 'href="/x/&#34;onmouseover=&#34;alert(1)"' in page


def test_no_template_joins_an_escaped_value_into_html():
    joined = [
        f"{template.relative_to(settings.BASE_DIR)}:{number}"
        for template in Path(settings.BASE_DIR, "ostrom").rglob("*.html")
        for number, line in enumerate(template.read_text().splitlines(), start=1)
        if ESCAPED_VALUE_JOINED.search(line)
    ]
    assert joined == [], f"use link(href, text), or a {{% set %}} block, instead of joining with |e: {joined}"


def test_the_guard_finds_the_old_way():
    assert ESCAPED_VALUE_JOINED.search(
        """{"html": '<a href="' ~ url ~ '">' ~ decision.question|e ~ '</a>'}"""
    )
    assert ESCAPED_VALUE_JOINED.search("""{"html": "<p>" ~ (you.text|e) ~ "</p>"}""")
