"""The main journeys in a right-to-left language, in Chromium (issue 22): the interface in the ar-xb
pseudo-locale (every string accented and bracketed, <html dir="rtl">) on a phone and a desktop, and a
survey translated into Urdu inside English pages. Each page is checked as a person sees it: laid out from
the right, the back link's chevron pointing right, radios and checkboxes drawn over their inputs, bars
growing from the right, the opinion map left as the data places it. axe checks every page, and each step
leaves a full-page screenshot in test-results/rtl-<journey>-<step>.png."""

from urllib.parse import urlsplit

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command

from ostrom.conversations import services as conversation_services
from ostrom.surveys import services as survey_services
from ostrom.surveys.models import Response
from ostrom.surveys.translations import SURVEY
from ostrom.surveys.translations import items as survey_items
from ostrom.translations import services as translation_services
from tests.conversations.test_conversations import _vote_in_three_groups
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    LsoaFactory,
    PlaceFactory,
    PostcodeFactory,
    UserFactory,
)
from tests.grants.factories import ApplicationFactory, RoundFactory, VoterFactory
from tests.surveys.factories import option, sent_survey

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
URDU_QUESTION = "کیا آپ نے اس سال کسی جی پی کو دیکھا ہے؟"

pytestmark = pytest.mark.usefixtures("transactional_db", "pseudo_locales")


def read_in(person, language: str) -> None:
    """The language cookie that choosing on /language/ sets (test_language_journey.py walks that choice). It
    replaces the one signing in set from the account's language."""
    person.context.clear_cookies(name=settings.LANGUAGE_COOKIE_NAME)
    host = urlsplit(person.page.url).hostname
    person.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}]
    )


def screenshot(page, journey: str, step: str) -> None:
    page.screenshot(
        path=str(settings.BASE_DIR / "test-results" / f"rtl-{journey}-{step}.png"), full_page=True
    )


def submit(person) -> None:
    """Press the page's main button (its text is in the pseudo-locale, so found by its place, not name)."""
    with person.page.expect_navigation():
        person.page.locator("main form .nhsuk-button").last.click()
    person.check_accessibility()


def assert_laid_out_right_to_left(page) -> None:
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl", page.url
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    # The heading's text ends at the right edge of its box: it starts at the right, as the line does.
    heading = page.evaluate(
        """() => { const h1 = document.querySelector('main h1'); const range = document.createRange();
        range.selectNodeContents(h1); const text = range.getBoundingClientRect(), box = h1.getBoundingClientRect();
        return {textLeft: text.left, textRight: text.right, boxLeft: box.left, boxRight: box.right}; }"""
    )
    assert abs(heading["boxRight"] - heading["textRight"]) <= 2, heading
    assert heading["textLeft"] > heading["boxLeft"] + 2 or heading["textRight"] - heading["textLeft"] > (
        heading["boxRight"] - heading["boxLeft"] - 40
    ), heading


def assert_back_link_points_right(page) -> None:
    """The back link sits at the right of the page, its chevron at the right of its text, mirrored to point
    right: towards the start of the line, where going back leads."""
    link = page.locator(".nhsuk-back-link").filter(visible=True).first
    shape = link.evaluate(
        """(link) => { const box = link.getBoundingClientRect(), chevron = getComputedStyle(link, '::before');
        const range = document.createRange(); range.selectNodeContents(link); const text = range.getBoundingClientRect();
        const main = document.querySelector('.nhsuk-width-container').getBoundingClientRect();
        return {left: box.left, right: box.right, chevronLeft: box.left + parseFloat(chevron.left),
                chevronWidth: parseFloat(chevron.width), scale: chevron.scale, textLeft: text.left,
                textRight: text.right, containerRight: main.right}; }"""
    )
    chevron_right = shape["chevronLeft"] + shape["chevronWidth"]
    assert abs(shape["containerRight"] - shape["right"]) <= 20, shape
    assert abs(chevron_right - shape["right"]) <= 1, shape
    assert shape["textRight"] <= shape["chevronLeft"] + 1, shape
    assert shape["scale"] == "-1 1", shape  # the left-pointing chevron, mirrored


def assert_choices_drawn_over_their_inputs(page, kind: str) -> None:
    """Each radio's circle (or checkbox's box) is drawn where the input it stands for is, at the right of its
    label; clicking the circle chooses the answer."""
    items = page.locator(f".nhsuk-{kind}__item").evaluate_all(
        f"""(items) => items.map((item) => {{
            const input = item.querySelector('.nhsuk-{kind}__input').getBoundingClientRect();
            const label = item.querySelector('.nhsuk-{kind}__label');
            const drawn = getComputedStyle(label, '::before');
            const itemBox = item.getBoundingClientRect();
            const left = itemBox.left + parseFloat(drawn.left);
            return {{inputCentre: input.left + input.width / 2, drawnCentre: left + parseFloat(drawn.width) / 2,
                     labelRight: label.getBoundingClientRect().right, inputLeft: input.left}}; }})"""
    )
    assert items
    for item in items:
        assert abs(item["inputCentre"] - item["drawnCentre"]) <= 2, item
        assert item["labelRight"] <= item["inputLeft"] + 1, item


def assert_bars_grow_from_the_right(page) -> None:
    bars = page.locator(".ostrom-bars").evaluate_all(
        """(charts) => charts.filter((svg) => svg.getBoundingClientRect().width > 0).flatMap((svg) =>
            [...svg.querySelectorAll('rect')].filter((bar) => bar.getBoundingClientRect().width > 0).map((bar) => ({
                chartLeft: svg.getBoundingClientRect().left, chartRight: svg.getBoundingClientRect().right,
                barLeft: bar.getBoundingClientRect().left, barRight: bar.getBoundingClientRect().right})))"""
    )
    assert bars
    for bar in bars:
        assert abs(bar["chartRight"] - bar["barRight"]) <= 1, bar
    assert any(bar["barLeft"] > bar["chartLeft"] + 2 for bar in bars), bars


@pytest.fixture
def survey_and_people():
    resident = UserFactory(email="rae@example.org")
    others = [UserFactory() for _ in range(4)]
    survey, parts = sent_survey(members=[resident, *others])
    for person in others:
        response = survey_services.response_for(survey=survey, user=person)
        survey_services.save_answers(
            response=response,
            raw={
                parts["used"].field_name: option(parts["used"], "No"),
                parts["block"].field_name: [3] * 7,
            },
        )
        survey_services.submit_response(response=response)
    parts["coordinator"].set_password(PASSWORD)
    parts["coordinator"].save()
    return survey, parts


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_answering_a_survey_and_reading_its_results_right_to_left(visitor, survey_and_people, viewport):
    survey, parts = survey_and_people
    size = "phone" if viewport == PHONE else "desktop"
    resident = visitor(viewport=viewport)
    resident.sign_in("rae@example.org", PASSWORD)
    read_in(resident, "ar-xb")

    page = resident.visit(f"/surveys/{survey.slug}/answer/")
    assert_laid_out_right_to_left(page)
    assert_back_link_points_right(page)
    assert_choices_drawn_over_their_inputs(page, "radios")
    screenshot(page, f"survey-{size}", "radios")
    page.get_by_label("Yes").check()
    assert page.get_by_label("Yes").is_checked()
    submit(resident)

    assert_laid_out_right_to_left(page)
    assert_back_link_points_right(page)
    assert_choices_drawn_over_their_inputs(page, "checkboxes")
    page.get_by_label("Pharmacy").check()
    page.get_by_label("Anything else?").fill("A call back instead of waiting on hold")
    screenshot(page, f"survey-{size}", "checkboxes")
    submit(resident)

    block = parts["block"]
    for item in range(1, 8):
        page.locator(f"#{block.field_name}-{item}-4").check()
    assert_laid_out_right_to_left(page)
    submit(resident)

    assert page.url.endswith(f"/surveys/{survey.slug}/check/")
    assert_laid_out_right_to_left(page)
    # The summary list's rows read from the right: each question at the right, its answer to its left.
    row = page.locator(".nhsuk-summary-list__row").first
    key = row.locator(".nhsuk-summary-list__key").bounding_box()
    value = row.locator(".nhsuk-summary-list__value").bounding_box()
    if viewport == DESKTOP:
        assert key["x"] > value["x"]
    screenshot(page, f"survey-{size}", "check-answers")
    submit(resident)
    assert Response.objects.get(survey=survey, user__email="rae@example.org").is_submitted

    coordinator = visitor(viewport=viewport)
    coordinator.sign_in(parts["coordinator"].email, PASSWORD)
    read_in(coordinator, "ar-xb")
    page = coordinator.visit(f"/surveys/{survey.slug}/results/")
    assert_laid_out_right_to_left(page)
    assert_bars_grow_from_the_right(page)
    screenshot(page, f"survey-{size}", "results-chart")


@pytest.fixture
def conversation(settings):
    settings.OPINION_MAP_DEBOUNCE_SECONDS = 0
    conversation = conversation_services.open_conversation(
        coordinator=CoordinatorFactory(),
        question="What would make it easier to see a GP in Ladywood?",
        seed_statements=[
            "Appointments should be bookable by phone after 8am",
            "Practices need interpreters on site",
        ],
    )
    _vote_in_three_groups(conversation, np.random.default_rng(5))
    return conversation


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_conversation_and_its_opinion_map_right_to_left(visitor, conversation, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    resident = visitor(viewport=viewport)
    resident.page.goto("/")
    read_in(resident, "ar-xb")

    page = resident.visit(conversation.get_absolute_url())
    assert_laid_out_right_to_left(page)
    # The vote buttons run from the right: the first (Agree) is the rightmost.
    buttons = page.locator("#statement-card button[name=value]")
    boxes = [buttons.nth(index).bounding_box() for index in range(buttons.count())]
    assert len(boxes) == 3
    if boxes[0]["y"] == boxes[1]["y"]:
        assert boxes[0]["x"] > boxes[1]["x"] > boxes[2]["x"]
    card = page.locator("#statement-card").bounding_box()
    assert boxes[0]["x"] + boxes[0]["width"] >= card["x"] + card["width"] - 40
    screenshot(page, f"conversation-{size}", "statement")
    first = page.locator("#statement-text").inner_text()
    buttons.first.click()
    page.wait_for_function(f"() => document.querySelector('#statement-text')?.innerText !== {first!r}")
    resident.check_accessibility()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page = resident.visit(f"/conversations/{conversation.slug}/results/")
    assert_laid_out_right_to_left(page)
    opinion_map = page.locator("svg.ostrom-opinion-map")
    # The map is not mirrored: a mark is where its coordinates put it, measured from the map's left.
    assert opinion_map.evaluate("(svg) => getComputedStyle(svg).direction") == "ltr"
    placed = opinion_map.evaluate(
        """(svg) => { const box = svg.getBoundingClientRect(), mark = svg.querySelector('circle');
        const drawn = mark.getBoundingClientRect();
        return {expected: box.left + mark.cx.baseVal.value * box.width / 400, actual: drawn.left + drawn.width / 2}; }"""
    )
    assert abs(placed["expected"] - placed["actual"]) <= 2, placed
    # Its table of groups reads right to left: the first column at the right.
    table = page.locator("table", has=page.locator("caption")).first
    assert table.evaluate("(table) => getComputedStyle(table).direction") == "rtl"
    first_heading = table.locator("thead th").first.bounding_box()
    last_heading = table.locator("thead th").last.bounding_box()
    if viewport == DESKTOP:
        assert first_heading["x"] > last_heading["x"]
        # The map's column comes first, so at the right.
        assert opinion_map.bounding_box()["x"] > table.bounding_box()["x"]
    screenshot(page, f"conversation-{size}", "results-map")


@pytest.fixture
def ballot_round():
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    PostcodeFactory(postcode="B16 8AA", lsoa=LsoaFactory(parent=ladywood))
    funding_round = RoundFactory(in_phase="voting", ballot_type="approval")
    funding_round.fund.places_served.add(ladywood)
    ApplicationFactory(
        funding_round=funding_round,
        title="Walking football",
        summary="Football for older people",
        status="shortlisted",
    )
    ApplicationFactory(funding_round=funding_round, title="Cook and eat", status="shortlisted")
    VoterFactory(email="voter@example.org")
    return funding_round


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_grant_rounds_ballot_right_to_left(visitor, ballot_round, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    voter = visitor(viewport=viewport)
    voter.sign_in("voter@example.org", PASSWORD)
    read_in(voter, "ar-xb")

    page = voter.visit(f"/rounds/{ballot_round.slug}/vote/")
    assert_laid_out_right_to_left(page)
    assert_choices_drawn_over_their_inputs(page, "checkboxes")
    page.get_by_label("Walking football").check()
    assert page.get_by_label("Walking football").is_checked()
    screenshot(page, f"ballot-{size}", "ballot")


def test_the_home_page_header_and_footer_on_a_phone_right_to_left(visitor):
    person = visitor(viewport=PHONE)
    person.page.goto("/")
    read_in(person, "ar-xb")

    page = person.visit("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    # The service's logo starts the header, at the right; the footer's links start at the right too.
    logo = page.locator(".nhsuk-header__service-logo, .nhsuk-header__logo").first.bounding_box()
    assert logo["x"] + logo["width"] > PHONE["width"] / 2
    footer_link = page.locator(".nhsuk-footer__list-item").first.bounding_box()
    assert footer_link["x"] + footer_link["width"] > PHONE["width"] / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "home-phone", "page")

    menu = page.locator(".nhsuk-header__menu-toggle").filter(visible=True)
    if menu.count():
        menu.first.click()
        page.wait_for_selector(".nhsuk-header__menu-list, .nhsuk-header__drop-down", state="visible")
        person.check_accessibility()
        screenshot(page, "home-phone", "menu")


def test_a_survey_question_translated_into_urdu_reads_right_to_left_inside_an_english_page(
    visitor, survey_and_people
):
    survey, parts = survey_and_people
    used = parts["used"]
    key = next(item.key for item in survey_items(survey) if item.instance == used and item.field == "text")
    translation_services.save_translations(
        actor=parts["coordinator"], kind=SURVEY, document=survey, language="ur", texts={key: URDU_QUESTION}
    )
    resident = visitor(viewport=PHONE)
    resident.sign_in("rae@example.org", PASSWORD)
    read_in(resident, "ur")

    page = resident.visit(f"/surveys/{survey.slug}/answer/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "en-gb" and html.get_attribute("dir") == "ltr"
    question = page.locator('span[lang="ur"]', has_text=URDU_QUESTION)
    assert question.count() == 1 and question.get_attribute("dir") == "rtl"
    assert question.evaluate("(span) => getComputedStyle(span).direction") == "rtl"
    assert page.get_by_label("Yes").count() == 1  # the untranslated answers, as written
    screenshot(page, "urdu-survey-phone", "question")
