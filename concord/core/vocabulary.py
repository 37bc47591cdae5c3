"""The domain's shared words: modalities, therapeutic areas, development stages."""

from django.db import models


class Modality(models.TextChoices):
    SMALL_MOLECULE = "small_molecule", "Small molecule"
    ANTIBODY = "antibody", "Antibody"
    ADC = "adc", "Antibody–drug conjugate"
    PROTEIN = "protein", "Protein / peptide"
    CELL_THERAPY = "cell_therapy", "Cell therapy"
    GENE_THERAPY = "gene_therapy", "Gene therapy"
    RNA = "rna", "RNA therapeutic"
    VACCINE = "vaccine", "Vaccine"
    PLATFORM = "platform", "Platform / technology"
    OTHER = "other", "Other"


class TherapeuticArea(models.TextChoices):
    ONCOLOGY = "oncology", "Oncology"
    IMMUNOLOGY = "immunology", "Immunology & inflammation"
    NEUROSCIENCE = "neuroscience", "Neuroscience"
    CARDIOMETABOLIC = "cardiometabolic", "Cardiovascular & metabolic"
    INFECTIOUS = "infectious", "Infectious disease"
    RARE = "rare", "Rare disease"
    RESPIRATORY = "respiratory", "Respiratory"
    OPHTHALMOLOGY = "ophthalmology", "Ophthalmology"
    OTHER = "other", "Other"


class Stage(models.TextChoices):
    DISCOVERY = "discovery", "Discovery"
    LEAD_OPTIMISATION = "lead_optimisation", "Lead optimisation"
    PRECLINICAL = "preclinical", "Pre-clinical"
    PHASE_1 = "phase_1", "Phase 1"
    PHASE_2 = "phase_2", "Phase 2"
    PHASE_3 = "phase_3", "Phase 3"
    FILED = "filed", "Filed"
    APPROVED = "approved", "Approved"


class DealType(models.TextChoices):
    LICENCE = "licence", "Licence"
    CO_DEVELOPMENT = "co_development", "Co-development"
    RESEARCH = "research", "Research collaboration"
    BUILD_TO_BUY = "build_to_buy", "Build-to-Buy option"
    ACQUISITION = "acquisition", "Acquisition"
