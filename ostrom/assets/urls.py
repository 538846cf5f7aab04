"""Community assets: the directory, its map, organisations' entries and coordinators' review, and
exchange with other directories as Open Referral UK."""

app_name = "assets"
urlpatterns: list = [
    # Directory (helper A): /assets/…
    # Exchange (helper B): /assets/exchange/…
]
