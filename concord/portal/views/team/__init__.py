"""The receiving team's portal pages: each view parses input, calls a selector or a service, renders.

Only members of the receiving organisation reach a submission here: one received by another
organisation is a 404, so an outsider cannot even learn that it exists. What a person's role may
do decides which forms the page shows; the services check again on every write.
"""

from concord.portal.views.team.queue import AssignView, QueueView
from concord.portal.views.team.requests import (
    PartnerRequestCreateView,
    PartnerRequestListView,
    PartnerRequestUpdateView,
)
from concord.portal.views.team.settings import (
    AreaCreateView,
    AreaUpdateView,
    DeclineLettersView,
    FunnelView,
    InternalProgrammeView,
    PortalSettingsView,
    StatisticsView,
)
from concord.portal.views.team.submission import (
    AttachmentView,
    DealStepCorrectView,
    SubmissionAskView,
    SubmissionCdaSignView,
    SubmissionDecideView,
    SubmissionDetailView,
    SubmissionMessageView,
    SubmissionReviewView,
    SubmissionStageView,
)

# The URL names in urls.py point at these.
queue = QueueView.as_view()
assign = AssignView.as_view()
submission_detail = SubmissionDetailView.as_view()
review = SubmissionReviewView.as_view()
message = SubmissionMessageView.as_view()
request_info = SubmissionAskView.as_view()
decide = SubmissionDecideView.as_view()
attachment = AttachmentView.as_view()
statistics = StatisticsView.as_view()
portal_settings = PortalSettingsView.as_view()
area_create = AreaCreateView.as_view()
area_update = AreaUpdateView.as_view()
internal_create = InternalProgrammeView.as_view()
decline_letters = DeclineLettersView.as_view()
stage = SubmissionStageView.as_view()
cda_sign = SubmissionCdaSignView.as_view()
stage_correct = DealStepCorrectView.as_view()
requests = PartnerRequestListView.as_view()
request_create = PartnerRequestCreateView.as_view()
request_update = PartnerRequestUpdateView.as_view()
funnel = FunnelView.as_view()
