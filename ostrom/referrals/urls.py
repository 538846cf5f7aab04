"""Social prescribing: link workers' referrals, the receiving services' inbox, follow-ups and the
reports for a place."""

app_name = "referrals"
urlpatterns: list = [
    # Referrals (helper C): /referrals/…
    # Reports (helper D): /referrals/reports/…
]
