"""What the home page says is happening now (rounds, conversations and panels open to take part in) and
the latest "you said, we did".

Core imports no domain app, so the app that reads them all (`ostrom.overview`) registers the functions
that list them, in its `AppConfig.ready()`. Each item has `text`, `href`, `detail` (where, and what it
is) and, for what is happening now, `window` (a `core.windows.Window`)."""

from collections.abc import Callable

_lists: list[Callable[[], list]] = []
_said_and_done: list[Callable[[], list]] = []


def register_happening_now(list_items: Callable[[], list]) -> None:
    if list_items not in _lists:
        _lists.append(list_items)


def happening_now() -> list:
    return [item for list_items in _lists for item in list_items()]


def register_you_said_we_did(list_items: Callable[[], list]) -> None:
    if list_items not in _said_and_done:
        _said_and_done.append(list_items)


def you_said_we_did() -> list:
    return [item for list_items in _said_and_done for item in list_items()]
