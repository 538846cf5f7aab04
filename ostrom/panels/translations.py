"""What of a citizens' panel can be translated: what residents read on its page and on the register of
interest (the question, the payment and the support offered)."""

from django.utils.translation import gettext_lazy as _

from ostrom.translations.registry import DocumentKind, Item

from .models import Assembly


def question_item(assembly: Assembly) -> Item:
    return Item(assembly, "question", _("Question"))


def list_items(assemblies) -> list[Item]:
    """What the list of citizens' panels reads: each one's question."""
    return [question_item(assembly) for assembly in assemblies]


def items(assembly: Assembly) -> list[Item]:
    found = [
        question_item(assembly),
        Item(assembly, "payment_offered", _("Payment")),
        Item(assembly, "support_offered", _("Support offered"), long=True),
    ]
    return [item for item in found if item.original]


ASSEMBLY = DocumentKind(
    key="panels.assembly",
    label=_("Citizens' panel"),
    model=Assembly,
    items=items,
    places=lambda assembly: [assembly.place],
    reader_url=lambda assembly: assembly.get_absolute_url(),
    current=lambda: (
        Assembly.objects.exclude(status=Assembly.Status.FINISHED).select_related("place").order_by("question")
    ),
)
