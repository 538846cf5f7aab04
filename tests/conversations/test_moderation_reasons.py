"""The person who wrote a statement sees what became of it and why: on the conversation page, on their
account and in their data download."""

import pytest
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.conversations import services
from tests.conversations.factories import ConversationFactory, StatementFactory
from tests.factories import CoordinatorFactory, UserFactory

REASON = "It names a member of staff"


@pytest.fixture
def moderated():
    author = UserFactory()
    conversation = ConversationFactory()
    original = StatementFactory(conversation=conversation, text="Practices should open on Saturdays")
    participant = services.join(conversation=conversation, user=author)
    rejected = services.submit_statement(participant=participant, text="Dr Smith at my surgery is rude to me")
    merged = services.submit_statement(participant=participant, text="Surgeries should open at weekends")
    waiting = services.submit_statement(participant=participant, text="Evening clinics twice a week please")
    moderator = CoordinatorFactory()
    services.moderate_statement(moderator=moderator, statement=rejected, decision="reject", reason=REASON)
    services.moderate_statement(moderator=moderator, statement=merged, decision="merge", merge_into=original)
    return author, conversation, rejected, merged, waiting


def _words(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_the_author_sees_each_statements_status_and_the_reason_on_the_conversation_page(client, moderated):
    author, conversation, rejected, merged, waiting = moderated
    client.force_login(author)

    page = _words(client.get(conversation.get_absolute_url()))
    mine = page.split("Your statements", 1)[1]

    assert rejected.text in mine and "Not shown" in mine and REASON in mine
    assert merged.text in mine and "It repeats “Practices should open on Saturdays”" in mine
    assert waiting.text in mine and "Waiting for review" in mine


@pytest.mark.django_db
def test_someone_else_does_not_see_the_authors_statements_or_reasons(client, moderated):
    _, conversation, rejected, _, _ = moderated
    client.force_login(UserFactory())

    page = _words(client.get(conversation.get_absolute_url()))

    assert "Your statements" not in page and REASON not in page and rejected.text not in page


@pytest.mark.django_db
def test_the_author_sees_the_reason_on_their_account(client, moderated):
    author, conversation, rejected, merged, _ = moderated
    client.force_login(author)

    page = _words(client.get(reverse("accounts:my-account")))

    assert "Your statements in conversations" in page
    assert rejected.text in page and REASON in page and conversation.get_absolute_url() in page
    assert "It repeats “Practices should open on Saturdays”" in page


@pytest.mark.django_db
def test_the_data_download_says_why_each_statement_is_not_shown(moderated):
    author, _, rejected, merged, _ = moderated

    statements = {
        s["text"]: s for s in account_services.export_personal_data(user=author)["conversation_statements"]
    }

    assert statements[rejected.text]["reason_not_shown"] == REASON
    assert statements[merged.text]["merged_into"] == "Practices should open on Saturdays"
    assert statements[merged.text]["reason_not_shown"] == "It repeats another statement"
