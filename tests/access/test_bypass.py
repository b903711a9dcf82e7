"""The escape hatch from the policy is loud and small: `bypass_policy` (and `_base_manager`, which is the same
manager) are used only in the modules that must write, index or seed every record, each named here with why."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "cases", "lexicon", "referrals", "reports")
BYPASS = re.compile(r"\.bypass_policy\b|\b_base_manager\b")

# module -> why it may read or write past the policy. Anything else that needs a record asks visible_to(user).
ALLOWED = {
    "portal/access/services.py": "writes: locks the record being changed; a case's records to share them along",
    "portal/access/admin.py": "superusers manage every record; other staff go through visible_to",
    "portal/search/indexing.py": "the index holds every record; searches filter it through visible_to",
    "portal/library/services.py": "writes: the version chain of a document",
    "cases/services.py": "writes: the case of a record, its records narrowed with it",
    "cases/imports/services.py": "writes: the imported adverts into a case the importer may change",
    "cases/codewords.py": "indexing: code-word hits of every advert, read back through visible_to",
    "lexicon/services.py": "writes: the revision's before-image",
    "referrals/services.py": "writes: referrals, answers and triage, each checked first",
    "referrals/selectors.py": "the platform's queue (docs/ACCESS.md), rows of QUEUE_FIELDS only; duplicates in a scheme",
    "reports/services.py": "writes: locks the report being submitted",
    "reports/usage.py": "portal admins' aggregates over every record, naming none",
}


def _modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative.endswith("/demo.py"):
                continue  # migrations and demo seeders write every record by design
            yield relative, path.read_text()


def test_the_policy_is_bypassed_only_where_named():
    users = {relative for relative, text in _modules() if BYPASS.search(text)}
    assert users - set(ALLOWED) == set(), "bypass_policy or _base_manager used outside the named modules"
    assert set(ALLOWED) - users == set(), "a named module no longer bypasses the policy: take it off the list"
