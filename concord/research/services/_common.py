"""What the research services share: who acts for which side, and the audit of a study."""

from __future__ import annotations

import logging
import subprocess
from typing import Any

from concord.alliances.acting import joined_party
from concord.alliances.models import Party
from concord.core.audit import audit_record
from concord.core.errors import forbidden
from concord.orgs.models import User
from concord.research import engine, fl
from concord.research.models import DataSteward, Study, StudyParty

logger = logging.getLogger("concord.research")


def own_part(actor: User, study: Study) -> StudyParty:
    """The actor's organisation's part in the study, refused if it takes no part."""
    party = joined_party(actor, study.alliance, status=Party.Status.ACCEPTED)
    part = StudyParty.objects.unscoped().filter(study=study, party=party).first()
    if part is None:
        raise forbidden("Your organisation takes no part in this study.")
    return part


def is_steward(user: User) -> bool:
    """Whether the person is a data steward of their own organisation."""
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return False
    stewards = DataSteward.objects.unscoped()
    return stewards.filter(organisation_id=membership.organisation_id, user=user).exists()


def stewards_part(actor: User, study: Study) -> StudyParty:
    """The actor's party's part, if the actor is its data steward: only they admit its node."""
    part = own_part(actor, study)
    if not is_steward(actor):
        raise forbidden("Only your organisation's data stewards admit or withdraw its node.")
    return part


def audit(
    actor: Any, study: Study, action: str, summary: str, obj: Any = None, **extra: Any
) -> None:
    """An event of the study, kept with the alliance and the acting organisation."""
    org = getattr(getattr(actor, "membership", None), "organisation", None)
    audit_record(
        actor=actor,
        action=f"research.{action}",
        obj=obj if obj is not None else study,
        organisation=org,
        alliance=study.alliance,
        summary=summary,
        **extra,
    )


def coordinator_node(part: StudyParty) -> str:
    """The node id the standing coordinator knows the part's key by, registering the key if it is
    new (a node whose key is not registered is turned away); "" when no standing coordinator is
    in use, or it cannot be reached (starting a run tries again)."""
    if engine.engine_name() != engine.COORDINATOR or not part.node_public_key:
        return ""
    try:
        return engine.register_node(part.node_public_key)
    except fl.AlreadyRegistered:  # the same node, admitted to another study before
        known = StudyParty.objects.unscoped().filter(node_key_fingerprint=part.node_key_fingerprint)
        return (
            known.exclude(coordinator_node_id="")
            .values_list("coordinator_node_id", flat=True)
            .first()
            or ""
        )
    except (RuntimeError, OSError, subprocess.SubprocessError) as problem:
        logger.warning("the coordinator did not register %s's node: %s", part.organisation, problem)
        return ""
