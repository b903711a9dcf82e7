"""The DRF base serializer and viewset for shareable models; apps' API views only name their parts."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from portal.access.models import check_marking
from portal.access.policy import redact, user_space_ids
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

    def _pop_many_to_many(self, data: dict) -> dict:
        """Many-to-many values other than spaces, set after the record is saved."""
        names = {f.name for f in self.queryset.model._meta.many_to_many} - {"spaces"}
        return {name: data.pop(name) for name in list(data) if name in names}

    def _call(self, fn):
        try:
            return fn()
        except EditConflict as conflict:
            return Response(
                {"version": [f"The record was changed by someone else (now version {conflict.current.version})."]},
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as error:
            raise ValidationError(getattr(error, "message_dict", {"non_field_errors": error.messages})) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        spaces = data.pop("spaces", [])
        data.pop("version", None)
        m2m = self._pop_many_to_many(data)

        def do():
            obj = shareable_create(actor=request.user, model=self.queryset.model, data=data, spaces=spaces)
            for name, values in m2m.items():
                set_links(obj, name, values)
            return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

        return self._call(do)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        spaces = data.pop("spaces", None)
        version = data.pop("version")
        m2m = self._pop_many_to_many(data)

        def do():
            obj = shareable_update(actor=request.user, obj=instance, data=data, spaces=spaces, expected_version=version)
            for name, values in m2m.items():
                set_links(obj, name, values)
            return Response(self.get_serializer(obj).data)

        return self._call(do)
