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
The chapter's modules, by area: `castlegate` (the portal's settings, areas and reviewers),
`programmes` and `submitters` (what is submitted and by whom), `words` (what people write),
`plans` (each submission's life, planned) and `run` (the plans played through the services).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from concord.demo import dates
from concord.demo.chapters.portal.run import schedule_portal
from concord.demo.data import ORGS, STORY_END
from concord.portal.models import Submission

if TYPE_CHECKING:
    from concord.demo.story import Story


TITLE = "Partnering portal"


def schedule(story: Story) -> None:
    """The portal's eighteen months, up to the story's last day."""
    schedule_portal(story, end=dates.moment(STORY_END.isoformat(), 0))


def counts() -> dict[str, int]:
    """What this chapter leaves in the database: the submissions the pharma received."""
    received = Submission.objects.unscoped().filter(organisation__name=ORGS[0].name)
    return {"partnering submissions": received.count()}
