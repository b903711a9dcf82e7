"""The access sweep: every registered path of every shareable model shows exactly what the policy allows.

Records are made at every distribution (and a RED one granted to a named user, an organisation-only one
granted to a space); each cast member requests each registered path. A list must name every visible
record and no hidden one; a detail must answer 200 (or 403 for an edit page the user may not use) when
the record is visible and 404 when it is not, exactly like a record that does not exist.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm

from portal.access.models import TLP, Distribution
from portal.access.policy import can_change
from portal.access.registry import shareable_models
from tests.access.oracle import may_view, record_facts, user_facts
from tests.access.paths import sweep_paths
from tests.conftest import CAST_NAMES
from tests.factories import SHAREABLE_FACTORIES, client_for

MARKINGS = [
    ("org", Distribution.ORGANISATION, TLP.AMBER),
    ("spaces", Distribution.SPACES, TLP.AMBER_STRICT),
    ("community", Distribution.COMMUNITY, TLP.GREEN),
    ("public", Distribution.PUBLIC, TLP.CLEAR),
    ("red-granted", Distribution.ORGANISATION, TLP.RED),
    ("space-granted", Distribution.ORGANISATION, TLP.AMBER),
]


@dataclass
class SweepWorld:
    cast: object
    space: object
    records: dict


def build_records(cast, model):
    make = SHAREABLE_FACTORIES[model._meta.label]
    records = {}
    for key, distribution, tlp in MARKINGS:
        marker = f"SWEEP-{model._meta.model_name}-{key}-7f3a"
        spaces = [cast.space] if distribution == Distribution.SPACES else []
        records[key] = make(owner_org=cast.owner_org, marker=marker, distribution=distribution, tlp=tlp, spaces=spaces)
    perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
    assign_perm(perm, cast.grantee, records["red-granted"])
    assign_perm(perm, cast.other_space.group, records["space-granted"])
    if model._meta.label == "lexicon.CodeWord":
        # Platforms receive releasable code words only: the community-wide and public words are not releasable.
        model.bypass_policy.filter(pk__in=[records["community"].pk, records["public"].pk]).update(releasable=False)
        for key in ("community", "public"):
            records[key].refresh_from_db()
    if model._meta.label == "referrals.VolunteerReport":
        # The first volunteer filed the organisation-only report: the one report they may read.
        model.bypass_policy.filter(pk=records["org"].pk).update(reporter=cast.volunteer)
        records["org"].refresh_from_db()
    return records


def sweep_client(user, staff=False):
    """A client of this cast member (anonymous: logged in as nobody); made staff first for a staff-only path."""
    if not user.is_authenticated:
        return Client()
    if staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return client_for(user)


def request(client, path, world, obj=None):
    kwargs = path.url_kwargs(obj if path.kind == "detail" else world) if path.url_kwargs else {}
    url = reverse(path.url_name, kwargs=kwargs)
    query = dict(path.query or {})
    if path.url_name.startswith("api:") and path.kind == "list":
        query.setdefault("page_size", 200)
    return client.get(url, query)


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


def test_every_shareable_model_has_a_sweep_factory_and_paths():
    registered = {p.model for p in sweep_paths()}
    for model in shareable_models():
        assert model._meta.label in SHAREABLE_FACTORIES, f"no sweep factory for {model._meta.label}"
        assert model in registered, f"no sweep path registered for {model._meta.label}"


@pytest.mark.parametrize("path", sweep_paths(), ids=lambda p: p.url_name)
def test_path_shows_exactly_what_the_policy_allows(cast, path):
    records = build_records(cast, path.model)
    world = SweepWorld(cast, cast.space, records)
    facts = {key: record_facts(obj) for key, obj in records.items()}
    for name in CAST_NAMES:
        user = getattr(cast, name)
        client = sweep_client(user, staff=path.staff_only)
        expected = {key for key in records if may_view(user_facts(user), facts[key])}
        if path.kind == "list":
            response = request(client, path, world)
            if response.status_code == 302:
                # A page for signed-in members sends visitors to log in; it shows nothing.
                assert not user_facts(user)["vetted"], f"{name} redirected from {path.url_name}"
                assert "login" in response.url
                continue
            assert response.status_code == 200, (name, path.url_name, response.status_code)
            body = _body(response)
            shown = {key for key, obj in records.items() if path.marker(obj) in body}
            if path.url_name == "orgs:space-detail":
                expected &= {"spaces"}  # a space page lists only what was shared into it
            assert shown == expected, f"{name} on {path.url_name}: shown {sorted(shown)}, expected {sorted(expected)}"
        else:
            for key, obj in records.items():
                response = request(client, path, world, obj)
                if response.status_code == 302:
                    assert not user_facts(user)["vetted"], f"{name} redirected from {path.url_name} {key}"
                    assert "login" in response.url
                    continue
                if key not in expected:
                    assert response.status_code == 404, (name, path.url_name, key, response.status_code)
                elif path.method == "edit" or path.staff_only:
                    ok = can_change(user, obj) or (path.staff_only and path.kind == "detail")
                    assert response.status_code in ((200,) if ok else (403,)), (
                        name,
                        path.url_name,
                        key,
                        response.status_code,
                    )
                else:
                    assert response.status_code == 200, (name, path.url_name, key, response.status_code)
                    assert path.marker(obj) in _body(response)
