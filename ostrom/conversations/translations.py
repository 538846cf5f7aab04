"""What of a conversation can be translated: its question and description, and each statement shown, in
the language its author wrote it in. A translated statement is the same statement: votes on it count the
same whatever language each person read it in."""

from django.utils.translation import gettext_lazy as _

from ostrom.translations.registry import DocumentKind, Item

from .models import Conversation, Statement


def heading_items(conversation: Conversation) -> list[Item]:
    return [
        Item(conversation, "question", _("Question")),
        Item(conversation, "description", _("Description"), long=True),
    ]


def list_items(conversations) -> list[Item]:
    """What the list of conversations reads: each one's question and description."""
    return [item for conversation in conversations for item in heading_items(conversation)]


def statement_item(statement: Statement, number: int | None = None) -> Item:
    label = _("Statement %(number)s") % {"number": number} if number else _("Statement")
    return Item(statement, "text", label, language=statement.language)


def items(conversation: Conversation) -> list[Item]:
    statements = conversation.statements.shown().order_by("created_at", "pk")
    found = heading_items(conversation) + [
        statement_item(statement, number) for number, statement in enumerate(statements, start=1)
    ]
    return [item for item in found if item.original]


CONVERSATION = DocumentKind(
    key="conversations.conversation",
    label=_("Conversation"),
    model=Conversation,
    items=items,
    places=lambda conversation: [conversation.place],
    reader_url=lambda conversation: conversation.get_absolute_url(),
    current=lambda: Conversation.objects.not_closed().select_related("place").order_by("question"),
    item_models=[Statement],
)
