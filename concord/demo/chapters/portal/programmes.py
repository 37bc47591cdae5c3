"""What submitters bring: programmes by area, the models their data come from, their stage and
the deal they seek.
"""

from __future__ import annotations

import random
from typing import Any

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
