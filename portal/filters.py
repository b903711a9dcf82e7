"""Filters shared by the API's filtersets."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
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
