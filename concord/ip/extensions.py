"""What the IP register plugs into core (see core/extensions.py): its tab on the alliance page,
filing deadlines in the calendar feed and on Today for the prosecuting party, and the inventions
in a joint patent committee's meeting pack and, awaiting its filing decision, on its meeting page;
and invention disclosures as records the document room attaches evidence to (lab notebooks, the
invention report)."""

from django.db.models import QuerySet

from concord.alliances.models import Alliance
from concord.core import extensions
from concord.core.attachments import EVIDENCE
from concord.ip import sections
from concord.ip.models import Disclosure
from concord.orgs.models import User

extensions.register_alliance_tab("IP register", "ip:register", order=35)
extensions.register_calendar_source(sections.filing_calendar)
extensions.register_today_source(sections.today_items)
extensions.register_pack_section(sections.pack_section, order=20)
extensions.register_meeting_section(sections.meeting_section, order=20)


def _disclosures(user: User, alliance: Alliance) -> QuerySet[Disclosure]:
    """The alliance's invention disclosures a person may see, latest first. A disclosure
    restricted to the patent committee is left out: a link keeps its record's title, which the
    document's every reader would see."""
    return Disclosure.objects.visible_to(user).filter(alliance=alliance, restricted=False)


extensions.register_linkable(
    extensions.Linkable(
        "ip.disclosure", "Invention disclosure", (EVIDENCE,), _disclosures, "ip:disclosure-detail"
    )
)
