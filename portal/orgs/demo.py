"""Demo data of the orgs app: the SPOC directory's contact details (the people themselves are portal.demo's)."""

from portal.orgs.models import SpocProfile

# Fictional contact details for the demo SPOCs, by organisation key: role title, phone, languages.
SPOC_PROFILES = {
    "kws": ("Head, Cyber Unit", "+254 20 000 0101", "English, Swahili"),
    "ke-ma": ("CITES Management Authority focal point", "+254 20 000 0202", "English, Swahili"),
    "nwcu": ("Intelligence officer, online trade", "+44 20 7946 0303", "English"),
    "cn-customs": ("Anti-smuggling liaison", "+86 10 0000 0404", "Chinese, English"),
    "vn-police": ("Environmental police liaison", "+84 24 0000 0505", "Vietnamese, English"),
    "za-ma": ("CITES enforcement focal point", "+27 12 000 0606", "English, Afrikaans, isiZulu"),
    "interpol": ("Criminal intelligence officer", "+33 4 00 00 07 07", "English, French, Spanish"),
    "cites-sec": ("Enforcement support officer", "+41 22 000 0808", "English, French, Spanish"),
    "traffic": ("Online trade programme lead", "+44 1223 000 909", "English"),
    "ifaw": ("Wildlife cybercrime lead", "+1 508 000 1010", "English"),
    "markethub": ("Trust and safety, wildlife policy", "+1 415 000 1111", "English"),
    "chatline": ("Law enforcement response", "+65 6000 1212", "English, Chinese, Malay"),
    "swift": ("Security, shipment alerts", "+49 30 0000 1313", "German, English"),
}


def seed_spoc_profiles(world) -> None:
    keys = {org.pk: key for key, org in world.orgs.items()}
    for user in world.users.values():
        membership = user.membership_or_none
        if membership is None or not membership.is_spoc or membership.organisation_id not in keys:
            continue
        role_title, phone, languages = SPOC_PROFILES.get(keys[membership.organisation_id], ("SPOC", "", "English"))
        SpocProfile.objects.get_or_create(
            membership=membership,
            defaults={
                "role_title": role_title,
                "phone": phone.replace(" ", ""),
                "languages": languages,
                "hours": "Mon-Fri 08:00-17:00 local time (demo data)",
            },
        )
