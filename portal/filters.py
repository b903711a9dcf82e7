"""Filters shared by the API's filtersets, and the answer of an export whose list filters are bad."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

# The furthest offsets of real time zones are -12:00 and +14:00; PostgreSQL refuses anything past ±15:59.
MAX_UTC_OFFSET = datetime.timedelta(hours=14)


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, refused (a form error, so a 400) when its UTC offset or its UTC time is out of range,
    and given on in UTC: the database never sees the offset."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        offset = result.utcoffset()
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise ValidationError(_("Enter a UTC offset between -14:00 and +14:00."), code="offset")
        try:
            return result.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(
                _("Enter a date and time between the years 1 and 9999 in UTC."), code="range"
            ) from None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


def filters_refused(form) -> HttpResponseBadRequest:
    """A 400 naming each bad filter of a list's form: an export refuses them, never drops them (it would then hold
    every record instead of the ones asked for)."""
    return HttpResponseBadRequest(
        "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
        content_type="text/plain; charset=utf-8",
    )
