from ostrom.places import services

from ._importing import ImportCommand


class Command(ImportCommand):
    what = "places"
    help = (
        "Import places (ICS, place, locality, ward, LSOA) from a CSV or Excel file with the columns "
        "code, name, kind (ics, place, locality, ward or lsoa) and parent_code. Every row is checked first; "
        "if any row has a problem nothing is imported and each problem is listed by row."
    )
    service = staticmethod(services.import_places)
