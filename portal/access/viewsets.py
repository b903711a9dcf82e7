"""The DRF base serializer and viewset for shareable models; apps' API views only name their parts."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from portal.access.models import check_marking
from portal.access.policy import redact, user_space_ids, vetted_membership
from portal.access.services import EditConflict, set_links, shareable_create, shareable_update
from portal.orgs.models import Space


class UserSpacesField(serializers.PrimaryKeyRelatedField):
    """Spaces a caller can share into: those they are in."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Space.objects.none()
        return Space.objects.filter(pk__in=user_space_ids(request.user))


class ShareableSerializer(serializers.ModelSerializer):
    """Base serializer: marking fields, owner read-only, personal fields redacted, version for locking."""

    owner_org = serializers.StringRelatedField(read_only=True)
    spaces = UserSpacesField(many=True, required=False)
    version = serializers.IntegerField(required=False, help_text="Send the version you read; a stale one answers 409.")

    marking_fields = ("id", "owner_org", "distribution", "spaces", "tlp", "pap", "version", "created_at", "updated_at")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        distribution = attrs.get("distribution", getattr(self.instance, "distribution", None))
        tlp = attrs.get("tlp", getattr(self.instance, "tlp", None))
        if distribution and tlp:
            try:
                check_marking(distribution, tlp)
            except DjangoValidationError as error:
                raise ValidationError(error.message_dict) from None
        if self.instance is not None and "version" not in attrs:
            raise ValidationError({"version": "Required when updating: send the version you read."})
        return attrs

    def to_representation(self, instance):
        request = self.context.get("request")
        if request is not None:
            redact(request.user, instance)
        data = super().to_representation(instance)
        if "spaces" in data and request is not None:
            # Name only the spaces the caller is in; the others are not theirs to know.
            mine = my_space_ids(request)
            data["spaces"] = [pk for pk in data["spaces"] if pk in mine]
        return data


def my_space_ids(request) -> set[int]:
    """The ids of the spaces the caller is in, once per request: records name only these of their spaces."""
    mine = getattr(request, "_portal_space_ids", None)
    if mine is None:
        mine = request._portal_space_ids = set(
            Space.objects.filter(pk__in=user_space_ids(request.user)).values_list("pk", flat=True)
        )
    return mine


class ShareableViewSet(viewsets.ModelViewSet):
    """List, detail, create and update of one shareable model through the policy; no delete."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    select_related: tuple[str, ...] = ("owner_org",)
    ordering = ("-created_at", "-id")
    ordering_fields = ("created_at", "updated_at")

    def get_queryset(self):
        # The filter backend applies visible_to; without it this queryset yields nothing.
        qs = self.queryset.model.objects.all().select_related(*self.select_related).prefetch_related("spaces")
        return qs.order_by(*self.ordering)

    # Many-to-many fields set after the record is saved; None: every one but spaces.
    m2m: tuple[str, ...] | None = None

    def split(self, serializer) -> tuple[dict, list | None, dict, int | None]:
        """The validated data as the services take it: fields, spaces, many-to-many values, the version read."""
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        spaces = data.pop("spaces", None)
        names = self.m2m
        if names is None:
            names = tuple(f.name for f in self.queryset.model._meta.many_to_many if f.name != "spaces")
        m2m = {name: data.pop(name) for name in names if name in data}
        return data, spaces, m2m, version

    def create_record(self, *, data: dict, spaces: list, m2m: dict):
        """The create service; an app's viewset names its own."""
        obj = shareable_create(actor=self.request.user, model=self.queryset.model, data=data, spaces=spaces)
        for name, values in m2m.items():
            set_links(obj, name, values)
        return obj

    def update_record(self, instance, *, data: dict, spaces: list | None, m2m: dict, version: int):
        """The update service; an app's viewset names its own."""
        obj = shareable_update(
            actor=self.request.user, obj=instance, data=data, spaces=spaces, expected_version=version
        )
        for name, values in m2m.items():
            set_links(obj, name, values)
        return obj

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, spaces, m2m, _version = self.split(serializer)
        return answer_service_errors(
            lambda: Response(
                self.get_serializer(self.create_record(data=data, spaces=spaces or [], m2m=m2m)).data,
                status=status.HTTP_201_CREATED,
            )
        )

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data, spaces, m2m, version = self.split(serializer)
        return answer_service_errors(
            lambda: Response(
                self.get_serializer(
                    self.update_record(instance, data=data, spaces=spaces, m2m=m2m, version=version)
                ).data
            )
        )


def answer_service_errors(fn):
    """Call a service for the API: an edit conflict answers 409 with the version now stored, a Django
    ValidationError a 400 by field, a PermissionDenied a 403 (domain errors: portal.errors.api_exception_handler)."""
    try:
        return fn()
    except EditConflict as conflict:
        return Response({"version": [conflict_message(conflict)]}, status=status.HTTP_409_CONFLICT)
    except DjangoValidationError as error:
        raise ValidationError(getattr(error, "message_dict", {"non_field_errors": error.messages})) from None
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from None


def conflict_message(conflict: EditConflict) -> str:
    return f"The record was changed by someone else (now version {conflict.current.version})."


class VettedReadOnly(permissions.BasePermission):
    """Reference data (platforms, taxa, CITES codes): readable by any vetted member, written only in the admin."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS and vetted_membership(request.user) is not None
