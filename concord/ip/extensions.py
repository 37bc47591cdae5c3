"""What the IP register plugs into core (see core/extensions.py): its tab on the alliance page,
filing deadlines in the calendar feed and on Today for the prosecuting party, and the inventions
in a joint patent committee's meeting pack and, awaiting its filing decision, on its meeting page."""

from concord.core import extensions
from concord.ip import sections

extensions.register_alliance_tab("IP register", "ip:register", order=35)
extensions.register_calendar_source(sections.filing_calendar)
extensions.register_today_source(sections.today_items)
extensions.register_pack_section(sections.pack_section, order=20)
extensions.register_meeting_section(sections.meeting_section, order=20)
