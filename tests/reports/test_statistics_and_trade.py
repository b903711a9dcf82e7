"""Statistics count only what the user may see; illegal trade report rows follow the policy and the consent."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.access.models import TLP, Distribution
from tests.factories import CitesPartyFactory, PartyReportFactory, client_for

pytestmark = pytest.mark.django_db


def _chart_rows(client, name, **query):
    response = client.get(reverse("reports:statistics-csv", args=[name]), query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))[1:]


def test_a_hidden_record_does_not_count(cast):
    from tests.factories import AdvertFactory, SeizureFactory

    posted = datetime.datetime(2026, 3, 4, 20, 30, tzinfo=datetime.UTC)  # 23:30 in Nairobi
    SeizureFactory(owner_org=cast.owner_org, marker="S-community", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN,
                   date=datetime.date(2026, 3, 1), transport_mode="courier")  # fmt: skip
    SeizureFactory(owner_org=cast.owner_org, marker="S-org", distribution=Distribution.ORGANISATION, tlp=TLP.AMBER,
                   date=datetime.date(2026, 3, 2), transport_mode="courier")  # fmt: skip
    AdvertFactory(owner_org=cast.owner_org, marker="A-community", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN,
                  posted_at=posted, removed_at=posted + datetime.timedelta(hours=30))  # fmt: skip
    owner, outsider = client_for(cast.owner_reader), client_for(cast.outsider)
    assert _chart_rows(owner, "seizures-transport") == [["courier", "2"]]
    assert _chart_rows(outsider, "seizures-transport") == [["courier", "1"]]
    # The TLP filter drops the AMBER one for its owner too.
    assert _chart_rows(owner, "seizures-transport", tlp="green") == [["courier", "1"]]
    hours = dict(_chart_rows(outsider, "adverts-hour"))
    assert hours["23:00"] == "1"
    assert dict(_chart_rows(outsider, "adverts-removal"))["1–3 days"] == "1"
    page = outsider.get(reverse("reports:statistics"))
    assert page.status_code == 200 and "<img" in page.content.decode()
    assert outsider.get(reverse("reports:statistics"), {"start": "nonsense"}).status_code == 400
    assert outsider.get(reverse("reports:statistics-csv", args=["no-such-chart"])).status_code == 404


def test_trade_report_rows_follow_the_policy_and_carry_the_consent(cast):
    from tests.factories import SeizureFactory

    CitesPartyFactory()
    SeizureFactory(owner_org=cast.owner_org, marker="Mombasa port", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN,
                   date=datetime.date(2026, 5, 1), transport_mode="vessel", concealment="=cmd|' /C calc'!A0")  # fmt: skip
    SeizureFactory(owner_org=cast.owner_org, marker="Secret airport", distribution=Distribution.ORGANISATION,
                   tlp=TLP.RED, date=datetime.date(2026, 6, 1))  # fmt: skip
    PartyReportFactory(owner_org=cast.owner_org, marker="KE consent", distribution=Distribution.COMMUNITY,
                       tlp=TLP.GREEN, share_with_iccwc=True)  # fmt: skip
    client = client_for(cast.outsider)
    response = client.get(reverse("reports:trade-report"), {"party": "KE", "year": 2026, "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]  # after the TLP line
    assert rows[0][0] == "Reporting Party" and rows[0][-1] == "Consent to share with ICCWC"
    assert [row[2] for row in rows[1:]] == ["Mombasa port"]
    assert rows[1][-1] == "yes" and rows[1][14] == "vessel" and rows[1][15].startswith("'=")
    client.force_login(cast.owner_reader)
    response = client.get(
        reverse("reports:trade-report"), {"party": "KE", "year": 2026, "format": "xlsx", "max_tlp": "red"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    places = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(places) == ["Mombasa port", "Secret airport"]
    bad = client.get(reverse("reports:trade-report"), {"party": "KE", "year": "twenty"})
    assert bad.status_code == 400 and "year" in bad.content.decode()


def test_party_report_tables_hold_the_partys_seizures_at_or_below_its_tlp(cast):
    from reports.builders import party_report_context
    from tests.factories import ProsecutionFactory, SeizureFactory

    SeizureFactory(owner_org=cast.owner_org, marker="Green seizure", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN,
                   date=datetime.date(2026, 2, 1))  # fmt: skip
    SeizureFactory(owner_org=cast.owner_org, marker="Red seizure", distribution=Distribution.ORGANISATION, tlp=TLP.RED,
                   date=datetime.date(2026, 2, 2))  # fmt: skip
    ProsecutionFactory(owner_org=cast.owner_org, marker="High Court Mombasa", distribution=Distribution.COMMUNITY,
                       tlp=TLP.GREEN, verdict="convicted", prison_months=30)  # fmt: skip
    report = PartyReportFactory(owner_org=cast.owner_org, marker="KE tables", tlp=TLP.GREEN, author=cast.owner_editor)
    context = party_report_context(report)
    assert [s.place for s in context["tables"]["seizures"]] == ["Green seizure"]
    assert [p.court for p in context["tables"]["prosecutions"]] == ["High Court Mombasa"]
    assert context["header_tlp"] == TLP.GREEN
    charts = {chart.name: dict(chart.rows) for chart in context["statistics"]["charts"]}
    assert sum(charts["seizures-month"].values()) == 1
    assert charts["prosecutions-prison"]["1–5 years"] == 1


def test_the_secretariat_exports_every_consenting_party_at_once(cast):
    """Journey 7: the rows of the Parties that consented to sharing with ICCWC, and no other's."""
    from portal.orgs.models import CitesParty
    from tests.factories import OrganisationFactory, SeizureFactory

    CitesPartyFactory()
    tanzania = CitesParty.objects.get(code="TZ")
    tz_org = OrganisationFactory(name="Tanzania Police", sector="enforcement", country="TZ")
    for org, place in ((cast.owner_org, "Mombasa port"), (tz_org, "Dar es Salaam port")):
        SeizureFactory(owner_org=org, marker=place, distribution=Distribution.COMMUNITY, tlp=TLP.GREEN,
                       date=datetime.date(2026, 5, 1))  # fmt: skip
    PartyReportFactory(owner_org=cast.owner_org, marker="KE yes", distribution=Distribution.COMMUNITY,
                       tlp=TLP.GREEN, share_with_iccwc=True)  # fmt: skip
    PartyReportFactory(owner_org=tz_org, marker="TZ no", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN,
                       party=tanzania, share_with_iccwc=False)  # fmt: skip
    client = client_for(cast.outsider)
    url = reverse("reports:trade-report")
    response = client.get(url, {"consenting": "on", "year": 2026, "format": "csv"})
    assert response.status_code == 200 and "ICCWC-2026" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [(row[0], row[2], row[-1]) for row in rows[2:]] == [("Kenya", "Mombasa port", "yes")]
    assert client.get(url, {"consenting": "on", "format": "csv"}).status_code == 400  # consent is per year
    both = client.get(url, {"party": "KE", "consenting": "on", "year": 2026})
    assert both.status_code == 400 and "Choose one Party, or every Party that consented." in both.content.decode()


class TestTradeReportTlp:
    """The file is made to be passed on: its most restrictive TLP heads it, and RED rows come only when asked for."""

    @pytest.fixture
    def owner(self, cast):
        from tests.factories import SeizureFactory

        CitesPartyFactory()
        for place, tlp in (("Green port", TLP.GREEN), ("Amber port", TLP.AMBER), ("Red airport", TLP.RED)):
            SeizureFactory(owner_org=cast.owner_org, marker=place, tlp=tlp, date=datetime.date(2026, 5, 1))
        client = client_for(cast.owner_reader)
        return client

    def export(self, client, fmt, **query) -> list[list]:
        response = client.get(reverse("reports:trade-report"), {"party": "KE", "format": fmt, **query})
        assert response.status_code == 200
        if fmt == "xlsx":
            rows = [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
        else:
            rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert response["X-TLP"] == rows[0][0]
        return rows

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_red_rows_stay_out_by_default(self, owner, fmt):
        rows = self.export(owner, fmt)
        assert rows[0][0] == "TLP:AMBER" and rows[1][0] == "Reporting Party"
        assert sorted(row[2] for row in rows[2:]) == ["Amber port", "Green port"]

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_the_exporter_chooses_the_highest_tlp(self, owner, fmt):
        rows = self.export(owner, fmt, max_tlp="red")
        assert rows[0][0] == "TLP:RED"
        assert sorted(row[2] for row in rows[2:]) == ["Amber port", "Green port", "Red airport"]
        rows = self.export(owner, fmt, max_tlp="green")
        assert rows[0][0] == "TLP:GREEN" and [row[2] for row in rows[2:]] == ["Green port"]

    def test_an_empty_file_is_clear(self, owner):
        assert self.export(owner, "csv", max_tlp="clear")[0] == ["TLP:CLEAR"]

    def test_a_bad_tlp_is_a_400_naming_the_field(self, owner):
        response = owner.get(reverse("reports:trade-report"), {"party": "KE", "format": "csv", "max_tlp": "purple"})
        body = response.content.decode()
        assert response.status_code == 400
        assert "highest TLP to include" in body and "purple is not one of the available choices" in body

    def test_the_export_is_audited_with_its_tlp(self, owner):
        from portal.audit.models import AuditEvent

        self.export(owner, "csv")
        event = AuditEvent.objects.get(action="reports.aitr_export")
        assert event.detail["tlp"] == TLP.AMBER and event.detail["max_tlp"] == TLP.AMBER_STRICT
