"""Build the demo world: organisations of every sector, users of every role, spaces and shared records."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from portal.demo import seed_all


class Command(BaseCommand):
    help = "Create or refresh the demo data (safe to run again) and print the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument("--logins-json", metavar="FILE", help="Also write the log-ins as JSON to FILE.")

    def handle(self, *args, logins_json=None, **options):
        world = seed_all()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/accounts/login/ as:"))
        for login in world.logins:
            flags = ", ".join(
                f
                for f, on in (
                    ("SPOC", login["spoc"]),
                    ("portal admin", login["staff"]),
                    ("NOT VETTED: cannot log in", not login["vetted"]),
                )
                if on
            )
            self.stdout.write(
                f"  {login['email']:<28} {login['sector']:<16} {login['role']:<12} {login['organisation']}"
                + (f"  [{flags}]" if flags else "")
            )
        self.stdout.write(f"Password for every demo account: {world.logins[0]['password']}")
        if logins_json:
            Path(logins_json).write_text(json.dumps(world.logins, indent=2))
            self.stdout.write(f"Log-ins written to {logins_json}")
