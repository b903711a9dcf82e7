"""Species involved in a case are edited in the case form, through cases.services, with row-level errors."""

import decimal

import pytest
from django.urls import reverse

from cases.models import Case
from lexicon.models import CodeKind, Taxon
from tests.cases.test_cases import case_form_data
from tests.factories import CaseFactory, CaseSpeciesFactory, CitesCodeFactory, TaxonFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes():
    taxa = list(Taxon.objects.order_by("pk")[:2])
    while len(taxa) < 2:
        taxa.append(TaxonFactory(scientific_name=f"Manis test {len(taxa)}"))
    term = CitesCodeFactory(kind=CodeKind.TERM, code="SCA", description="scales")
    unit = CitesCodeFactory(kind=CodeKind.UNIT, code="kg", description="kilograms")
    return taxa, term, unit


def _species(rows, initial=0):
    data = {"species-TOTAL_FORMS": str(len(rows)), "species-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"species-{i}-{key}": value for key, value in row.items()})
    return data


def test_species_are_added_on_create_and_replaced_on_edit(cast, codes):
    (first, second), term, unit = codes
    client = client_for(cast.owner_editor)
    blank = CaseFactory(owner_org=cast.owner_org, marker="template")
    data = case_form_data(blank, title="Scales from Lagos", version=1)
    data.update(_species([{"taxon": first.pk, "term_code": term.pk, "unit": unit.pk, "quantity": "12.5"}, {}]))
    response = client.post(reverse("cases:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.bypass_policy.get(title="Scales from Lagos")
    assert list(case.species.values_list("taxon", "quantity")) == [(first.pk, decimal.Decimal("12.500"))]

    page = client.get(reverse("cases:edit", args=[case.pk])).content.decode()
    assert 'name="species-0-taxon"' in page and "12.5" in page  # the current species, ready to edit

    rows = [
        {"taxon": first.pk, "term_code": term.pk, "unit": unit.pk, "quantity": "12.5", "DELETE": "on"},
        {"taxon": second.pk, "quantity": "3"},
    ]
    data = case_form_data(case)
    data.update(_species(rows, initial=1))
    assert client.post(reverse("cases:edit", args=[case.pk]), data).status_code == 302
    assert list(case.species.values_list("taxon", "quantity")) == [(second.pk, decimal.Decimal("3.000"))]
    case.refresh_from_db()
    assert case.version == 2


def test_a_bad_species_row_is_a_form_error_and_nothing_changes(cast, codes):
    (first, _second), term, unit = codes
    case = CaseFactory(owner_org=cast.owner_org, marker="Ivory case")
    CaseSpeciesFactory(case=case, taxon=first, quantity=1)
    client = client_for(cast.owner_editor)
    data = case_form_data(case)
    # A unit code offered as the trade term, and a quantity that is not a number.
    data.update(_species([{"taxon": first.pk, "term_code": unit.pk, "quantity": "lots"}]))
    response = client.post(reverse("cases:edit", args=[case.pk]), data)
    assert response.status_code == 400
    errors = response.context["species_formset"].errors[0]
    assert "term_code" in errors and "quantity" in errors
    assert list(case.species.values_list("taxon", "quantity")) == [(first.pk, decimal.Decimal("1.000"))]


def test_a_reader_cannot_edit_species(cast, codes):
    (first, _second), _term, _unit = codes
    case = CaseFactory(owner_org=cast.owner_org, marker="Read only case")
    client = client_for(cast.owner_reader)
    data = case_form_data(case)
    data.update(_species([{"taxon": first.pk}]))
    assert client.post(reverse("cases:edit", args=[case.pk]), data).status_code == 403
    assert not case.species.exists()
