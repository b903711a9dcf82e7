from django.core.management.base import BaseCommand, CommandError

from portal.notifications.services import DIGEST_PERIOD
from portal.notifications.tasks import send_digests


class Command(BaseCommand):
    help = "Enqueue the e-mail digest task (run inline by the immediate backend, by a worker otherwise)."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", default="daily", help="daily or weekly")

    def handle(self, *args, frequency, **options):
        if frequency not in DIGEST_PERIOD:
            raise CommandError(f"--frequency must be one of {', '.join(DIGEST_PERIOD)}")
        result = send_digests.enqueue(frequency)
        self.stdout.write(f"send_digests({frequency}): {result.status}")
