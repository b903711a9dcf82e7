"""DESIGN.md's visibility rule written again in plain Python, from raw rows, to check the policy against.

It shares no code with portal.access.policy on purpose: two readings of the rule that must agree.
"""

from portal.orgs.models import Membership, SpaceMember

# Kinds of record some sectors never see, whatever the marking or grants, and so never public either
# (issue 8: volunteer reports never reach platforms).
CLOSED_TO = {"referrals.VolunteerReport": {"platform"}}
# Kinds of record a platform receives only when marked releasable (code words).
RELEASABLE_ONLY_TO_PLATFORMS = {"lexicon.CodeWord"}
# Kinds of record of which a volunteer reads exactly their own, and nothing else.
OWN_ONLY_FOR_VOLUNTEERS = {"referrals.VolunteerReport"}


def user_facts(user) -> dict:
    if not user.is_authenticated or not user.is_active:
        return {"vetted": False}
    membership = Membership.objects.filter(user_id=user.pk).first()
    if membership is None or not membership.vetted:
        return {"vetted": False}
    volunteer = membership.role == "volunteer"
    # A volunteer is in the spaces they were added to by name; through their organisation only staff are.
    spaces = {
        row.space_id
        for row in SpaceMember.objects.all()
        if row.user_id == user.pk or (row.organisation_id == membership.organisation_id and not volunteer)
    }
    sector = membership.organisation.sector
    return {
        "vetted": True,
        "id": user.pk,
        "org": membership.organisation_id,
        "sector": sector,
        "spaces": spaces,
        "volunteer": volunteer,
    }


def record_facts(obj) -> dict:
    from portal.access.registry import shareable_entry

    entry = shareable_entry(type(obj))
    user_grants = {row.user_id for row in entry.user_grants.objects.filter(content_object_id=obj.pk)}
    space_grants = {
        row.group.space.pk
        for row in entry.group_grants.objects.filter(content_object_id=obj.pk).select_related("group__space")
    }
    parent = getattr(obj, entry.parent_field) if entry.parent_field else None
    return {
        "parent": record_facts(parent) if parent is not None else None,
        "closed_to": CLOSED_TO.get(obj._meta.label, set()),
        "releasable": getattr(obj, "releasable", True) if obj._meta.label in RELEASABLE_ONLY_TO_PLATFORMS else True,
        "own_only": obj._meta.label in OWN_ONLY_FOR_VOLUNTEERS,
        "reporter": getattr(obj, "reporter_id", None),
        "owner": obj.owner_org_id,
        "distribution": obj.distribution,
        "tlp": obj.tlp,
        "spaces": set(obj.spaces.values_list("pk", flat=True)),
        "user_grants": user_grants,
        "space_grants": space_grants,
    }


def may_view(u: dict, r: dict) -> bool:
    """A child record is visible only when its parent is too."""
    return (r["parent"] is None or may_view(u, r["parent"])) and _may_view_own(u, r)


def _may_view_own(u: dict, r: dict) -> bool:
    if r["closed_to"] and (not u["vetted"] or u["sector"] in r["closed_to"]):
        return False
    if u["vetted"] and u["sector"] == "platform" and not r["releasable"]:
        return False
    if u["vetted"] and u["volunteer"] and r["own_only"]:
        return r["reporter"] == u["id"]
    if r["distribution"] == "public":
        return True
    if not u["vetted"]:
        return False
    if not u["volunteer"] and (r["distribution"] == "community" or r["owner"] == u["org"]):
        return True
    if r["distribution"] == "spaces" and r["spaces"] & u["spaces"]:
        return True
    if u["id"] in r["user_grants"]:
        return True
    return r["tlp"] != "red" and bool(r["space_grants"] & u["spaces"])
