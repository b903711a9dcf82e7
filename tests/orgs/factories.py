"""Factories of organisations, users, memberships and spaces."""

import factory
from django.contrib.auth import get_user_model

from portal.orgs.models import CitesParty, Membership, Organisation, Role, Sector, Space, SpaceMember, SpaceRole


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    sector = Sector.ENFORCEMENT
    country = "KE"
    approved = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    """A vetted contributor of a new enforcement organisation, unless told otherwise."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONTRIBUTOR
    vetted = True
    is_spoc = False


class SpaceFactory(factory.django.DjangoModelFactory):
    """A space; `members` are organisations or users added as members, `admins` users made its admins."""

    class Meta:
        model = Space
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Space {n}")
    allowed_sectors = factory.LazyFunction(list)
    confidential = False

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        for m in extracted or ():
            if isinstance(m, Organisation):
                SpaceMemberFactory(space=obj, organisation=m)
            else:
                SpaceMemberFactory(space=obj, user=m)

    @factory.post_generation
    def admins(obj, create, extracted, **kwargs):
        for a in extracted or ():
            SpaceMember.objects.update_or_create(space=obj, user=a, defaults={"role": SpaceRole.ADMIN})


class SpaceMemberFactory(factory.django.DjangoModelFactory):
    """A member of a space: pass organisation= or user= (exactly one); got if already a member."""

    class Meta:
        model = SpaceMember
        django_get_or_create = ("space", "organisation", "user")

    space = factory.SubFactory(SpaceFactory)
    organisation = None
    user = None


class CitesPartyFactory(factory.django.DjangoModelFactory):
    """Kenya, unless told otherwise; got if it exists."""

    class Meta:
        model = CitesParty
        django_get_or_create = ("code",)

    code = "KE"
    name = "Kenya"
