"""Factories of library documents, their attachments, legislation entries and SPOC profiles."""

import hashlib

import factory
from django.core.files.base import ContentFile

from portal.library.models import Attachment, Document, LegislationEntry
from tests.access.factories import ShareableFactory
from tests.orgs.factories import CitesPartyFactory, MembershipFactory


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A small PDF of a document whose bytes contain `marker` (the document's title unless told)."""

    class Meta:
        model = Attachment

    class Params:
        marker = factory.SelfAttribute("document.title")
        content = factory.LazyAttribute(lambda o: f"%PDF-1.4\n% {o.marker}\n%%EOF\n".encode())

    name = "sweep.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="sweep.pdf"))


class DocumentFactory(ShareableFactory):
    """An SOP with one attachment, so the download path can be swept."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    kind = "sop"
    title = factory.SelfAttribute("marker")
    body = factory.LazyAttribute(lambda o: f"Body of {o.marker}")
    attachment = factory.RelatedFactory(
        AttachmentFactory, factory_related_name="document", marker=factory.SelfAttribute("..marker")
    )


class LegislationEntryFactory(ShareableFactory):
    class Meta:
        model = LegislationEntry

    party = factory.SubFactory(CitesPartyFactory)
    title = factory.SelfAttribute("marker")


class SpocProfileFactory(factory.django.DjangoModelFactory):
    # By label: the SPOC directory may move to another app module.
    class Meta:
        model = "orgs.SpocProfile"

    membership = factory.SubFactory(MembershipFactory, is_spoc=True)
