from ostrom.places import services

from ._importing import ImportCommand


class Command(ImportCommand):
    what = "postcodes"
    help = (
        "Import a postcode to LSOA lookup (for example from the ONS Postcode Directory) from a CSV or Excel "
        "file with the columns postcode and lsoa_code. All rows or none."
    )
    service = staticmethod(services.import_postcodes)
