"""Background work for conversations: redrawing the opinion map after new votes (debounced)."""

from django_tasks import task

from . import mapping
from .models import Conversation


@task()
def redraw_map(*, conversation_id: int) -> None:
    mapping.redraw_map(conversation=Conversation.objects.get(pk=conversation_id))
