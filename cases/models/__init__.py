"""Cases of wildlife cybercrime and their records: adverts, seizures, persons, prosecutions, evidence.

The models live in modules of this package; every model and choices class is importable from cases.models.
"""

from cases.models.cases import (
    Case,
    CaseReferenceCounter,
    CaseSpecies,
    CaseStatus,
    CaseStatusChange,
    ChainSeen,
    ModusOperandi,
)
from cases.models.deconfliction import AdvertCodeWordHit, Identifier, IdentifierKind
from cases.models.grants import (
    CHILD_MODELS,
    GRANTS,
    AdvertGroupGrant,
    AdvertUserGrant,
    CaseGroupGrant,
    CaseUserGrant,
    EvidenceGroupGrant,
    EvidenceUserGrant,
    PersonGroupGrant,
    PersonUserGrant,
    ProsecutionGroupGrant,
    ProsecutionUserGrant,
    SeizureGroupGrant,
    SeizureUserGrant,
)
from cases.models.imports import AdvertImport, ImportStatus
from cases.models.platforms import Platform, PlatformKind
from cases.models.records import (
    Advert,
    AdvertStatus,
    CaseChild,
    DetectionMethod,
    Evidence,
    EvidenceKind,
    Person,
    PersonRole,
    Prosecution,
    Seizure,
    TransportMode,
    Verdict,
    evidence_path,
)

__all__ = [
    "CHILD_MODELS",
    "GRANTS",
    "Advert",
    "AdvertCodeWordHit",
    "AdvertGroupGrant",
    "AdvertImport",
    "AdvertStatus",
    "AdvertUserGrant",
    "Case",
    "CaseChild",
    "CaseGroupGrant",
    "CaseReferenceCounter",
    "CaseSpecies",
    "CaseStatus",
    "CaseStatusChange",
    "CaseUserGrant",
    "ChainSeen",
    "DetectionMethod",
    "Evidence",
    "EvidenceGroupGrant",
    "EvidenceKind",
    "EvidenceUserGrant",
    "Identifier",
    "IdentifierKind",
    "ImportStatus",
    "ModusOperandi",
    "Person",
    "PersonGroupGrant",
    "PersonRole",
    "PersonUserGrant",
    "Platform",
    "PlatformKind",
    "Prosecution",
    "ProsecutionGroupGrant",
    "ProsecutionUserGrant",
    "Seizure",
    "SeizureGroupGrant",
    "SeizureUserGrant",
    "TransportMode",
    "Verdict",
    "evidence_path",  # the upload_to of Evidence.file, referenced by migration 0001 as cases.models.evidence_path
]
