"""The alliance a submission leads to: proposed with the submitter's organisation invited."""

from __future__ import annotations

from typing import Any

from concord.alliances import services as alliance_services
from concord.core import clock
from concord.orgs.models import User
from concord.portal.models import Submission


def propose_alliance(actor: User, submission: Submission) -> Any:
    """Advancing opens a proposed alliance with the submitter's organisation invited."""
    alliance = alliance_services.alliance_create(
        actor=actor,
        name=f"{submission.submitter_organisation_name}–{actor.membership.organisation} {submission.asset_name}"[
            :200
        ],
        purpose=f"From partnering submission {submission.reference}: {submission.indication}.",
        effective_date=clock.today(),
        alliance_type="licence"
        if submission.deal_type == "licence"
        else "research"
        if submission.deal_type == "research"
        else "other",
        programmes=[
            {
                "asset_name": submission.asset_name,
                "modality": submission.modality,
                "therapeutic_area": submission.therapeutic_area,
                "indication": submission.indication,
                "stage": submission.stage,
            }
        ],
    )
    alliance_services.party_invite(
        actor=actor,
        alliance=alliance,
        organisation=submission.submitter_organisation,
        email="" if submission.submitter_organisation else submission.contact_email,
    )
    submission.alliance = alliance
    submission.save(update_fields=["alliance"])
    return alliance
