"""The base of every shared record's factory: made past the policy, owned, distributed and shared with spaces."""

import factory

from portal.access.models import TLP, Distribution
from tests.orgs.factories import OrganisationFactory


class ShareableFactory(factory.django.DjangoModelFactory):
    """A shared record of owner_org at a distribution and TLP, in `spaces`.

    `marker` is the text the access sweep looks for in answers; each factory writes it into a field readers see.
    """

    class Meta:
        abstract = True

    class Params:
        marker = factory.Sequence(lambda n: f"Record {n}")

    owner_org = factory.SubFactory(OrganisationFactory)
    author = None
    distribution = Distribution.ORGANISATION
    tlp = TLP.AMBER
    # A plain attribute rather than a post-generation hook, so that a case record's own case can be put in the
    # same spaces (SelfAttribute("..spaces")); _create sets it once the record is saved.
    spaces = ()

    @classmethod
    def _get_manager(cls, model_class):
        return model_class.bypass_policy

    @classmethod
    def _create(cls, model_class, *args, spaces=(), **kwargs):
        obj = super()._create(model_class, *args, **kwargs)
        obj.spaces.set(spaces)
        return obj
