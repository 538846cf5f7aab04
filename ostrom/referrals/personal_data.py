"""What social prescribing holds about an account holder: the referrals a link worker made and the
decisions a service's contact recorded. (The people referred usually have no account: their data is
downloaded and erased from their referral's page, `services.export_referral` / `erase_referral`.)"""

from .models import Referral, ReferralTo


def personal_data_of(user) -> dict:
    return {
        "referrals_made": [
            {"reference": referral.reference, "referred_on": referral.referred_on.isoformat()}
            for referral in Referral.objects.filter(made_by=user)
        ],
        "referral_decisions": [
            {
                "reference": sent.referral.reference,
                "service": sent.service.name,
                "decision": sent.get_status_display(),
                "decided_at": sent.decided_at.isoformat() if sent.decided_at else None,
            }
            for sent in ReferralTo.objects.filter(decided_by=user).select_related("referral", "service")
        ],
    }


def erase_personal_data_of(user) -> None:
    """The referrals and decisions stay (they are the referred people's, and the reports count them);
    they no longer point at the account."""
    Referral.objects.filter(made_by=user).update(made_by=None)
    ReferralTo.objects.filter(decided_by=user).update(decided_by=None)
