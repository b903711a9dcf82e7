"""Demo data of accounts: nothing to add (demo accounts skip two-factor while DEBUG is on)."""


def seed_accounts(world) -> None:
    return None
