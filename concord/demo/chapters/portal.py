"""The demo's partnering portal: Castlegate opens it and answers eighteen months of submissions.

About three hundred submissions from fictional biotechs and academic groups (and a few from the
demo's own partners, signed in) arrive over the story's last eighteen months. Each is played
through the portal's services under the demo clock: acknowledged at once, routed by area of
interest, answered by business development, scored by BD and R&D reviewers, sometimes asked for
more information, then declined with coded reasons and written feedback or advanced. Most are
answered within the service levels; some late; the most recent are still open, a few of them
overdue. R&D scores external oncology submissions well below business development does, so the
statistics page shows a BD–R&D gap in oncology (and the "not invented here" flag fires there).

Everything is drawn from one seeded random generator, so every seeding tells the same story.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.demo import dates
from concord.demo.data import ORGS, STORY_END
from concord.portal import services as portal_services
from concord.portal.models import Criterion, DeclineReason, Portal, Submission

if TYPE_CHECKING:
    from concord.demo.story import Story

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
# What a submitter may bring in each area: (modality, target, indication, mechanism), each one a
# programme a scientist in the field would recognise, so modality, target and disease agree.
PROGRAMMES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "oncology": (
        ("adc", "TROP2", "Triple-negative breast cancer",
         "TROP2-directed antibody–drug conjugate with a cleavable linker and a topoisomerase I payload"),
        ("adc", "B7-H4", "Platinum-resistant ovarian cancer",
         "B7-H4-directed antibody–drug conjugate with a topoisomerase I payload"),
        ("adc", "HER3", "EGFR-mutant non-small cell lung cancer after osimertinib",
         "HER3-directed antibody–drug conjugate with a cleavable linker"),
        ("antibody", "CLDN18.2", "CLDN18.2-positive gastric cancer",
         "Humanised IgG1 antibody against CLDN18.2, Fc-engineered for stronger ADCC"),
        ("small_molecule", "KRAS G12D", "KRAS G12D-mutant pancreatic ductal adenocarcinoma",
         "Oral, selective non-covalent inhibitor of KRAS G12D"),
        ("small_molecule", "PRMT5", "MTAP-deleted non-small cell lung cancer",
         "Oral, MTA-cooperative PRMT5 inhibitor, synthetic lethal in MTAP-deleted tumours"),
        ("small_molecule", "WRN", "Microsatellite-unstable colorectal cancer",
         "Oral WRN helicase inhibitor, synthetic lethal in microsatellite-unstable tumours"),
        ("cell_therapy", "CLL-1", "Relapsed acute myeloid leukaemia",
         "Autologous CAR-T cell therapy targeting CLL-1"),
        ("other", "PSMA", "Metastatic castration-resistant prostate cancer",
         "Lutetium-177 radioligand targeting PSMA"),
    ),
    "neuroscience": (
        ("small_molecule", "LRRK2", "LRRK2-associated Parkinson's disease",
         "Oral, brain-penetrant LRRK2 kinase inhibitor"),
        ("small_molecule", "GCase", "GBA-associated Parkinson's disease",
         "Oral, brain-penetrant allosteric activator of GCase"),
        ("rna", "C9orf72", "Amyotrophic lateral sclerosis (C9orf72)",
         "Intrathecal antisense oligonucleotide against the C9orf72 repeat-expansion transcript"),
        ("gene_therapy", "GRN", "Frontotemporal dementia (GRN)",
         "AAV-delivered progranulin (GRN) gene replacement, given into the cisterna magna"),
        ("antibody", "amyloid-beta", "Early Alzheimer's disease",
         "Anti-amyloid-beta antibody with a transferrin-receptor brain shuttle"),
        ("small_molecule", "GluN2B", "Treatment-resistant depression",
         "Oral negative allosteric modulator of GluN2B-containing NMDA receptors"),
    ),
    "immunology": (
        ("antibody", "TL1A", "Moderate-to-severe ulcerative colitis",
         "Humanised IgG1 antibody neutralising TL1A"),
        ("antibody", "OX40L", "Atopic dermatitis", "Fully human antibody blocking OX40 ligand"),
        ("small_molecule", "TYK2", "Systemic lupus erythematosus",
         "Oral, allosteric TYK2 inhibitor binding the pseudokinase domain"),
        ("protein", "IL-23R", "Moderate-to-severe plaque psoriasis",
         "Oral peptide antagonist of the IL-23 receptor"),
        ("cell_therapy", "CD19", "Refractory systemic lupus erythematosus",
         "Autologous CD19 CAR-T cell therapy to reset autoreactive B cells"),
        ("antibody", "IL-17A/F", "Hidradenitis suppurativa",
         "Nanobody neutralising both IL-17A and IL-17F"),
        ("antibody", "alpha4beta7 integrin", "Crohn's disease",
         "Gut-selective antibody against alpha4beta7 integrin"),
    ),
    "rare": (
        ("gene_therapy", "dystrophin", "Duchenne muscular dystrophy",
         "AAV-delivered micro-dystrophin gene therapy with a muscle-specific promoter"),
        ("gene_therapy", "PAH", "Phenylketonuria",
         "Liver-directed AAV gene replacement of phenylalanine hydroxylase"),
        ("rna", "SMN2", "Spinal muscular atrophy type 2",
         "Intrathecal antisense oligonucleotide correcting SMN2 splicing"),
        ("protein", "GLA", "Fabry disease",
         "Long-acting PEGylated alpha-galactosidase A enzyme replacement"),
        ("rna", "SERPINA1", "Alpha-1 antitrypsin deficiency liver disease",
         "GalNAc-conjugated siRNA silencing the mutant (Z) SERPINA1 transcript"),
    ),
    "cardiometabolic": (
        ("rna", "Lp(a)", "Lipoprotein(a)-driven cardiovascular risk",
         "GalNAc-conjugated siRNA silencing LPA"),
        ("rna", "APOC3", "Severe hypertriglyceridaemia",
         "GalNAc-conjugated siRNA silencing APOC3"),
        ("protein", "GLP-1R/GIPR", "Obesity",
         "Once-weekly dual GLP-1 and GIP receptor agonist peptide"),
        ("small_molecule", "GLP-1R", "Obesity", "Oral, non-peptide GLP-1 receptor agonist"),
        ("small_molecule", "THR-beta", "Metabolic dysfunction-associated steatohepatitis",
         "Oral, liver-directed thyroid hormone receptor-beta agonist"),
    ),
    "infectious": (
        ("vaccine", "RSV prefusion F", "Respiratory syncytial virus in older adults",
         "mRNA vaccine encoding a stabilised RSV prefusion F antigen"),
        ("antibody", "RSV prefusion F", "RSV prevention in infants",
         "Extended half-life antibody against RSV prefusion F, one dose a season"),
        ("small_molecule", "PBP3", "Carbapenem-resistant Enterobacterales",
         "Beta-lactam and beta-lactamase inhibitor combination acting on PBP3"),
        ("rna", "HBV transcripts", "Chronic hepatitis B",
         "GalNAc-conjugated siRNA silencing every HBV transcript, lowering HBsAg"),
    ),
    "respiratory": (
        ("antibody", "TSLP", "Severe eosinophilic asthma", "Inhaled antibody fragment against TSLP"),
        ("small_molecule", "LPA1", "Idiopathic pulmonary fibrosis", "Oral LPA1 receptor antagonist"),
        ("small_molecule", "DPP1", "Bronchiectasis",
         "Oral DPP1 (cathepsin C) inhibitor lowering neutrophil serine protease activity"),
    ),
    "ophthalmology": (
        ("protein", "complement C3", "Geographic atrophy",
         "Intravitreal pegylated peptide inhibitor of complement C3"),
        ("antibody", "VEGF-A/Ang-2", "Neovascular age-related macular degeneration",
         "Bispecific antibody neutralising VEGF-A and angiopoietin-2"),
        ("gene_therapy", "RPGR", "X-linked retinitis pigmentosa",
         "Subretinal AAV gene replacement of RPGR"),
    ),
    "other": (
        ("small_molecule", "NaV1.8", "Osteoarthritis pain",
         "Oral, selective NaV1.8 sodium-channel blocker"),
        ("small_molecule", "APOL1", "APOL1-mediated chronic kidney disease",
         "Oral inhibitor of APOL1 channel function"),
        ("platform", "extrahepatic delivery", "Target discovery across indications",
         "Lipid nanoparticle platform for tissue-specific RNA delivery beyond the liver"),
    ),
}  # fmt: skip
# What an early package shows, in the models each kind of medicine and disease is tested in.
IN_VITRO = {
    "small_molecule": "In vitro potency and selectivity across a 300-target panel",
    "antibody": "Sub-nanomolar binding and functional blockade in primary human cells",
    "adc": "Target-dependent killing across a cell-line panel, with a bystander effect",
    "cell_therapy": "Antigen-specific killing and cytokine release in co-culture",
    "rna": "Dose-dependent knock-down in primary human cells",
    "gene_therapy": "Transgene expression and restored function in patient-derived cells",
    "protein": "Potency in cell-based assays and a half-life extended as designed",
    "vaccine": "Neutralising titres well above convalescent sera in mice",
    "platform": "Delivery to the intended tissue at therapeutic levels in rodents",
    "other": "Selective uptake in target-positive tumours on imaging",
}
IN_VIVO = {
    "oncology": "tumour regression in two patient-derived xenograft models",
    "neuroscience": "target engagement in rodent brain and efficacy in a mouse model of the disease",
    "immunology": "efficacy in two rodent models of the inflammation",
    "rare": "the disease phenotype corrected in a mouse model of the disease",
    "cardiometabolic": "durable lowering of the target biomarker in non-human primates",
    "infectious": "protection in an animal challenge model",
    "respiratory": "efficacy in a rodent model of the lung disease",
    "ophthalmology": "preserved retinal structure in a rodent model of the disease",
    "other": "efficacy in two rodent models of the disease",
}
CLINICAL = {
    "phase_1": "Phase 1 completed in 36 participants with no dose-limiting toxicities; the "
    "expected pharmacodynamic effect at the two highest doses.",
    "phase_2": "A randomised Phase 2 in 120 patients met its primary endpoint; no new safety "
    "signals.",
    "phase_3": "Phase 3 enrolment is complete; the pivotal design was agreed with the FDA at the "
    "end-of-Phase 2 meeting.",
    "filed": "Filed in the US on pivotal Phase 3 data; rights outside the US are available.",
    "approved": "Approved in the US on pivotal Phase 3 data; rights outside the US are available.",
}
STAGE_MIX = (
    ("discovery", 9),
    ("lead_optimisation", 14),
    ("preclinical", 31),
    ("phase_1", 24),
    ("phase_2", 15),
    ("phase_3", 4),
    ("approved", 3),
)
DEAL_MIX = (
    ("licence", 36),
    ("co_development", 20),
    ("research", 20),
    ("build_to_buy", 15),
    ("acquisition", 9),
)
COMPANY_WORDS = (
    "Halden Mirefield Solace Larchmont Orrery Calloway Brightmoor Quenby Tarragon Wexcombe "
    "Ellesmere Vantor Corvid Ashgrove Pellucid Marlow Sennet Kinloch Ravelin Thornbury Aurelle "
    "Dunmarra Hollis Ostara Petrel Greyfriars Isolde Merrow Valerian Cresswell"
).split()
COMPANY_SUFFIXES = ("Therapeutics", "Bio", "Biosciences", "Pharma", "Medicines", "Genomics")
ACADEMIC_GROUPS = (
    ("Eastmere University", "Department of Pharmacology"),
    ("St Aldric's Institute of Cancer Research", "Translational Oncology Group"),
    ("University of Carrow", "Centre for Neurodegeneration"),
    ("Holmwood College London", "Institute of Immunity"),
    ("Kessington Medical School", "Gene Therapy Laboratory"),
    ("Universität Falkenried", "Institut für Molekulare Medizin"),
    ("Université de Valmont", "Laboratoire de Biologie des ARN"),
    ("Riverside Children's Research Institute", "Rare Disease Unit"),
    ("Northcote University", "Cardiovascular Sciences"),
    ("Lindqvist Institute", "Structural Biology Division"),
)
FIRST_NAMES = (
    "Adele Bruno Cyrus Delphine Emeka Fiona Gustav Helena Idris Jolene Kofi Leonie Mateo Noor "
    "Orla Pavel Quentin Rania Soren Talia Umar Vera Wendell Yara Zoltan Beatrix Callum Dilnoza"
).split()
LAST_NAMES = (
    "Ashworth Bellamy Chaudhry Delacroix Eriksen Fairbairn Gupta Hallström Ibarra Jovanović "
    "Kaplan Lefebvre Mansour Nakamura Ogunleye Pereira Quist Rosenthal Szabo Thackeray Uchenna "
    "Vasquez Whitcombe Yamada Zielinski"
).split()
# Demo partners who submit through the portal signed in: (organisation key, person key).
ACCOUNTS: tuple[tuple[str, str], ...] = (
    ("lumen", "maya"),
    ("quillon", "matthias"),
    ("sorrel", "anders"),
    ("northbridge", "david"),
)

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


@dataclass
class Plan:
    """One submission's life: who sends what, when, and what happens to it (days after sending)."""

    data: dict[str, Any]
    submitted: datetime.datetime
    account: tuple[str, str] | None = None
    assign: bool = False
    first_response: float | None = None
    question: float | None = None
    reply: float | None = None
    note: float | None = None
    reviews: list[tuple[str, float, dict[str, dict[str, Any]]]] = field(default_factory=list)
    decide: float | None = None
    outcome: str = Submission.Status.DECLINED
    reasons: list[str] = field(default_factory=list)
    decider: str = "daniel"
    create_alliance: bool = False


class PortalRun:
    """The portal and its submissions as they come to be while the story plays."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.submissions: dict[int, Submission] = {}

    def person(self, key: str) -> Any:
        return self.story.person("castlegate", key)

    def portal(self) -> Portal:
        return Portal.objects.unscoped().select_related("organisation").get(slug=SLUG)

    def open(self) -> None:
        """The head of BD opens the portal and publishes the areas of interest."""
        daniel = self.person(HEAD_OF_BD)
        portal_services.portal_save(
            actor=daniel,
            slug=SLUG,
            introduction=INTRODUCTION,
            head_of_bd=daniel,
            first_response_days=30,
            decision_days=90,
            publish_statistics=True,
            weights=WEIGHTS,
        )
        for title, kind, areas, modalities, stages, deals, reviewers, text in AREAS:
            portal_services.area_save(
                actor=daniel,
                title=title,
                kind=kind,
                description=text,
                therapeutic_areas=areas,
                modalities=modalities,
                stages=stages,
                deal_types=deals,
                reviewers=[self.person(r) for r in reviewers],
            )

    def submit(self, index: int, plan: Plan) -> None:
        submitter = self.story.person(*plan.account) if plan.account else None
        issued = portal_services.submission_create(
            portal=self.portal(), data=plan.data, submitter=submitter
        )
        self.submissions[index] = issued.submission

    def current(self, index: int) -> Submission:
        return Submission.objects.unscoped().get(pk=self.submissions[index].pk)

    def assign(self, index: int, area: str) -> None:
        """Triage: a submission no area routed gets reviewers by hand."""
        submission = self.current(index)
        if not submission.reviewers.exists():
            reviewers = [self.person(BD_REVIEWER.get(area, "priya"))]
            reviewers.append(self.person(RND_REVIEWER.get(area, "amara")))
            portal_services.submission_assign(
                actor=self.person(HEAD_OF_BD), submissions=[submission], reviewers=reviewers
            )

    def respond(self, index: int, author: str, body: str) -> None:
        portal_services.message_post(
            actor=self.person(author), submission=self.current(index), body=body
        )

    def note(self, index: int, author: str, body: str) -> None:
        portal_services.message_post(
            actor=self.person(author), submission=self.current(index), body=body, internal=True
        )

    def ask(self, index: int, author: str, question: str) -> None:
        portal_services.submission_request_info(
            actor=self.person(author), submission=self.current(index), question=question
        )

    def reply(self, index: int, account: tuple[str, str] | None, body: str) -> None:
        actor = self.story.person(*account) if account else None
        portal_services.submitter_reply(submission=self.current(index), body=body, actor=actor)

    def review(self, index: int, reviewer: str, scores: dict[str, dict[str, Any]]) -> None:
        portal_services.review_submit(
            actor=self.person(reviewer), submission=self.current(index), scores=scores
        )

    def decide(self, index: int, plan: Plan, feedback: str) -> None:
        portal_services.submission_decide(
            actor=self.person(plan.decider),
            submission=self.current(index),
            outcome=plan.outcome,
            reasons=plan.reasons,
            feedback=feedback,
            create_alliance=plan.create_alliance,
        )


def _weighted(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*mix, strict=True)
    return rng.choices(values, weights)[0]


def _scores(rng: random.Random, level: float, *, nih: bool = False) -> dict[str, dict[str, Any]]:
    """A reviewer's rubric around a level (1–5), with the comment each score deserves."""
    scores = {}
    for criterion in Criterion.values:
        score = max(1, min(5, round(level + rng.uniform(-0.8, 0.8))))
        band = 0 if score <= 2 else 1 if score == 3 else 2
        comment = COMMENTS[criterion][band]
        if nih and criterion in ("differentiation", "data_strength") and score <= 3:
            comment = rng.choice(NIH_COMMENTS)
        scores[criterion] = {"score": score, "comment": comment}
    return scores


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _submitters(rng: random.Random) -> list[tuple[str, str, str]]:
    """Fictional companies and academic groups, each with its contact: (organisation, name, email)."""
    people = []
    words = rng.sample(COMPANY_WORDS, len(COMPANY_WORDS))
    for word in words:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        suffix = rng.choice(COMPANY_SUFFIXES)
        domain = f"{word.lower()}-{suffix.lower()}.example"
        people.append((f"{word} {suffix}", f"{first} {last}", f"{first.lower()}@{domain}"))
    for university, group in ACADEMIC_GROUPS:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        domain = "".join(c for c in _ascii(university).lower() if c.isalpha())[:18] + ".example"
        email = f"{first[0].lower()}.{_ascii(last).lower()}@{domain}"
        people.append((f"{university}, {group}", f"Prof. {first} {last}", email))
    return people


def _asset(
    rng: random.Random, organisation: str, area: str, stage: str, deal: str, number: int
) -> dict[str, Any]:
    """What a submitter writes about one asset."""
    modality, target, indication, mechanism = rng.choice(PROGRAMMES[area])
    code = "".join(w[0] for w in organisation.replace(",", "").split()[:3]).upper()
    return {
        "asset_name": f"{code}-{100 + number * 7 % 900}",
        "modality": modality,
        "therapeutic_area": area,
        "indication": indication,
        "stage": stage,
        "mechanism": mechanism,
        "differentiation": rng.choice(
            (
                f"Differentiated from first-generation approaches to {target}: a wider "
                "therapeutic window in every model tested so far.",
                f"Designed for less frequent dosing than the current standard in {indication}, "
                "with a biomarker to select the patients most likely to respond.",
                f"The first programme against {target} to show activity in models resistant to "
                "current therapy.",
            )
        ),
        "data_summary": data_summary(area, modality, stage),
        "ip_status": rng.choice(
            (
                "Composition-of-matter application filed (PCT), national phase entered.",
                "Granted composition-of-matter patent in the US and Europe; method-of-use filed.",
                "Exclusive licence from the university to the underlying patents.",
            )
        ),
        "deal_type": deal,
        "attested_non_confidential": True,
    }


def data_summary(area: str, modality: str, stage: str) -> str:
    """What the package shows: in the models its kind of medicine and disease are tested in, or
    the clinical data its stage has."""
    if stage in CLINICAL:
        return CLINICAL[stage]
    return f"{IN_VITRO[modality]}; {IN_VIVO[area]}; non-GLP tolerability study completed."


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


def plans(start: datetime.datetime) -> list[Plan]:
    """Every submission's life, drawn from one seeded generator; `start` is the first one's day."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, random on purpose but repeatable
    submitters = _submitters(rng)
    result = []
    for index in range(SUBMISSIONS):
        # A little more traffic as word of the portal spreads.
        offset = 1 + (HISTORY_DAYS - 1) * rng.random() ** 1.15
        submitted = start + datetime.timedelta(days=HISTORY_DAYS - offset)
        submitted = submitted.replace(hour=rng.randint(7, 18), minute=rng.randint(0, 59))
        area = _weighted(rng, AREA_MIX)
        stage, deal = _weighted(rng, STAGE_MIX), _weighted(rng, DEAL_MIX)
        account = ACCOUNTS[index // 40] if index % 40 == 7 and index // 40 < len(ACCOUNTS) else None
        if account:
            from concord.demo.data import ORG_BY_KEY

            org = ORG_BY_KEY[account[0]]
            person = next(p for p in org.people if p.key == account[1])
            who = (org.name, f"{person.first} {person.last}", org.email(person.key))
        else:
            who = submitters[rng.randrange(len(submitters))]
        data = {
            "contact_name": who[1],
            "contact_email": who[2],
            "submitter_organisation_name": who[0],
            **_asset(rng, who[0], area, stage, deal, index),
        }
        result.append(_life(rng, Plan(data, submitted, account=account)))
    _showcase(result, start)
    return result


def _life(rng: random.Random, plan: Plan) -> Plan:
    """What happens to one submission: answers within the service levels, mostly."""
    data = plan.data
    area = data["therapeutic_area"]
    ruled_out = area in ("infectious",) or data["stage"] in ("filed", "approved")
    sought = area in BD_REVIEWER
    plan.assign = not sought
    bd, rnd = BD_REVIEWER.get(area, "priya"), RND_REVIEWER.get(area, "amara")
    plan.decider = bd
    roll = rng.random()
    if ruled_out or (not sought and roll < 0.5):
        # Outside the published areas: a quick, courteous decline after one BD read.
        plan.reviews = [(bd, rng.uniform(2, 9), _scores(rng, rng.uniform(1.5, 2.8)))]
        plan.decide = rng.uniform(10, 24)
        plan.reasons = ["outside_focus"]
        return _late(rng, plan, roll)
    plan.first_response = rng.uniform(2, 24)
    quality = rng.uniform(2.8, 4.6) if area == "oncology" else rng.uniform(1.8, 4.4)
    bias = RND_BIAS.get(area, DEFAULT_RND_BIAS)
    bd_at = plan.first_response + rng.uniform(2, 15)
    rnd_at = plan.first_response + rng.uniform(5, 30)
    plan.reviews = [(bd, bd_at, _scores(rng, quality))]
    if rng.random() < 0.92:
        nih = area == "oncology"
        plan.reviews.append((rnd, rnd_at, _scores(rng, quality - bias, nih=nih)))
    if rng.random() < 0.12:
        plan.question = plan.first_response + rng.uniform(3, 12)
        plan.reply = plan.question + rng.uniform(3, 16)
    if rng.random() < 0.2:
        plan.note = bd_at + 0.2
    plan.decide = max(t for _, t, _ in plan.reviews) + rng.uniform(4, 30)
    if plan.reply:
        plan.decide = max(plan.decide, plan.reply + rng.uniform(5, 20))
    if sought and quality > 4.25 and rng.random() < 0.5:
        plan.outcome = Submission.Status.CDA
        plan.reasons = []
    else:
        plan.reasons = _reasons(rng, data, quality)
    return _late(rng, plan, roll)


def _late(rng: random.Random, plan: Plan, roll: float) -> Plan:
    """Some answers come late: a slow first response, a slow decision, or none yet at all."""
    if roll > 0.985:
        # Forgotten: nobody has answered; the sweep reminds, then escalates.
        plan.first_response = plan.question = plan.reply = plan.note = plan.decide = None
        plan.reviews = []
    elif roll > 0.9 and plan.first_response is not None:
        plan.first_response = rng.uniform(33, 55)
        shift = plan.first_response - min(t for _, t, _ in plan.reviews)
        plan.reviews = [(who, t + max(shift, 0) + 1, s) for who, t, s in plan.reviews]
        if plan.question is not None:
            plan.question = plan.first_response + 4
            plan.reply = plan.question + 6
        plan.decide = max(plan.decide or 0, max(t for _, t, _ in plan.reviews) + 5)
    elif roll > 0.8 and plan.decide is not None:
        plan.decide = max(plan.decide, rng.uniform(95, 150))
    elif plan.decide is not None:
        plan.decide = min(plan.decide, rng.uniform(75, 88))
    # Nothing happens to a submission after its decision: reviews and answers come first.
    if plan.decide is not None:
        before = [t for _, t, _ in plan.reviews] + [t for t in (plan.reply, plan.note) if t]
        plan.decide = max([plan.decide, *(t + 0.5 for t in before)])
    return plan


def _showcase(result: list[Plan], start: datetime.datetime) -> None:
    """A few stories worth finding: advanced to term sheet, one creating a proposed alliance."""
    advanced = [
        p
        for p in result
        if p.outcome == Submission.Status.CDA
        and p.decide is not None
        and p.data["therapeutic_area"] in ("neuroscience", "immunology", "rare")
    ]
    for plan in advanced[:3]:
        plan.outcome = Submission.Status.TERM_SHEET
    quillon = next(p for p in result if p.account and p.account[0] == "quillon")
    quillon.data |= {
        "asset_name": "QN-311",
        "modality": "small_molecule",
        "therapeutic_area": "neuroscience",
        "indication": "GBA-associated Parkinson's disease",
        "stage": "phase_1",
        "mechanism": "Oral, brain-penetrant allosteric activator of GCase",
        "data_summary": data_summary("neuroscience", "small_molecule", "phase_1"),
        "deal_type": "licence",
    }
    quillon.assign = False
    quillon.decider = "rafael"  # an alliance manager: advancing opens an alliance
    quillon.first_response, quillon.question, quillon.reply, quillon.note = 6, None, None, None
    quillon.reviews = [
        ("rafael", 12, {c: {"score": 5, "comment": COMMENTS[c][2]} for c in Criterion.values}),
        ("kenji", 18, {c: {"score": 4, "comment": COMMENTS[c][2]} for c in Criterion.values}),
    ]
    # Seven months before the story ends: the proposed alliance has had time to be talked about.
    quillon.submitted = start + datetime.timedelta(days=HISTORY_DAYS - 210, hours=11)
    quillon.decide, quillon.reasons = 41, []
    quillon.outcome, quillon.create_alliance = Submission.Status.TERM_SHEET, True


TITLE = "Partnering portal"


def schedule(story: Story) -> None:
    """The portal's eighteen months, up to the story's last day."""
    schedule_portal(story, end=dates.moment(STORY_END.isoformat(), 0))


def counts() -> dict[str, int]:
    """What this chapter leaves in the database: the submissions the pharma received."""
    received = Submission.objects.unscoped().filter(organisation__name=ORGS[0].name)
    return {"partnering submissions": received.count()}


def schedule_portal(story: Story, end: datetime.datetime) -> None:
    """Castlegate's portal: opened eighteen months before `end`, then every submission's steps.

    `end` is the start of the story's last day; nothing is scheduled after that day's evening.
    """
    cutoff = end + datetime.timedelta(hours=18)
    opened = end - datetime.timedelta(days=OPENED_DAYS) + datetime.timedelta(hours=10)
    run = PortalRun(story)
    story.at(opened, run.open)
    start = end - datetime.timedelta(days=HISTORY_DAYS)
    for index, plan in enumerate(plans(start)):
        _schedule(story, run, index, plan, cutoff)
    # The weekly sweep over the last two months: reminders, then escalations to the head of BD.
    for weeks in range(9):
        story.at(
            end - datetime.timedelta(weeks=weeks) + datetime.timedelta(hours=6, minutes=30),
            portal_services.submission_reminders_send,
        )


def _office_hours(moment: datetime.datetime) -> datetime.datetime:
    """The same day squeezed into 08:00–18:00, keeping the order of everything that happens."""
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    into_day = (moment - midnight).total_seconds()
    return midnight + datetime.timedelta(hours=8, seconds=into_day * 10 / 24)


def _schedule(
    story: Story, run: PortalRun, index: int, plan: Plan, cutoff: datetime.datetime
) -> None:
    def at(days: float | None, action: Callable[[], Any]) -> None:
        if days is None:
            return
        when = _office_hours(plan.submitted + datetime.timedelta(days=days))
        if when <= plan.submitted:
            when = plan.submitted + datetime.timedelta(minutes=30)
        if when < cutoff:
            story.at(when, action)

    def pick(options: tuple[str, ...]) -> str:
        return options[index % len(options)]

    story.at(plan.submitted, lambda: run.submit(index, plan))
    if plan.assign:
        at(1, lambda: run.assign(index, plan.data["therapeutic_area"]))
    bd = plan.reviews[0][0] if plan.reviews else plan.decider
    at(plan.first_response, lambda: run.respond(index, bd, pick(FIRST_RESPONSES)))
    question, answer = QUESTIONS[index % len(QUESTIONS)]
    at(plan.question, lambda: run.ask(index, plan.decider, question))
    at(plan.reply, lambda: run.reply(index, plan.account, answer))
    at(
        plan.note,
        lambda: run.note(
            index,
            bd,
            "Worth a call with their CSO before we decide: the mechanism overlaps with what "
            "the external innovation team flagged last quarter.",
        ),
    )
    for reviewer, days, scores in plan.reviews:
        at(days, partial(run.review, index, reviewer, scores))
    rng = random.Random(f"{SEED}-{index}")  # noqa: S311 - repeatable demo text
    feedback = _feedback(rng, plan.data, plan.reasons) if plan.reasons else ""
    at(plan.decide, lambda: run.decide(index, plan, feedback))
