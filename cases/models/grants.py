"""Per-record grants (guardian, direct foreign keys) on cases and their records."""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases.models.cases import Case
from cases.models.records import Advert, Evidence, Person, Prosecution, Seizure


def _grants(model):
    user = type(
        f"{model.__name__}UserGrant",
        (UserObjectPermissionBase,),
        {
            "__module__": __name__,
            "__doc__": f"A per-record grant on one {model._meta.verbose_name} to one user (guardian, direct FK).",
            "content_object": models.ForeignKey(model, on_delete=models.CASCADE),
        },
    )
    group = type(
        f"{model.__name__}GroupGrant",
        (GroupObjectPermissionBase,),
        {
            "__module__": __name__,
            "__doc__": f"A per-record grant on one {model._meta.verbose_name} to a space group (guardian, direct FK).",
            "content_object": models.ForeignKey(model, on_delete=models.CASCADE),
        },
    )
    return user, group


CaseUserGrant, CaseGroupGrant = _grants(Case)
AdvertUserGrant, AdvertGroupGrant = _grants(Advert)
SeizureUserGrant, SeizureGroupGrant = _grants(Seizure)
PersonUserGrant, PersonGroupGrant = _grants(Person)
ProsecutionUserGrant, ProsecutionGroupGrant = _grants(Prosecution)
EvidenceUserGrant, EvidenceGroupGrant = _grants(Evidence)

GRANTS = {
    Case: (CaseUserGrant, CaseGroupGrant),
    Advert: (AdvertUserGrant, AdvertGroupGrant),
    Seizure: (SeizureUserGrant, SeizureGroupGrant),
    Person: (PersonUserGrant, PersonGroupGrant),
    Prosecution: (ProsecutionUserGrant, ProsecutionGroupGrant),
    Evidence: (EvidenceUserGrant, EvidenceGroupGrant),
}
CHILD_MODELS = (Advert, Seizure, Person, Prosecution, Evidence)
