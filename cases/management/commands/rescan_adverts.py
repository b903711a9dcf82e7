from django.core.management.base import BaseCommand

from cases.codewords import rescan_all_adverts


class Command(BaseCommand):
    help = "Scan every advert again with the lexicon's active code words (after the lexicon changed)."

    def handle(self, *args, **options):
        hits = rescan_all_adverts()
        self.stdout.write(f"{hits} code-word hits stored")
