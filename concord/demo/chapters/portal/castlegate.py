"""The portal as Castlegate runs it: its settings and areas of interest, who reviews in each
therapeutic area, how far R&D marks external work down, and the mix of areas submitted.
"""

from __future__ import annotations

SLUG = "castlegate"
HEAD_OF_BD = "daniel"
SUBMISSIONS = 300
HISTORY_DAYS = 545  # eighteen months back from the story's last day
OPENED_DAYS = 560  # the portal opens a fortnight before the first submission
SEED = "castlegate-partnering-portal"

INTRODUCTION = (
    "Castlegate Pharma partners with biotechs and academic groups at every stage, from a "
    "validated target to a Phase 2 asset. Tell us about your programme in a non-confidential "
    "submission: you will have an acknowledgement at once, a first answer from a person within "
    "30 days and a decision within 90, with written feedback whatever we decide."
)

# (title, kind, areas, modalities, stages, deal types, reviewers, description)
AREAS: tuple[tuple[str, str, list[str], list[str], list[str], list[str], list[str], str], ...] = (
    (
        "Oncology: targeted therapies and antibody–drug conjugates",
        "seek",
        ["oncology"],
        ["adc", "antibody", "small_molecule"],
        ["preclinical", "phase_1", "phase_2"],
        ["licence", "co_development", "build_to_buy"],
        ["daniel", "priya", "sophie"],
        "Solid tumours with a clear biomarker strategy: ADCs with differentiated payloads or "
        "linkers, bispecifics, and precision small molecules.",
    ),
    (
        "Neuroscience: neurodegeneration and psychiatry",
        "seek",
        ["neuroscience"],
        ["small_molecule", "antibody", "rna", "gene_therapy"],
        ["lead_optimisation", "preclinical", "phase_1"],
        ["licence", "research", "build_to_buy"],
        ["rafael", "kenji"],
        "Disease-modifying approaches in Parkinson's, ALS and frontotemporal dementia; "
        "treatment-resistant depression. Brain-penetrant modalities especially welcome.",
    ),
    (
        "Immunology & inflammation",
        "seek",
        ["immunology"],
        ["antibody", "small_molecule", "protein"],
        ["preclinical", "phase_1", "phase_2"],
        ["licence", "co_development"],
        ["daniel", "kenji"],
        "Tissue-targeted immunomodulators for inflammatory bowel disease, atopic dermatitis and "
        "lupus, ideally with human genetic support for the target.",
    ),
    (
        "Rare disease: genetic medicines",
        "seek",
        ["rare"],
        ["gene_therapy", "rna"],
        ["preclinical", "phase_1"],
        ["research", "build_to_buy", "licence"],
        ["hannah", "amara"],
        "Monogenic diseases with a defined patient population and a regulatory path to "
        "accelerated approval.",
    ),
    (
        "Platforms and enabling technologies",
        "seek",
        [],
        ["platform"],
        ["discovery", "lead_optimisation"],
        ["research"],
        ["priya", "amara"],
        "Delivery, target discovery and translational platforms we can apply across our areas "
        "in a research collaboration.",
    ),
    (
        "Not sought: vaccines and infectious disease",
        "avoid",
        ["infectious"],
        ["vaccine"],
        [],
        [],
        [],
        "Castlegate left infectious disease in 2022 and does not review vaccine programmes.",
    ),
    (
        "Not sought: marketed products and company acquisitions",
        "avoid",
        [],
        [],
        ["filed", "approved"],
        ["acquisition"],
        [],
        "We do not in-license marketed products or acquire companies through the portal.",
    ),
)

# Who scores for business development and for R&D, by therapeutic area.
BD_REVIEWER = {
    "oncology": "daniel",
    "neuroscience": "rafael",
    "immunology": "daniel",
    "rare": "hannah",
}
RND_REVIEWER = {"oncology": "sophie", "neuroscience": "kenji", "immunology": "kenji"}
# How far below BD the R&D reviewers score external work, on average, by area: the gap the
# statistics page makes visible.
RND_BIAS = {"oncology": 1.5, "immunology": 0.3}
DEFAULT_RND_BIAS = 0.15
WEIGHTS = {"strategic_fit": 2, "unmet_need": 1.5, "commercial_potential": 1.5}

AREA_MIX = (
    ("oncology", 34),
    ("neuroscience", 15),
    ("immunology", 14),
    ("rare", 10),
    ("cardiometabolic", 8),
    ("infectious", 6),
    ("respiratory", 5),
    ("ophthalmology", 4),
    ("other", 4),
)

# Requests for partners, posted by the head of BD this many days before the story ends:
# (days before the end, title, area, modality, what is sought, what a good response contains,
# days from posting to the closing day, days from posting to the decision).
REQUESTS: tuple[tuple[int, str, str, str, str, str, int, int], ...] = (
    (
        70,
        "Brain-penetrant LRRK2 or GBA modulators for Parkinson's disease",
        "neuroscience",
        "small_molecule",
        "Castlegate seeks an oral, brain-penetrant modulator of LRRK2 kinase or GCase activity "
        "with target engagement shown in the CNS, to pair with our Parkinson's biomarker cohort.",
        "Brain-to-plasma ratios in two species, a target-engagement readout in the CNS, and the "
        "composition-of-matter position. One page on what you would need from a partner.",
        100,
        160,
    ),
    (
        45,
        "Next-generation ADC payloads for HER2-low and TROP2 tumours",
        "oncology",
        "adc",
        "Payloads or linkers that widen the therapeutic window of antibody–drug conjugates in "
        "HER2-low breast and TROP2-positive lung cancer, ready for a research collaboration.",
        "In vivo efficacy against a current clinical ADC in at least one model, a bystander "
        "effect readout, and stability data for the linker.",
        75,
        135,
    ),
)
# How far the advanced submissions got on the path to a deal, oldest advanced first; the rest
# stay where advancing put them (CDA requested). Days after the decision for each stage.
DEAL_PATH_DAYS = {
    "cda_sent": 6,
    "cda_signed": 18,
    "evaluation": 24,
    "term_sheet": 70,
    "deal_signed": 140,
}
DEAL_TARGETS = (
    "term_sheet",
    "term_sheet",
    "evaluation",
    "evaluation",
    "cda_signed",
    "cda_signed",
    "cda_sent",
    "cda_sent",
    "cda_sent",
)
