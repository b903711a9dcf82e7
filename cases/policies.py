"""The policy of a case's own records (adverts, seizures, persons, prosecutions, evidence)."""

from portal.access.policies import ChildPolicy


class CaseRecordPolicy(ChildPolicy):
    """Never more visible than its case (ChildPolicy); keeping a record out of blind deconfliction decides who
    may find it, so only the owner organisation's editors change that."""

    reach_fields = (*ChildPolicy.reach_fields, "deconfliction_opt_out")
