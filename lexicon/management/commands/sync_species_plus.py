import os

from django.core.management.base import BaseCommand, CommandError

from lexicon.speciesplus import SpeciesPlusError, sync


class Command(BaseCommand):
    help = "Refresh taxa (listing, higher taxa, common names) from the Species+ API; token from SPECIES_PLUS_TOKEN."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Scientific names to fetch (default: every taxon held)")
        parser.add_argument("--add", action="store_true", help="Also create taxa not held yet")

    def handle(self, *args, names, add, **options):
        try:
            counts = sync(token=os.environ.get("SPECIES_PLUS_TOKEN", ""), names=names, only_known=not add)
        except (SpeciesPlusError, OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS("Species+: {created} created, {updated} updated, {skipped} skipped".format(**counts))
        )
