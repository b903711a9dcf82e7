"""The addresses of one kind of shared record's pages, laid out the same way in every app."""

from django.urls import path


def record_urls(index, create, detail, edit, *, at: str = "", name: str = "") -> list:
    """ "<at>" lists (unless index is None), "<at>new/" creates, "<at><pk>/" shows and "<at><pk>/edit/" edits;
    named "<name>list", "<name>create", "<name>detail" and "<name>edit". Each view is a class-based view."""
    pages = [] if index is None else [path(at, index.as_view(), name=f"{name}list")]
    return [
        *pages,
        path(f"{at}new/", create.as_view(), name=f"{name}create"),
        path(f"{at}<int:pk>/", detail.as_view(), name=f"{name}detail"),
        path(f"{at}<int:pk>/edit/", edit.as_view(), name=f"{name}edit"),
    ]
