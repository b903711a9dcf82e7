"""Domain errors: what a service says when it will not do the work, without knowing who asked how.

Services raise these; the interface layer maps them (``DomainErrorMiddleware`` for pages, ``api_exception_handler``
for the API): ``NotFound`` is a 404 (a hidden record answers exactly as one that does not exist), ``Forbidden`` a 403,
``Conflict`` a 409 and ``Invalid`` a 400 naming the field.
"""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from rest_framework import exceptions as api_exceptions
from rest_framework.views import exception_handler


class DomainError(Exception):
    """The base of the errors a service raises; ``message`` is for the person who asked."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """No such record, or one the actor may not know of: the two answer alike."""


class Forbidden(DomainError):
    """The actor sees the record but may not do this to it."""


class Conflict(DomainError):
    """The record changed, or is in a state that refuses the work (an edit conflict, a closed request)."""


class Invalid(DomainError):
    """Bad input, named by field (``field`` is None for the whole request)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class ApiConflict(api_exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def as_api_exception(error: DomainError) -> api_exceptions.APIException:
    if isinstance(error, NotFound):
        return api_exceptions.NotFound()
    if isinstance(error, Forbidden):
        return api_exceptions.PermissionDenied(error.message or None)
    if isinstance(error, Conflict):
        return ApiConflict(error.message or None)
    if isinstance(error, Invalid):
        return api_exceptions.ValidationError({error.field or "non_field_errors": [error.message]})
    return api_exceptions.APIException(error.message or None)


def api_exception_handler(exc, context):
    """DRF's handler, with the domain errors mapped first."""
    if isinstance(exc, DomainError):
        exc = as_api_exception(exc)
    return exception_handler(exc, context)


class DomainErrorMiddleware:
    """Pages: a domain error out of a view becomes the 404 or 403 page (Conflict and Invalid are for the view to
    show on its form; one that escapes is a 400 page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            raise Http404(exception.message or "No such record") from exception
        if isinstance(exception, Forbidden):
            raise PermissionDenied(exception.message) from exception
        if isinstance(exception, (Conflict, Invalid)):
            raise BadRequest(exception.message) from exception
        return None
