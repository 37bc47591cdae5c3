"""What the services keep of a portal's submissions so its pages read a few rows, not every
submission: the statistics by day and month, the funnel by month, the queue's counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core.tenancy import Tenancy, TenantModel
from concord.core.vocabulary import TherapeuticArea
from concord.portal.models.submissions import Submission


class SubmissionDay(TenantModel):
    """A portal's statistics for the external submissions it received on one day (UTC).

    Kept by the services, in the transaction that changed a submission of that day (see
    selectors/statistics.py: submission_kept_refresh), so the statistics page adds up at most
    eighteen months of days instead of reading every submission. Submissions waiting on their
    submitter are left out: their clocks still run, so the statistics read them as they are.
    """

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    # {"areas": {area: {total, acknowledged, gaps, gapped, n_<reason>…}}, "first": n,
    # "first_in_time": n, "decision": n, "decision_in_time": n, "first_lags": {hour: n},
    # "decision_lags": {hour: n}}: see selectors/statistics.py's Figures.
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day"], name="one_submission_day")
        ]

    def __str__(self) -> str:
        return f"portal figures of {self.day}"


class SubmissionMonth(TenantModel):
    """A portal's statistics for the external submissions it received in one month (UTC): the
    sum of its days' SubmissionDay figures, kept with them (services/statistics.py), so the
    statistics page adds up eighteen months and the days of its window's first month rather
    than some five hundred days, however many submissions each day holds.
    """

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(help_text="The month's first day.")
    figures = models.JSONField(default=dict)  # as SubmissionDay's

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="one_submission_month")
        ]

    def __str__(self) -> str:
        return f"portal figures of {self.month:%B %Y}"


class FunnelMonth(TenantModel):
    """The funnel's counts for the external submissions a portal received in one UTC month, in
    one therapeutic area, from one source (the open portal or a request for partners).

    Kept by the services in the transaction that changes one of them (services/funnel.py), so the
    funnel page adds up a few hundred rows whatever the number of submissions.
    """

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    month = models.CharField(max_length=7)  # "YYYY-MM"
    therapeutic_area = models.CharField(max_length=30, choices=TherapeuticArea.choices)
    from_request = models.BooleanField(default=False)
    received = models.PositiveIntegerField(default=0)
    triaged = models.PositiveIntegerField(default=0)
    advanced = models.PositiveIntegerField(default=0)
    cda = models.PositiveIntegerField(default=0)
    term_sheet = models.PositiveIntegerField(default=0)
    deal = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month", "therapeutic_area", "from_request"],
                name="one_funnel_row_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.therapeutic_area}"


class SubmissionCount(TenantModel):
    """How many submissions an organisation has received in one status, internal ones included:
    the triage queue's tabs and its length without reading the status index.

    Kept by the services (services/queue_counts.py): a submission is counted under
    `Submission.counted_status`, and moved from one row to the other, under both rows' locks,
    in the transaction that changes its status.
    """

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Submission.Status.choices)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "status"], name="one_submission_count_per_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.get_status_display().lower()}"


class ReviewerLoad(TenantModel):
    """How many open (undecided) submissions of the organisation one reviewer is assigned: the
    load the assignment picker shows, kept by the services as submissions are assigned, arrive
    and are decided (services/queue_counts.py), so it reads one row per reviewer."""

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    open_count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reviewer"], name="one_reviewer_load_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.open_count} open"
