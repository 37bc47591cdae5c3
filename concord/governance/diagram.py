"""The alliance's Operating Model, drawn ("Draw a picture"): Graphviz DOT built from live data.

Every piece of user text goes into HTML-like labels through html.escape, so a committee called
`<script>` is drawn as those characters, never as markup; Graphviz writes it escaped again in
the SVG. Renders are cached by the DOT source, so the picture changes the moment the data does.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import os
import re
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass
from typing import Any

import graphviz
from django.core.cache import cache
from django.urls import reverse

from concord.alliances.models import Alliance, Party
from concord.core.doctor import Finding
from concord.governance import selectors
from concord.governance.models import Charter, Escalation, Workstream
from concord.governance.selectors import CommitteeStatus

PALETTE = ["#e6eef8", "#e8f6f4", "#fff3d6", "#f1eafa", "#fdecea", "#eef2f6"]
BORDERS = ["#1d4e89", "#1c6e64", "#9a5b00", "#6b3fa0", "#b42318", "#52606d"]
# Laid out with DejaVu Sans's widths, and shown in it (or Verdana, whose widths match, where
# DejaVu is missing): with Helvetica the layout was measured for a narrower font than browsers
# without Helvetica draw, and names ran out of their table cells.
FONT = "DejaVu Sans"
SCREEN_FONTS = 'font-family="DejaVu Sans, Verdana, sans-serif"'
LADDER_COLOUR = "#b42318"
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
logger = logging.getLogger(__name__)


def _e(text: Any) -> str:
    """User text, escaped for an HTML-like Graphviz label."""
    return html.escape(str(text), quote=True)


@dataclass
class ModelData:
    """What the diagram is drawn from, read in scope."""

    alliance: Alliance
    parties: list[Party]
    committees: list[CommitteeStatus]
    workstreams: list[Workstream]


def model_data(*, user: Any, alliance: Alliance) -> ModelData:
    """The parties, committees with members and charters, and workstreams with their RACI."""
    return ModelData(
        alliance=alliance,
        parties=selectors.parties_of(user=user, alliance=alliance),
        committees=selectors.committee_statuses(user=user, alliance=alliance),
        workstreams=selectors.workstream_list(user=user, alliance=alliance),
    )


def _colours(parties: list[Party]) -> dict[int, tuple[str, str]]:
    return {p.pk: (PALETTE[i % 6], BORDERS[i % 6]) for i, p in enumerate(parties)}


def _committee_label(status: CommitteeStatus, parties: list[Party], colours: dict) -> str:
    committee = status.committee
    rows = [
        f'<TR><TD COLSPAN="2" BGCOLOR="#1d4e89"><FONT COLOR="white"><B>{_e(committee.name)}</B></FONT></TD></TR>'
    ]
    for party in parties:
        people = [m for m in status.members if m.party_id == party.pk]
        names = (
            "<BR/>".join(
                _e(m.user)
                + (f" ({_e(m.get_role_display().lower())})" if m.role != "member" else "")
                for m in people
            )
            or "<I>no members yet</I>"
        )
        fill = colours[party.pk][0]
        rows.append(
            f'<TR><TD ALIGN="LEFT" BGCOLOR="{fill}"><B>{_e(party.organisation.name)}</B></TD>'
            f'<TD ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="{fill}">{names}</TD></TR>'
        )
    if status.charter is not None:
        c = status.charter
        rule = "unanimous" if c.unanimous else "majority of parties"
        rows.append(
            f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="10">Meets every {c.cadence_days} days'
            f" · quorum {c.quorum_per_party} per party · one vote per party, {rule}</FONT></TD></TR>"
        )
    return f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5">{"".join(rows)}</TABLE>>'


def _workstreams_label(data: ModelData, colours: dict[int, tuple[str, str]]) -> str:
    """One table: a row per workstream, a column per party with its RACI letter (the accountable
    party's cell in its colour), and the committee overseeing it."""
    head = "".join(f"<TD><B>{_e(p.organisation.name)}</B></TD>" for p in data.parties)
    rows = [
        f'<TR><TD COLSPAN="{len(data.parties) + 2}" BGCOLOR="#52606d"><FONT COLOR="white"><B>'
        "Working teams and workstreams</B></FONT></TD></TR>",
        f'<TR><TD ALIGN="LEFT"><B>Workstream</B></TD>{head}<TD ALIGN="LEFT"><B>Overseen by</B></TD></TR>',
    ]
    names = {s.committee.pk: s.committee.short_name for s in data.committees}
    top = _top(data.committees)
    for workstream in data.workstreams:
        letters = {r.party_id: r.role for r in workstream.raci.all()}
        cells = "".join(
            f'<TD BGCOLOR="{colours[p.pk][0] if letters.get(p.pk) == "A" else "white"}">'
            f"<B>{letters.get(p.pk, '–')}</B></TD>"
            for p in data.parties
        )
        overseer = names.get(workstream.committee_id or 0) or (
            top.committee.short_name if top else "—"
        )
        rows.append(
            f'<TR><TD ALIGN="LEFT">{_e(workstream.name)}</TD>{cells}<TD ALIGN="LEFT">{_e(overseer)}</TD></TR>'
        )
    return f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">{"".join(rows)}</TABLE>>'


def _top(committees: list[CommitteeStatus]) -> CommitteeStatus | None:
    return next((c for c in committees if c.committee.reports_to_id is None), None)


def operating_model(data: ModelData) -> graphviz.Digraph:
    """The DOT graph: parties, committees and members, reporting lines, the escalation ladder,
    and the workstreams with each party's part."""
    dot = graphviz.Digraph("operating_model", engine="dot")
    dot.attr(
        rankdir="TB", fontname=FONT, fontsize="11", bgcolor="white", nodesep="0.4", ranksep="0.6"
    )
    dot.attr("node", fontname=FONT, fontsize="11", shape="plain")
    dot.attr("edge", fontname=FONT, fontsize="10", color="#7b8794")
    colours = _colours(data.parties)
    with dot.subgraph(name="parties") as row:
        row.attr(rank="same")
        for party in data.parties:
            fill, border = colours[party.pk]
            row.node(
                f"party{party.pk}",
                label=f'<<B>{_e(party.organisation.name)}</B><BR/><FONT POINT-SIZE="10">{_e(party.organisation.get_kind_display())}</FONT>>',
                shape="box",
                style="rounded,filled",
                fillcolor=fill,
                color=border,
                penwidth="1.5",
                margin="0.2,0.1",
            )
    for status in data.committees:
        committee = status.committee
        dot.node(
            f"committee{committee.pk}",
            label=_committee_label(status, data.parties, colours),
            URL=reverse("governance:committee-detail", args=[committee.pk]),
            tooltip=graphviz.escape(committee.name),
        )
        if committee.reports_to_id:
            # Drawn from the parent down, so the committee that reports sits below it.
            dot.edge(
                f"committee{committee.reports_to_id}",
                f"committee{committee.pk}",
                label="reports to",
                dir="back",
            )
    top = _top(data.committees)
    if top is not None:
        for party in data.parties:
            dot.edge(
                f"party{party.pk}",
                f"committee{top.committee.pk}",
                label="appoints",
                style="dashed",
                arrowhead="none",
            )
    if data.workstreams:
        dot.node("teams", label=_workstreams_label(data, colours))
        if top is not None:
            dot.edge(f"committee{top.committee.pk}", "teams", label="oversees   ", style="dashed")
    if top is not None and top.charter is not None:
        _ladder(dot, top, teams=bool(data.workstreams))
    return dot


def _ladder(dot: graphviz.Digraph, top: CommitteeStatus, *, teams: bool) -> None:
    """The escalation ladder of the top committee's charter, with each rung's time limit."""
    charter: Charter = top.charter  # type: ignore[assignment]
    Level = Escalation.Level
    executives = (
        "<BR/>".join(
            f"{_e(u)} ({_e(u.membership.organisation.name)})" for u in charter.executives.all()
        )
        or "<I>not yet named</I>"
    )
    dot.node(
        "executives",
        label=f"<<B>Executives</B><BR/>{executives}>",
        shape="box",
        style="rounded",
        color=LADDER_COLOUR,
    )
    final = charter.final_say_party
    if final is not None:
        dot.node(
            "final",
            label=f"<<B>Final say</B><BR/>{_e(final.organisation.name)}>",
            shape="box",
            style="rounded",
            color=LADDER_COLOUR,
        )
    carve = "<BR/>".join(_e(t) for t in charter.carve_out_topics) or "all matters"
    dot.node(
        "dispute",
        label=f'<<B>Dispute resolution</B><BR/><FONT POINT-SIZE="10">{carve}</FONT>>',
        shape="box",
        style="rounded",
        color=LADDER_COLOUR,
    )
    ladder = {"color": LADDER_COLOUR, "fontcolor": LADDER_COLOUR, "style": "bold"}
    if teams:
        # Drawn down beside "oversees" with its arrow reversed, so it runs in the gap between
        # the committee and the teams' table instead of looping round and over the table.
        dot.edge(
            f"committee{top.committee.pk}",
            "teams",
            label=f"   escalate · {charter.team_days} d",
            dir="back",
            **ladder,
        )
    dot.edge(
        f"committee{top.committee.pk}",
        "executives",
        label=f"deadlock · {charter.committee_days} d",
        **ladder,
    )
    if teams:
        # The ladder hangs below the teams' table rather than beside it: the diagram stays about
        # as wide as a landscape page, so its labels print at a readable size.
        dot.edge("teams", "executives", style="invis")
    if final is not None:
        dot.edge("executives", "final", label=f"{charter.executive_days} d, then", **ladder)
        dot.edge(
            "executives", "dispute", label=Level.DISPUTE.label.lower() + " (carve-outs)", **ladder
        )
    else:
        dot.edge("executives", "dispute", label=f"{charter.executive_days} d, then", **ladder)


class DiagramUnavailable(Exception):
    """No layout program could draw the diagram; the page says so instead of failing."""


# graphviz-pure (a dependency: the dot program as one static binary in a wheel) first, so every
# machine draws the same picture; a system Graphviz only where the wheel is missing.
PROGRAMS = ("graphviz-pure", "dot")
# The running interpreter's scripts directory: where pip put graphviz-pure, found even when the
# server was started without the virtual environment on PATH.
SCRIPTS_DIR = sysconfig.get_path("scripts")
RENDER_SECONDS = 30
UNAVAILABLE = (
    "The diagram cannot be drawn on this server: no Graphviz program is installed. "
    "Reinstall Concord (make install) to get graphviz-pure; everything else works without it."
)


def renderer() -> str | None:
    """The path of the program that lays out the diagram, or None when there is none."""
    search = os.pathsep.join(p for p in (os.environ.get("PATH", ""), SCRIPTS_DIR) if p)
    for name in PROGRAMS:
        found = shutil.which(name, path=search)
        if found:
            return found
    return None


def doctor_check() -> Finding:
    """For `make doctor`: is there a program to draw the diagram with?"""
    program = renderer()
    if program is not None:
        return Finding("ok", f"diagram layout program: {program}")
    return Finding(
        "warn",
        "no diagram layout program (graphviz-pure or dot): the operating model is not drawn",
        "Run `make install` again: it installs graphviz-pure from its wheel.",
    )


def render(dot: graphviz.Digraph, fmt: str) -> bytes:
    """The diagram as SVG or PNG, cached by its source (a render is a subprocess)."""
    source = dot.source
    key = f"governance:diagram:{fmt}:{hashlib.sha256(source.encode()).hexdigest()}"
    rendered = cache.get(key)
    if rendered is None:
        rendered = _run(source, fmt)
        cache.set(key, rendered, 60 * 60)
    return rendered


def print_picture(dot: graphviz.Digraph) -> str:
    """The diagram as a PNG data URI for a PDF (a meeting pack, a briefing book), or "" when it
    cannot be drawn (the document then says so in words).

    A raster picture: WeasyPrint lays out every SVG text run through Pango, which costs a second
    on a real operating model. Capped at 11 inches at 150 dpi, the PNG fills the page's width at
    print resolution; drawn at Graphviz's own resolution it was three times as wide, and
    WeasyPrint re-encodes every pixel of it into the PDF. `render` caches it by the DOT source,
    which is the reader's own view of the model: one reader's picture only ever answers a
    request whose diagram is exactly that picture.
    """
    dot.graph_attr.update(dpi="150", size="11,15")
    try:
        png = render(dot, "png")
    except DiagramUnavailable:
        return ""
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _run(source: str, fmt: str) -> bytes:
    program = renderer()
    if program is None:
        raise DiagramUnavailable("No Graphviz program (graphviz-pure or dot) is installed.")
    try:
        # A fixed argument list and the DOT on stdin: no shell, and user text is only ever data.
        done = subprocess.run(  # noqa: S603
            [program, "-Kdot", f"-T{fmt}"],
            input=source.encode(),
            capture_output=True,
            timeout=RENDER_SECONDS,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        logger.exception("The operating-model diagram could not be drawn")
        raise DiagramUnavailable(str(error)) from error
    return done.stdout


_SIZE = re.compile(r'<svg width="([0-9.]+)pt" height="[^"]*"')
# On screen the diagram may shrink to fit its column, but never below this share of its drawn
# size: past that its 10-point labels get too small to read, and the figure scrolls instead.
SMALLEST_SCALE = 0.8


def inline_svg(dot: graphviz.Digraph) -> str:
    """The SVG element alone, for placing in a page: no XML prolog, its drawn size as the
    width it shrinks from, so text stays the size the diagram was laid out for."""
    svg = render(dot, "svg").decode()
    svg = svg[svg.index("<svg") :]

    def sized(match: re.Match[str]) -> str:
        width = float(match.group(1))
        return (
            f'<svg class="opmodel__svg" role="img" aria-label="Operating model diagram" '
            f'style="width: {width:.0f}pt; min-width: {width * SMALLEST_SCALE:.0f}pt"'
        )

    svg = svg.replace(f'font-family="{FONT}"', SCREEN_FONTS)
    return _SIZE.sub(sized, svg, count=1)
