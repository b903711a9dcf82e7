"""How the access sweep and the case tests make cases and their records."""

import hashlib
import itertools

from django.core.files.base import ContentFile

from cases.models import Advert, Case, Evidence, Person, Prosecution, Seizure
from portal.access.models import TLP, Distribution

_numbers = itertools.count(1)


def make_case(
    *, owner_org, marker, distribution=Distribution.ORGANISATION, tlp=TLP.AMBER, spaces=(), author=None, **fields
):
    n = next(_numbers)
    fields.setdefault("country", "KE")
    obj = Case.bypass_policy.create(
        owner_org=owner_org, author=author, reference=f"ZZ-2026-{n:05d}", title=marker,
        summary="Summary of " + marker, distribution=distribution, tlp=tlp, **fields,
    )  # fmt: skip
    obj.spaces.set(spaces)
    return obj


def _child(model, **defaults):
    def make(*, owner_org, marker, distribution=Distribution.ORGANISATION, tlp=TLP.AMBER, spaces=(), author=None,
             case=None, **fields):  # fmt: skip
        case = case or make_case(
            owner_org=owner_org, marker=f"case of {marker}", distribution=distribution, tlp=tlp, spaces=spaces
        )
        values = {key: (value(marker) if callable(value) else value) for key, value in defaults.items()}
        values.update(fields)
        obj = model(case=case, owner_org=owner_org, author=author, distribution=distribution, tlp=tlp, **values)
        if model is Evidence:
            content = f"%PDF-1.4\n% {marker}\n%%EOF\n".encode()
            obj.name, obj.content_type, obj.size = "sweep.pdf", "application/pdf", len(content)
            obj.sha256 = hashlib.sha256(content).hexdigest()
            obj.file.save("sweep", ContentFile(content), save=False)
        obj.save()
        obj.spaces.set(spaces)
        return obj

    return make


make_advert = _child(Advert, title=lambda m: m, text="Offer", seller_handle=lambda m: f"seller-of-{m}")
make_seizure = _child(Seizure, place=lambda m: m)
make_person = _child(Person, description=lambda m: m, names=lambda m: f"Name of {m}", phone_numbers="+254712000111")
make_prosecution = _child(Prosecution, court=lambda m: m)
make_evidence = _child(Evidence, description=lambda m: m)
