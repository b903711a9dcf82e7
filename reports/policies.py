"""The policy of a Party report: a document one Party's authority submits to the CITES Secretariat."""

from portal.access.policies import SharePolicy


class PartyReportPolicy(SharePolicy):
    """A Party report belongs to the Party of its author's organisation (reports.services.report_party); only
    that organisation's editors submit it, never a co-editor from elsewhere, who could otherwise report for a
    Party not their own."""

    actions = SharePolicy.actions | {"submit"}

    def can_submit(self, user, obj) -> bool:
        return self.is_owner_editor(user, obj)
