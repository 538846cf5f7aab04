from ostrom.places import services

from ._importing import ImportCommand


class Command(ImportCommand):
    what = "figures"
    help = (
        "Import area statistics from a CSV or Excel file with the columns place_code, measure "
        "(population_ethnic_group, population_age_band, population_sex, population_total, imd_decile, imd_rank), "
        "category, value, source and year. All rows or none."
    )
    service = staticmethod(services.import_area_statistics)
