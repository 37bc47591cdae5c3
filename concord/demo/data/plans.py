"""The demo's plot: each alliance's plan, with its programmes, gates and notes."""

from __future__ import annotations

from dataclasses import dataclass

from concord.demo.data.cast import PHARMA


@dataclass(frozen=True)
class DemoGate:
    """A gate in a plan: proposed on a day by one side, then passed, declined, withdrawn or pending."""

    on: str
    to: str
    by: str = PHARMA
    outcome: str = "passed"
    reason: str = ""
    rationale: str = ""
    signed: tuple[str, ...] = ()  # for a pending gate: other parties that have already signed
    onboarding: bool = False  # records a phase reached before Concord: answered within days


@dataclass(frozen=True)
class DemoNote:
    """A note someone writes on a day."""

    on: str
    org: str
    author: str
    title: str
    body: str
    private: bool = True


@dataclass(frozen=True)
class Plan:
    """One alliance's life: who made it with whom, its programmes, gates and notes."""

    name: str
    parties: tuple[str, ...]  # the creator first
    lead: str  # the pharma's alliance manager for it ("" when the pharma is not a party)
    kind: str
    tier: str
    effective: str
    created: str
    purpose: str
    programmes: tuple[tuple[str, str, str, str, str], ...]
    gates: tuple[DemoGate, ...] = ()
    advances: tuple[tuple[str, str], ...] = ()  # (day, stage) of the lead programme
    notes: tuple[DemoNote, ...] = ()
    proposed: bool = False  # invited parties have not answered yet
    accept_after: int = 6


ONBOARD = (
    "Bringing this alliance onto Concord: {asset} has been in this phase since before we moved "
    "the alliance here, so this gate records where the alliance already stands."
)


def onboard(on: str, to: str, asset: str, by: str = PHARMA) -> DemoGate:
    """The first gate of an alliance that was already running before Concord."""
    return DemoGate(on, to, by=by, rationale=ONBOARD.format(asset=asset), onboarding=True)


RESEARCH, CODEV, LICENCE, OPTION, OTHER = "research", "co_development", "licence", "option", "other"
STRATEGIC, CORE, TRANSACTIONAL = "strategic", "core", "transactional"
DIS, PRE, CLI, COM, SCALE, WIND, TERM = (
    "discovery",
    "preclinical",
    "clinical",
    "commercialisation",
    "scale_up",
    "wind_down",
    "terminated",
)

OVERLAP_NOTE = (
    "Castlegate also partners {other} on {their_asset} in triple-negative breast cancer. Legal has "
    "confirmed the firewall: separate Castlegate project teams, separate data rooms, and nothing "
    "from this alliance enters the {their_asset} governance. Review at every JSC; never mention "
    "the other programme in a shared note."
)

PLANS: tuple[Plan, ...] = (
    Plan(
        "Lumen–Castlegate TROP2 ADC collaboration", ("castlegate", "lumen"), "hannah", CODEV,
        STRATEGIC, "2022-06-01", "2023-03-06",
        "Co-develop LMN-2201, Lumen's TROP2-directed antibody–drug conjugate, through Phase 2 in "
        "breast cancer; Castlegate leads commercialisation outside the US.",
        (("LMN-2201", "adc", "oncology", "Triple-negative breast cancer", "preclinical"),
         ("LMN-2201", "adc", "oncology", "HR+/HER2-low breast cancer", "preclinical")),
        gates=(onboard("2023-03-20", PRE, "LMN-2201"), DemoGate("2024-05-14", CLI, by="lumen")),
        advances=(("2024-06-25", "phase_1"), ("2025-10-07", "phase_2")),
        notes=(
            DemoNote("2024-09-02", "castlegate", "hannah", "Overlap review: two ADC partners in TNBC",
                     OVERLAP_NOTE.format(other="Brightwater Bio", their_asset="BWB-417")),
            DemoNote("2025-01-20", "lumen", "maya", "Board pre-read: LMN-2201 milestone outlook",
                     "Dose escalation cleared cohort 4 with no ILD signal. The $25M clinical "
                     "milestone triggers when the first patient is dosed in the expansion cohort, "
                     "expected in Q2. Runway with the milestone: 26 months; without it: 14."),
        ),
    ),
    Plan(
        "Lumen–Castlegate next-generation payload platform", ("lumen", "castlegate"), "hannah",
        RESEARCH, CORE, "2025-09-01", "2025-09-15",
        "Explore Lumen's topoisomerase-I payload platform on two Castlegate antibodies; Castlegate "
        "holds an option on any conjugate that reaches candidate selection.",
        (("LMN-P9 payload platform", "platform", "oncology",
          "Solid tumours (topoisomerase-I payloads)", "discovery"),),
        gates=(DemoGate("2026-10-29", PRE, by="lumen", outcome="pending"),),
    ),
    Plan(
        "Brightwater–Castlegate B7-H4 ADC licence", ("castlegate", "brightwater"), "hannah",
        LICENCE, STRATEGIC, "2022-11-01", "2023-04-03",
        "Exclusive worldwide licence to BWB-417, Brightwater's B7-H4 antibody–drug conjugate; "
        "Brightwater runs Phase 1, Castlegate everything after.",
        (("BWB-417", "adc", "oncology", "Triple-negative breast cancer", "preclinical"),
         ("BWB-417", "adc", "oncology", "Platinum-resistant ovarian cancer", "preclinical")),
        gates=(
            onboard("2023-04-17", PRE, "BWB-417"),
            DemoGate("2024-02-06", CLI, by="brightwater", outcome="declined",
                     reason="Castlegate declines for now: the 13-week GLP toxicology in non-human "
                     "primates is still outstanding and the ILD monitoring plan is missing from the "
                     "protocol. We will sign as soon as both are in the package."),
            DemoGate("2024-07-09", CLI, by="brightwater"),
        ),
        advances=(("2024-08-20", "phase_1"),),
        notes=(
            DemoNote("2024-08-12", "brightwater", "theo", "Competitive landscape: TNBC ADCs",
                     "At least four TROP2 ADCs are in TNBC trials. Word at ESMO is that Castlegate "
                     "holds another TNBC ADC deal; ask at the next JSC how they firewall competing "
                     "programmes. Our edge: B7-H4 is expressed in TROP2-low tumours."),
            DemoNote("2024-09-02", "castlegate", "hannah", "Overlap review: two ADC partners in TNBC",
                     OVERLAP_NOTE.format(other="Lumen Oncology", their_asset="LMN-2201")),
        ),
    ),
    Plan(
        "Brightwater–Castlegate ovarian bispecific option", ("castlegate", "brightwater"),
        "hannah", OPTION, CORE, "2025-04-01", "2025-04-22",
        "Castlegate funds discovery of a B7-H4 × CD3 bispecific at Brightwater for an option to "
        "license at candidate selection.",
        (("BWB-530", "antibody", "oncology", "Platinum-resistant ovarian cancer", "discovery"),),
        gates=(DemoGate("2026-11-04", PRE, outcome="pending"),),
    ),
    Plan(
        "Tidewell–Castlegate allogeneic CAR-T alliance", ("castlegate", "tidewell"), "hannah",
        CODEV, STRATEGIC, "2021-03-15", "2023-03-13",
        "Co-develop and co-commercialise TWB-19, Tidewell's off-the-shelf CD19 CAR-T, in "
        "aggressive B-cell lymphomas.",
        (("TWB-19", "cell_therapy", "oncology", "Relapsed/refractory large B-cell lymphoma",
          "phase_2"),),
        gates=(
            onboard("2023-03-27", CLI, "TWB-19"),
            DemoGate("2025-09-16", COM, by="tidewell"),
            DemoGate("2026-10-20", SCALE, by="tidewell", outcome="pending"),
        ),
        advances=(("2024-04-16", "phase_3"), ("2025-08-26", "approved")),
        notes=(
            DemoNote("2026-10-22", "tidewell", "aisha", "Scale-up gate: what we need from Castlegate",
                     "Vein-to-vein is not our constraint; donor-cell banking is. We need Castlegate's "
                     "signature on the scale-up gate before the Q1 capacity booking at the second "
                     "site lapses. Escalate to Jonah and Ingrid if there is no answer by month end."),
        ),
    ),
    Plan(
        "Tidewell–Castlegate solid tumour CAR-T research", ("tidewell", "castlegate"), "hannah",
        RESEARCH, CORE, "2023-05-01", "2023-05-08",
        "Test whether Tidewell's armoured CAR-T platform can reach mesothelin-positive solid "
        "tumours.",
        (("TWB-44", "cell_therapy", "oncology", "Mesothelin-positive mesothelioma", "discovery"),),
        gates=(
            DemoGate("2024-01-23", PRE, by="tidewell"),
            DemoGate("2025-06-10", WIND,
                     rationale="Xenograft efficacy did not reach the 50% tumour-growth-inhibition "
                     "bar in the research plan, and the armoured construct added no benefit. We "
                     "propose an orderly wind-down: close the studies, return materials, transfer "
                     "the data."),
        ),
        advances=(("2024-02-20", "preclinical"),),
    ),
    Plan(
        "Fenwick–Castlegate TL1A antibody co-development", ("castlegate", "fenwick"), "rafael",
        CODEV, STRATEGIC, "2022-09-01", "2023-03-20",
        "Co-develop FNW-301, Fenwick's anti-TL1A antibody, in inflammatory bowel disease; costs "
        "shared 60/40 through Phase 2.",
        (("FNW-301", "antibody", "immunology", "Moderately to severely active ulcerative colitis",
          "preclinical"),
         ("FNW-301", "antibody", "immunology", "Crohn's disease", "preclinical")),
        gates=(onboard("2023-04-04", PRE, "FNW-301"), DemoGate("2024-03-19", CLI, by="fenwick")),
        advances=(("2024-04-30", "phase_1"), ("2025-10-07", "phase_2")),
    ),
    Plan(
        "Fenwick–Castlegate oral IL-23R peptide option", ("fenwick", "castlegate"), "rafael",
        OPTION, CORE, "2023-06-01", "2023-06-12",
        "Castlegate funds FNW-118, an oral IL-23 receptor antagonist peptide, to the end of Phase 1 "
        "for an option to acquire the programme.",
        (("FNW-118", "protein", "immunology", "Moderate-to-severe plaque psoriasis",
          "lead_optimisation"),),
        gates=(
            DemoGate("2024-04-16", PRE, by="fenwick"),
            DemoGate("2025-05-13", CLI, outcome="declined",
                     reason="Fenwick declines until the Phase 1 budget split is agreed: the "
                     "development plan has Castlegate funding the food-effect study, the draft "
                     "budget does not."),
            DemoGate("2026-09-30", CLI, by="fenwick", outcome="pending"),
        ),
        advances=(("2024-05-14", "preclinical"),),
        notes=(
            DemoNote("2026-10-28", "fenwick", "imogen", "Escalation if the gate stalls",
                     "Four weeks and no answer from Castlegate on the clinical gate. The charter "
                     "gives the JSC 30 days, then executives. Samuel will call Marcus Whitfield if "
                     "we hear nothing by the next JSC."),
        ),
    ),
    Plan(
        "Fenwick–Castlegate atopic dermatitis research", ("castlegate", "fenwick"), "rafael",
        RESEARCH, TRANSACTIONAL, "2023-02-01", "2023-05-22",
        "A two-year research collaboration on Fenwick's OX40-ligand antibody panel in atopic "
        "dermatitis.",
        (("FNW-205", "antibody", "immunology", "Atopic dermatitis", "discovery"),),
        gates=(
            DemoGate("2024-03-05", PRE, by="fenwick", outcome="withdrawn"),
            DemoGate("2024-10-15", TERM,
                     rationale="Castlegate's portfolio review has deprioritised dermatology. Under "
                     "clause 14.2 we propose ending the collaboration; Fenwick keeps all rights to "
                     "FNW-205 and the antibody panel."),
        ),
    ),
    Plan(
        "Quillon–Castlegate LRRK2 inhibitor licence", ("castlegate", "quillon"), "rafael",
        LICENCE, STRATEGIC, "2022-03-01", "2023-04-11",
        "Licence to QNS-5520, Quillon's brain-penetrant LRRK2 kinase inhibitor; Quillon runs the "
        "Phase 1b in LRRK2 carriers.",
        (("QNS-5520", "small_molecule", "neuroscience",
          "Early Parkinson's disease (LRRK2-G2019S carriers)", "preclinical"),),
        gates=(onboard("2023-04-25", PRE, "QNS-5520"), DemoGate("2023-11-21", CLI, by="quillon")),
        advances=(("2024-01-16", "phase_1"), ("2026-10-19", "phase_2")),
    ),
    Plan(
        "Quillon–Castlegate–Northbridge Parkinson's biomarker alliance",
        ("castlegate", "quillon", "northbridge"), "rafael", RESEARCH, CORE, "2024-01-15",
        "2024-01-22",
        "Validate a seed-amplification biomarker at Northbridge to select patients for QNS-5520 "
        "trials; three parties, one data-sharing plan.",
        (("QNS-BX1 biomarker panel", "platform", "neuroscience",
          "Parkinson's disease (alpha-synuclein seed amplification)", "discovery"),),
        gates=(
            DemoGate("2024-09-10", PRE, by="northbridge"),
            DemoGate("2026-10-27", CLI, outcome="pending", signed=("northbridge",)),
        ),
        advances=(("2024-10-08", "preclinical"),),
        notes=(
            DemoNote("2025-06-17", "northbridge", "rosa", "Seed amplification: inter-lab concordance",
                     "Northbridge and Quillon labs agreed on 113 of 120 blinded CSF samples (94%). "
                     "Discordant samples were all near the cut-off; we propose a grey zone and a "
                     "retest rule before the assay goes into the trial protocol.", private=False),
        ),
    ),
    Plan(
        "Quillon–Castlegate KCNQ opener option", ("quillon", "castlegate"), "rafael", OPTION,
        CORE, "2023-09-01", "2023-09-11",
        "Castlegate funds Quillon's KCNQ2/3 opener series to candidate selection for an option.",
        (("QNS-7714", "small_molecule", "neuroscience", "Focal-onset seizures",
          "lead_optimisation"),),
        gates=(
            DemoGate("2024-06-18", PRE, by="quillon", outcome="declined",
                     reason="Castlegate declines: the hERG margin for QNS-7714 is under 30-fold at "
                     "the projected Cmax. Please run the follow-up series we discussed before "
                     "proposing again."),
            DemoGate("2025-02-25", PRE, by="quillon"),
        ),
        advances=(("2025-03-25", "preclinical"),),
    ),
    Plan(
        "Northbridge–Castlegate neuroinflammation target discovery", ("northbridge", "castlegate"),
        "rafael", RESEARCH, TRANSACTIONAL, "2025-01-06", "2025-01-13",
        "Single-cell profiling of microglia in Northbridge's Alzheimer's cohort to nominate "
        "targets; Castlegate has first negotiation rights.",
        (("NBU-T12 microglial target set", "platform", "neuroscience", "Alzheimer's disease",
          "discovery"),),
    ),
    Plan(
        "Northbridge–Castlegate colorectal organoid consortium", ("castlegate", "northbridge"),
        "hannah", RESEARCH, CORE, "2023-10-01", "2023-10-09",
        "Build a living biobank of patient-derived colorectal organoids to test Castlegate "
        "combinations before the clinic.",
        (("NBU-ORG organoid bank", "platform", "oncology", "Metastatic colorectal cancer",
          "discovery"),),
        gates=(DemoGate("2024-11-12", PRE, by="northbridge"),),
        advances=(("2024-12-10", "preclinical"),),
    ),
    Plan(
        "Northbridge–Castlegate Pompe natural history registry", ("castlegate", "northbridge"),
        "priya", RESEARCH, TRANSACTIONAL, "2027-01-04", "2026-11-10",
        "Fund Northbridge's natural history registry of late-onset Pompe disease, the comparator "
        "Castlegate's gene therapy trials need.",
        (("NBU-NH7 natural history registry", "other", "rare", "Late-onset Pompe disease",
          "discovery"),),
        proposed=True,
    ),
    Plan(
        "Ardent–Castlegate Fabry gene therapy", ("castlegate", "ardent"), "priya", CODEV,
        STRATEGIC, "2022-05-01", "2023-03-27",
        "Co-develop ARD-104, Ardent's liver-directed AAV gene therapy for Fabry disease; Castlegate "
        "leads late-stage development and commercialisation.",
        (("ARD-104", "gene_therapy", "rare", "Fabry disease", "preclinical"),),
        gates=(onboard("2023-04-11", PRE, "ARD-104"), DemoGate("2024-01-30", CLI, by="ardent")),
        advances=(("2024-03-12", "phase_1"), ("2026-06-02", "phase_2")),
    ),
    Plan(
        "Ardent–Castlegate capsid engineering platform", ("ardent", "castlegate"), "priya",
        RESEARCH, CORE, "2024-02-01", "2024-02-12",
        "Engineer liver-detargeted AAV capsids for neuromuscular disease on Ardent's platform.",
        (("ARD-CAP capsid library", "platform", "rare", "Neuromuscular disorders", "discovery"),),
        gates=(DemoGate("2025-03-18", PRE, by="ardent"),),
        advances=(("2025-04-15", "preclinical"),),
    ),
    Plan(
        "Ardent–Castlegate Pompe disease option", ("castlegate", "ardent"), "priya", OPTION,
        CORE, "2023-07-01", "2023-07-10",
        "Castlegate funds ARD-212 to first-in-human for an option on worldwide rights.",
        (("ARD-212", "gene_therapy", "rare", "Late-onset Pompe disease", "discovery"),),
        gates=(
            DemoGate("2024-02-27", PRE, by="ardent"),
            DemoGate("2025-04-22", CLI, by="ardent", outcome="declined",
                     reason="Castlegate declines: the anti-capsid antibodies at the high dose in "
                     "NHP need explaining, and the immunosuppression regimen is not yet in the "
                     "protocol."),
            DemoGate("2025-10-14", CLI, by="ardent", outcome="withdrawn"),
        ),
        advances=(("2024-03-26", "preclinical"),),
    ),
    Plan(
        "Sorrel–Castlegate Lp(a) siRNA licence", ("castlegate", "sorrel"), "priya", LICENCE,
        STRATEGIC, "2021-11-01", "2023-04-17",
        "Licence to SRL-0471, Sorrel's GalNAc-siRNA against lipoprotein(a); Castlegate runs the "
        "cardiovascular outcomes trial.",
        (("SRL-0471", "rna", "cardiometabolic", "Elevated lipoprotein(a) with established ASCVD",
          "phase_2"),),
        gates=(onboard("2023-05-02", CLI, "SRL-0471"),),
        advances=(("2024-09-24", "phase_3"),),
    ),
    Plan(
        "Sorrel–Castlegate hepatic delivery research", ("sorrel", "castlegate"), "priya",
        RESEARCH, TRANSACTIONAL, "2023-03-01", "2023-05-15",
        "Test Sorrel's next-generation GalNAc conjugates for durable hepatic knock-down in MASH.",
        (("SRL-GX delivery chemistry", "platform", "cardiometabolic",
          "Metabolic dysfunction-associated steatohepatitis (MASH)", "discovery"),),
        gates=(
            DemoGate("2024-01-16", PRE, by="sorrel"),
            DemoGate("2025-01-21", WIND, by="sorrel",
                     rationale="Knock-down lasts 6 weeks in NHP against a 12-week target. Sorrel "
                     "proposes winding down and moving the team to SRL-0820."),
            DemoGate("2025-05-06", TERM,
                     rationale="Wind-down complete: materials returned, final report accepted, "
                     "data transferred. We propose closing the alliance."),
        ),
        advances=(("2024-02-13", "preclinical"),),
    ),
    Plan(
        "Sorrel–Castlegate ANGPTL3 co-development", ("sorrel", "castlegate"), "priya", CODEV,
        CORE, "2020-06-01", "2023-06-05",
        "Co-develop and co-promote SRL-0820, an ANGPTL3 siRNA, in inherited "
        "hypercholesterolaemia.",
        (("SRL-0820", "rna", "cardiometabolic", "Homozygous familial hypercholesterolaemia",
          "phase_3"),),
        gates=(
            onboard("2023-06-20", CLI, "SRL-0820", by="sorrel"),
            DemoGate("2024-10-08", COM, by="sorrel"),
            DemoGate("2026-05-12", SCALE),
        ),
        advances=(("2024-10-01", "approved"),),
    ),
    Plan(
        "Pelagos–Castlegate RSV combination vaccine", ("castlegate", "pelagos"), "priya", CODEV,
        STRATEGIC, "2020-02-01", "2023-03-09",
        "Co-develop PLG-RSV3, a combined RSV and hMPV vaccine for older adults; Castlegate "
        "manufactures and commercialises.",
        (("PLG-RSV3", "vaccine", "infectious", "RSV and hMPV prevention in adults aged 60+",
          "phase_3"),),
        gates=(
            onboard("2023-03-23", CLI, "PLG-RSV3"),
            DemoGate("2024-02-13", COM, outcome="declined",
                     reason="Pelagos declines: the season-two efficacy readout is due in May and we "
                     "should not file on one season's data."),
            DemoGate("2024-08-20", COM, by="pelagos"),
            DemoGate("2026-11-03", SCALE, by="pelagos", outcome="pending"),
        ),
        advances=(("2024-07-30", "approved"),),
        notes=(
            DemoNote("2026-11-05", "pelagos", "camille", "Fill-finish capacity: the ask",
                     "For the 2027–28 season we need a second fill-finish line. Castlegate's "
                     "Kilbride site can take it if the scale-up gate is signed before January."),
        ),
    ),
    Plan(
        "Pelagos–Castlegate mRNA influenza research", ("pelagos", "castlegate"), "priya",
        RESEARCH, CORE, "2023-08-01", "2023-08-14",
        "Joint research on a quadrivalent mRNA influenza vaccine using Pelagos's lipid "
        "nanoparticles.",
        (("PLG-FLU4", "rna", "infectious", "Seasonal influenza (quadrivalent)", "discovery"),),
        gates=(
            DemoGate("2024-05-21", PRE, by="pelagos"),
            DemoGate("2025-09-09", CLI, outcome="declined",
                     reason="Pelagos declines for now: we cannot fund the GMP lots before our "
                     "Series C closes (expected Q1 2026). Let's revisit the cost share."),
        ),
        advances=(("2024-06-18", "preclinical"),),
    ),
    Plan(
        "Pelagos–Castlegate C. difficile vaccine licence", ("castlegate", "pelagos"), "priya",
        LICENCE, TRANSACTIONAL, "2021-09-01", "2023-06-26",
        "Licence to PLG-CD2, a toxoid vaccine against recurrent C. difficile infection.",
        (("PLG-CD2", "vaccine", "infectious", "Prevention of recurrent C. difficile infection",
          "phase_2"),),
        gates=(
            onboard("2023-07-11", CLI, "PLG-CD2"),
            DemoGate("2025-03-04", WIND,
                     rationale="PLG-CD2 missed its primary endpoint in Phase 2 (recurrence at 8 "
                     "weeks). We propose winding down: finish the safety follow-up and return the "
                     "licence."),
        ),
    ),
    Plan(
        "Ondine–Castlegate inhaled PDE4B licence", ("castlegate", "ondine"), "priya", LICENCE,
        CORE, "2022-10-01", "2023-05-02",
        "Licence to OND-330, Ondine's inhaled PDE4B inhibitor, for fibrotic lung disease.",
        (("OND-330", "small_molecule", "respiratory", "Idiopathic pulmonary fibrosis",
          "preclinical"),),
        gates=(onboard("2023-05-16", PRE, "OND-330"), DemoGate("2024-04-09", CLI, by="ondine")),
        advances=(("2024-05-21", "phase_1"),),
    ),
    Plan(
        "Ondine–Castlegate COPD biologic option", ("ondine", "castlegate"), "priya", OPTION,
        CORE, "2027-01-01", "2026-10-26",
        "Ondine proposes an option deal on OND-412, an anti-IL-33 antibody for COPD with "
        "eosinophilic exacerbations.",
        (("OND-412", "antibody", "respiratory", "COPD with eosinophilic exacerbations",
          "discovery"),),
        proposed=True,
    ),
    Plan(
        "Iris Vale–Castlegate geographic atrophy gene therapy", ("castlegate", "irisvale"),
        "priya", OPTION, CORE, "2023-04-01", "2023-04-24",
        "Castlegate funds IRV-09, a complement-factor-I gene therapy, for an option at the end of "
        "Phase 1.",
        (("IRV-09", "gene_therapy", "ophthalmology", "Geographic atrophy secondary to AMD",
          "discovery"),),
        gates=(
            DemoGate("2024-07-16", PRE, by="irisvale"),
            DemoGate("2026-11-06", CLI, outcome="pending"),
        ),
        advances=(("2024-08-13", "preclinical"),),
    ),
    Plan(
        "Iris Vale–Castlegate sustained-release TKI licence", ("irisvale", "castlegate"), "priya",
        LICENCE, TRANSACTIONAL, "2021-01-15", "2023-05-29",
        "Licence to IRV-221, a six-monthly intravitreal tyrosine-kinase-inhibitor implant.",
        (("IRV-221", "small_molecule", "ophthalmology",
          "Neovascular age-related macular degeneration", "phase_3"),),
        gates=(
            onboard("2023-06-13", CLI, "IRV-221", by="irisvale"),
            DemoGate("2025-07-22", COM, by="irisvale"),
        ),
        advances=(("2025-06-10", "approved"),),
    ),
    Plan(
        "Larkspur–Castlegate oncology trial delivery partnership", ("castlegate", "larkspur"),
        "hannah", OTHER, CORE, "2022-01-01", "2023-03-16",
        "Larkspur runs Castlegate's Phase 2 oncology trials in North America under one operating "
        "model and shared performance measures.",
        (("CGP-1180", "antibody", "oncology", "Second-line non-small cell lung cancer",
          "phase_2"),),
        gates=(onboard("2023-03-30", CLI, "CGP-1180"),),
    ),
    Plan(
        "Larkspur–Castlegate decentralised trials pilot", ("larkspur", "castlegate"), "rafael",
        RESEARCH, TRANSACTIONAL, "2023-09-01", "2023-10-02",
        "Pilot home nursing and eConsent in two Phase 2 immunology trials.",
        (("DCT pilot: home visits and eConsent", "platform", "other", "Decentralised Phase 2 trials",
          "phase_2"),),
        gates=(
            DemoGate("2024-04-23", CLI, by="larkspur"),
            DemoGate("2025-08-12", WIND,
                     rationale="Pilot complete: home visits cut screen failures by 18%. The "
                     "learnings move into the oncology delivery partnership; we propose winding "
                     "this pilot down."),
        ),
    ),
    Plan(
        "Lumen–Castlegate radioligand option", ("castlegate", "lumen"), "hannah", OPTION, CORE,
        "2027-02-01", "2026-11-12",
        "Castlegate proposes an option on LMN-R3, Lumen's radioligand for PSMA-negative prostate "
        "cancer.",
        (("LMN-R3 radioligand", "other", "oncology", "PSMA-negative prostate cancer",
          "discovery"),),
        proposed=True,
    ),
    Plan(
        "Brightwater–Castlegate KRAS G12D degrader option", ("brightwater", "castlegate"),
        "hannah", OPTION, CORE, "2024-03-01", "2024-03-11",
        "Castlegate funds BWB-612, a KRAS G12D degrader, to Phase 1 for an option to license.",
        (("BWB-612", "small_molecule", "oncology", "KRAS G12D-mutant pancreatic cancer",
          "lead_optimisation"),),
        gates=(
            DemoGate("2025-02-11", PRE, by="brightwater"),
            DemoGate("2026-10-13", CLI, by="brightwater", outcome="pending"),
        ),
        advances=(("2025-03-11", "preclinical"),),
    ),
    Plan(
        "Northbridge–Lumen TROP2 biomarker study", ("northbridge", "lumen"), "", RESEARCH,
        TRANSACTIONAL, "2024-06-01", "2024-06-10",
        "Develop an immunohistochemistry assay for TROP2 in Northbridge's breast cancer tissue "
        "bank (Castlegate is not a party).",
        (("NBU-TB2 TROP2 IHC assay", "platform", "oncology", "Triple-negative breast cancer",
          "discovery"),),
        gates=(DemoGate("2025-04-15", PRE, by="northbridge"),),
        advances=(("2025-05-13", "preclinical"),),
    ),
)  # fmt: skip
