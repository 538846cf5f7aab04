"""API schemas that several apps answer with."""

from ninja import Schema


class ProgressOut(Schema):
    """Long work that was started: follow it at its url."""

    id: int
    title: str
    status: str
    url: str

    @staticmethod
    def resolve_url(progress):
        return progress.get_absolute_url()
