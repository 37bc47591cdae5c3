"""Forms for the governance pages: they parse input; the services decide what is allowed."""

from concord.governance.forms._common import PAGE_SIZE, PartyField, PeopleField, PeopleMultipleField
from concord.governance.forms.committees import (
    CharterAnswerForm,
    CharterForm,
    CharterProposalForm,
    CommitteeCreateForm,
    CommitteeForm,
    CommitteeUpdateForm,
    MemberForm,
    charter_initial,
)
from concord.governance.forms.decisions import DecisionForm, DeferForm, VoteForm, WrittenConsentForm
from concord.governance.forms.filters import (
    ACTION_STATUS_CHOICES,
    ActionFilterForm,
    DecisionFilterForm,
)
from concord.governance.forms.meetings import (
    AgendaItemForm,
    AttendanceForm,
    CategoryDisputeForm,
    CommentForm,
    CorrectionForm,
    MeetingForm,
    MinutesApproveForm,
    MinutesForm,
    meeting_initial,
)
from concord.governance.forms.records import (
    ActionForm,
    ActionStatusForm,
    AgendaMeetingForm,
    ConcernForm,
    EscalationForm,
    NoteForm,
    ResolutionForm,
    WorkstreamForm,
)

__all__ = [
    "ACTION_STATUS_CHOICES",
    "PAGE_SIZE",
    "ActionFilterForm",
    "ActionForm",
    "ActionStatusForm",
    "AgendaItemForm",
    "AgendaMeetingForm",
    "AttendanceForm",
    "CategoryDisputeForm",
    "CharterAnswerForm",
    "CharterForm",
    "CharterProposalForm",
    "CommentForm",
    "CommitteeCreateForm",
    "CommitteeForm",
    "CommitteeUpdateForm",
    "ConcernForm",
    "CorrectionForm",
    "DecisionFilterForm",
    "DecisionForm",
    "DeferForm",
    "EscalationForm",
    "MeetingForm",
    "MemberForm",
    "MinutesApproveForm",
    "MinutesForm",
    "NoteForm",
    "PartyField",
    "PeopleField",
    "PeopleMultipleField",
    "ResolutionForm",
    "VoteForm",
    "WorkstreamForm",
    "WrittenConsentForm",
    "charter_initial",
    "meeting_initial",
]
