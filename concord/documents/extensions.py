"""What the document room plugs into core (see core/extensions.py).

Its tabs (the room, the agreement), the pending gate's evidence inside the gate's card, and the attachments other capabilities show (a meeting's pre-reads in its page
and pack), and the agreement's tracked obligations, from which a wind-down draws its checklist —
governance, alliances and the wind-down never import this app.
"""

from concord.core import extensions
from concord.documents import selectors, views

extensions.register_alliance_tab("Documents", "documents:room", order=40)
extensions.register_alliance_tab("Agreement", "documents:agreement", order=41)
extensions.register_alliance_panel(views.gate_panel, order=40, place="gate")
extensions.register_attachment_source(selectors.attachments)
extensions.register_agreement_source(selectors.tracked_obligations)
