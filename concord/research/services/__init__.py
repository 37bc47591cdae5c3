"""Every write of federated research: stewards, studies, admissions, runs and downloads."""

from concord.research.services.runs import (
    model_download,
    run_execute,
    run_refusal,
    run_start,
    run_study_task,
)
from concord.research.services.studies import (
    build_spec,
    spec_arguments,
    steward_appoint,
    steward_remove,
    study_admit,
    study_decided,
    study_propose,
    study_withdraw,
)

__all__ = [
    "build_spec",
    "model_download",
    "run_execute",
    "run_refusal",
    "run_start",
    "run_study_task",
    "spec_arguments",
    "steward_appoint",
    "steward_remove",
    "study_admit",
    "study_decided",
    "study_propose",
    "study_withdraw",
]
