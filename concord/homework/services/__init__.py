"""Every write of homework: check, write, audit (private), tell the managers on commit."""

from concord.homework.services.alerts import alert_raise, alert_resolve
from concord.homework.services.continuity import continuity_after_departure, continuity_check
from concord.homework.services.fit import fit_assess
from concord.homework.services.onboarding import (
    onboarding_step_add,
    onboarding_step_archive,
    onboarding_step_done,
)
from concord.homework.services.profile import partner_fact_record
from concord.homework.services.stakeholders import (
    stakeholder_contact,
    stakeholder_create,
    stakeholder_update,
)

__all__ = [
    "alert_raise",
    "alert_resolve",
    "continuity_after_departure",
    "continuity_check",
    "fit_assess",
    "onboarding_step_add",
    "onboarding_step_archive",
    "onboarding_step_done",
    "partner_fact_record",
    "stakeholder_contact",
    "stakeholder_create",
    "stakeholder_update",
]
