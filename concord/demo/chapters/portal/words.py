"""What the reviewers and business development write: score comments, first responses,
questions and answers, decline reasons and feedback.
"""

from __future__ import annotations

import random
from typing import Any

from concord.portal.models import DeclineReason

COMMENTS: dict[str, tuple[str, str, str]] = {
    # criterion: (low, middling, high)
    "strategic_fit": (
        "Sits outside the indications we prioritise for the next five years.",
        "Adjacent to our focus; fits only if we broaden the franchise.",
        "Squarely in an area we have said publicly we want to build.",
    ),
    "unmet_need": (
        "Patients are reasonably well served by current standard of care.",
        "Real need in a subgroup, but the population is not yet well defined.",
        "Clear unmet need: no disease-modifying option and poor outcomes today.",
    ),
    "differentiation": (
        "Hard to see what sets this apart from the three programmes ahead of it.",
        "Some differentiation on dosing; efficacy advantage still to be shown.",
        "Differentiated mechanism with a credible best-in-class argument.",
    ),
    "data_strength": (
        "Data are early and from a single model; not yet reproducible.",
        "Solid in vitro package; in vivo data need a second model.",
        "Robust package: dose response, two in vivo models and clean early safety.",
    ),
    "ip_position": (
        "IP position unclear; key claims may overlap published work.",
        "Filed application, no examination yet; freedom to operate not assessed.",
        "Composition-of-matter granted in major markets, runway to the late 2040s.",
    ),
    "commercial_potential": (
        "Small market with strong generic pressure.",
        "Reasonable market if the label holds; pricing uncertain.",
        "Large market with room for a premium-priced, differentiated product.",
    ),
    "feasibility": (
        "Manufacturing and clinical path both carry major unresolved risk.",
        "Feasible, though CMC scale-up needs work before the clinic.",
        "Straightforward development path; CMC and endpoints well understood.",
    ),
}
# What R&D writes when it marks down external oncology work: the bias the statistics expose.
NIH_COMMENTS = (
    "Our internal ADC platform already addresses this; limited added value for us.",
    "We could reproduce this in-house with our own linker chemistry.",
    "The team is not convinced the external data would hold up in our assays.",
)
FIRST_RESPONSES = (
    "Thank you for your submission. We have read it and started the review with our "
    "business development and R&D colleagues; we will come back to you with a decision within "
    "the published service level.",
    "Thank you for thinking of Castlegate. Your submission has been assigned to reviewers in "
    "the relevant therapeutic area and is now under review.",
    "Many thanks for the clear non-confidential summary. Our reviewers have it now; if we need "
    "anything further we will ask here in the dialogue.",
)
QUESTIONS = (
    (
        "Could you share the dose–response data behind the in vivo efficacy claim, and say how "
        "many animals per group were used?",
        "Happy to: eight animals per group across three dose levels; the non-confidential "
        "summary of the dose–response curves is now in our data summary, and the full report "
        "can follow under a CDA.",
    ),
    (
        "What is the status of the composition-of-matter application, and in which territories "
        "has it been filed?",
        "The PCT application entered national phase in the US, EP, JP and CN last year; the "
        "first examination report from the EPO was positive on novelty.",
    ),
    (
        "Do you have any data on tolerability in a second species yet?",
        "A non-GLP dose-range-finding study in cynomolgus monkeys completed last month with no "
        "adverse findings up to the highest dose; we can share the summary.",
    ),
    (
        "How do you plan to manufacture clinical material, and with whom?",
        "We have a development agreement with a European CDMO and a reserved GMP slot for the "
        "first clinical batch early next year.",
    ),
)
FEEDBACK_OPENINGS = (
    "Thank you for submitting {asset} for {indication} to Castlegate, and for the care that "
    "went into the summary. Our business development and R&D reviewers both scored it on our "
    "published rubric.",
    "Thank you for the opportunity to review {asset}. The submission was read in full by our "
    "reviewers for {area}, and we discussed it at our weekly search-and-evaluation meeting.",
)
FEEDBACK_REASONS = {
    "too_early": "At this stage the package is earlier than we can act on: we would want to "
    "see in vivo proof of mechanism and an early tolerability read-out before opening a "
    "discussion.",
    "outside_focus": "The programme falls outside the areas of interest we publish on our "
    "portal page, so we are not the right partner for it, however good the science.",
    "data_insufficient": "The data shared so far do not yet support the efficacy claim: "
    "reviewers would want replication in a second model and a clearer dose–response.",
    "benefit_unclear": "Reviewers could not yet see the benefit over existing options in this "
    "indication; a head-to-head comparison with the current standard would make the case.",
    "commercial_unclear": "We could not see a clear commercial route: the addressable "
    "population and pricing assumptions need more definition.",
    "ip_unclear": "The IP position is not yet clear enough for us: freedom to operate around "
    "the published prior art would need an opinion.",
    "competing_programme": "We have an internal programme against a closely related mechanism "
    "and could not take on a second one without conflict.",
    "portfolio_full": "Our portfolio in this area is full for the next planning cycle, and we "
    "could not give the programme the attention it deserves.",
}
FEEDBACK_CLOSING = (
    "We hope this is useful. If the programme moves on, particularly on the points above, you "
    "are welcome to submit it again."
)


def _reasons(rng: random.Random, data: dict[str, Any], bd_level: float) -> list[str]:
    """The coded reasons a decline gives, from what the submission is and how it scored."""
    area, stage = data["therapeutic_area"], data["stage"]
    if area not in ("oncology", "neuroscience", "immunology", "rare") or stage in (
        "filed",
        "approved",
    ):
        return ["outside_focus"]
    reasons = []
    if stage in ("discovery", "lead_optimisation"):
        reasons.append(DeclineReason.TOO_EARLY.value)
    if area == "oncology" and rng.random() < 0.4:
        reasons.append(DeclineReason.COMPETING_PROGRAMME.value)
    if bd_level < 2.8:
        reasons.append(DeclineReason.DATA_INSUFFICIENT.value)
    if not reasons or rng.random() < 0.35:
        reasons.append(
            rng.choice(
                (
                    DeclineReason.BENEFIT_UNCLEAR.value,
                    DeclineReason.COMMERCIAL_UNCLEAR.value,
                    DeclineReason.IP_UNCLEAR.value,
                    DeclineReason.PORTFOLIO_FULL.value,
                )
            )
        )
    return sorted(set(reasons))


def _feedback(rng: random.Random, data: dict[str, Any], reasons: list[str]) -> str:
    """Written feedback of real length: what was read, why not, and what would change our mind."""
    from concord.core.vocabulary import TherapeuticArea

    opening = rng.choice(FEEDBACK_OPENINGS).format(
        asset=data["asset_name"],
        indication=data["indication"],
        area=TherapeuticArea(data["therapeutic_area"]).label.lower(),
    )
    return " ".join([opening, *(FEEDBACK_REASONS[r] for r in reasons), FEEDBACK_CLOSING])
