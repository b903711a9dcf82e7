"""The navigation bar: each app registers its entries when it is ready (as it registers its shared models,
search sources and seeders), so the base template names no app. Entries show in their order, each when its
condition holds for the signed-in person (or the visitor)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


def always(user, membership) -> bool:
    return True


def members(user, membership) -> bool:
    return membership is not None


def staff(user, membership) -> bool:
    return user.is_staff


@dataclass(frozen=True)
class MenuEntry:
    order: int
    label: str
    url_name: str
    shown: Callable = always


_ENTRIES: dict[str, MenuEntry] = {}


def register_menu(order: int, label, url_name: str, shown: Callable = always) -> None:
    """Add an entry (by URL name: registering the same one again replaces it)."""
    _ENTRIES[url_name] = MenuEntry(order, label, url_name, shown)


def menu_for(user, membership) -> list[tuple[str, str]]:
    """(label, URL) of the entries this person sees, in order."""
    entries = sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.url_name))
    return [(entry.label, reverse(entry.url_name)) for entry in entries if entry.shown(user, membership)]
