"""How the access sweep and the lexicon tests make a code word."""

from lexicon.models import CodeWord, Taxon
from portal.access.models import TLP, Distribution

# The access sweep gives every swept code word this term, so that a scan of this text names each visible code
# word (by its meaning) and no hidden one; and this taxon, so that the taxon page can be swept too.
SWEEP_TERM = "sweepterm"
SWEEP_SCAN_TEXT = f"offer {SWEEP_TERM} today"
SWEEP_TAXON = "Sweepia markeri"


def make_codeword(
    *,
    owner_org,
    marker,
    distribution=Distribution.ORGANISATION,
    tlp=TLP.AMBER,
    spaces=(),
    author=None,
    term=SWEEP_TERM,
    releasable=True,
    **fields,
):
    """A code word whose meaning is the marker; the sweep's scans look for SWEEP_TERM, its taxon page SWEEP_TAXON."""
    fields.setdefault("taxon", Taxon.objects.get_or_create(scientific_name=SWEEP_TAXON)[0])
    obj = CodeWord.bypass_policy.create(
        owner_org=owner_org,
        author=author,
        term=term,
        language="en",
        gloss=marker,
        distribution=distribution,
        tlp=tlp,
        releasable=releasable,
        **fields,
    )
    obj.spaces.set(spaces)
    return obj
