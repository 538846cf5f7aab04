"""Background work for conversations: redrawing the opinion map after new votes (debounced)."""

from django_tasks import task

from . import services
from .models import Conversation


@task()
def recompute_map_task(*, conversation_id: int) -> None:
    conversation = Conversation.objects.get(pk=conversation_id)
    services.recompute_map(conversation=conversation)
