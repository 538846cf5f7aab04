"""The lists that lead to translated pages show each document's translated title too: a resident who chose
Urdu reads the Urdu title in the list, with the original one click away; everyone else reads the original."""

import pytest
from django.urls import reverse

from ostrom.conversations.translations import CONVERSATION
from ostrom.events.translations import EVENT
from ostrom.grants.translations import ROUND
from ostrom.panels.translations import ASSEMBLY
from ostrom.surveys.translations import SURVEY
from ostrom.translations import services
from tests.conversations.factories import ConversationFactory
from tests.events.factories import open_space
from tests.factories import CoordinatorFactory, UserFactory
from tests.grants.factories import RoundFactory
from tests.panels.factories import AssemblyFactory
from tests.surveys.factories import sent_survey

pytestmark = pytest.mark.django_db

URDU = "جی پی سے ملنا کس چیز سے آسان ہو جائے گا؟"


def _translate(kind, document, field):
    key = next(item.key for item in kind.items(document) if item.instance == document and item.field == field)
    services.save_translations(
        actor=CoordinatorFactory(), kind=kind, document=document, language="ur", texts={key: URDU}
    )


def _assert_the_list_reads_in_urdu_for_who_chose_it(client, settings, url, original):
    english = client.get(url).content.decode()
    assert original in english
    assert URDU not in english
    assert "Show the original" not in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    urdu = client.get(url).content.decode()
    assert f'<span lang="ur" dir="rtl">{URDU}</span>' in urdu
    assert original not in urdu
    assert "Show the original" in urdu

    shown_original = client.get(url, {"original": "1"}).content.decode()
    assert original in shown_original
    assert URDU not in shown_original
    assert "You are reading the original." in shown_original


def test_the_list_of_conversations_shows_the_translated_question(client, settings):
    conversation = ConversationFactory(question="What would make it easier to see a GP?")
    ConversationFactory(question="How should the park be used?")
    _translate(CONVERSATION, conversation, "question")

    _assert_the_list_reads_in_urdu_for_who_chose_it(
        client, settings, reverse("conversations:conversation-list"), "What would make it easier to see a GP?"
    )
    assert (
        "How should the park be used?"
        in client.get(reverse("conversations:conversation-list")).content.decode()
    )


def test_a_resident_who_chose_urdu_in_their_account_sees_the_translated_conversation_question(client):
    conversation = ConversationFactory(question="What would make it easier to see a GP?")
    _translate(CONVERSATION, conversation, "question")
    client.force_login(UserFactory(language="ur"))

    html = client.get(reverse("conversations:conversation-list")).content.decode()
    assert f'<span lang="ur" dir="rtl">{URDU}</span>' in html


def test_the_list_of_surveys_a_resident_can_answer_shows_the_translated_title(client, settings):
    resident = UserFactory()
    survey, _parts = sent_survey(members=[resident])
    _translate(SURVEY, survey, "title")
    client.force_login(resident)

    _assert_the_list_reads_in_urdu_for_who_chose_it(
        client, settings, reverse("surveys:survey-list"), "Community panel survey"
    )


def test_the_list_of_events_shows_the_translated_theme(client, settings):
    event = open_space().event
    _translate(EVENT, event, "title")

    _assert_the_list_reads_in_urdu_for_who_chose_it(
        client,
        settings,
        reverse("events:event-list"),
        "What matters to me for my wellbeing living in Ladywood",
    )


def test_the_list_of_citizens_panels_shows_the_translated_question(client, settings):
    assembly = AssemblyFactory(question="How should we cut waiting lists?")
    _translate(ASSEMBLY, assembly, "question")

    _assert_the_list_reads_in_urdu_for_who_chose_it(
        client, settings, reverse("panels:assembly-list"), "How should we cut waiting lists?"
    )


def test_the_lists_of_rounds_show_each_round_s_translated_name(client, settings):
    funding_round = RoundFactory(name="Small grants for healthy streets")
    _translate(ROUND, funding_round, "name")

    _assert_the_list_reads_in_urdu_for_who_chose_it(
        client, settings, reverse("grants:fund-detail", args=[funding_round.fund.slug]), funding_round.name
    )
    client.cookies.clear()
    _assert_the_list_reads_in_urdu_for_who_chose_it(
        client, settings, reverse("grants:fund-list"), funding_round.name
    )
