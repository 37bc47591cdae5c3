"""The demo's cast: the organisations and their people, the logins worth trying first, and the
day the story ends. Everyone here is fictional.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

STORY_END = datetime.date(2026, 11, 20)
PHARMA = "castlegate"
DEMO_PASSWORD = "concord-demo"  # noqa: S105 - the published password of the fictional demo people

AM, BD, SCI, EXEC, FIN, VIEW = (
    "alliance_manager",
    "business_development",
    "scientist",
    "executive_sponsor",
    "finance",
    "viewer",
)


@dataclass(frozen=True)
class DemoPerson:
    """Someone at a demo organisation; the first listed signs the organisation up."""

    first: str
    last: str
    role: str
    is_admin: bool = False

    @property
    def key(self) -> str:
        """The first name in plain ASCII, used for the email address and to refer to them."""
        return unicodedata.normalize("NFKD", self.first).encode("ascii", "ignore").decode().lower()


@dataclass(frozen=True)
class DemoOrg:
    """A demo organisation; `lead` is who acts for it in its alliances."""

    key: str
    name: str
    kind: str
    country: str
    time_zone: str
    domain: str
    joined: str
    lead: str
    people: tuple[DemoPerson, ...]

    def email(self, first_key: str) -> str:
        """A person's demo login."""
        return f"{first_key}@{self.domain}"


def P(first: str, last: str, role: str, admin: bool = False) -> DemoPerson:
    """Shorthand for the cast list."""
    return DemoPerson(first, last, role, admin)


ORGS: tuple[DemoOrg, ...] = (
    DemoOrg("castlegate", "Castlegate Pharma", "pharma", "GB", "Europe/London",
            "castlegate.example", "2023-01-09", "hannah", (
                P("Grace", "Holloway", AM, admin=True),
                P("Hannah", "Kessler", AM),
                P("Rafael", "Ortiz", AM),
                P("Priya", "Natarajan", AM),
                P("Ingrid", "Solberg", EXEC),
                P("Marcus", "Whitfield", EXEC),
                P("Daniel", "Achebe", BD),
                P("Sophie", "Laurent", SCI),
                P("Kenji", "Morita", SCI),
                P("Amara", "Nwosu", SCI),
                P("Tom", "Barker", FIN),
                P("Oliver", "Grant", VIEW),
            )),
    DemoOrg("lumen", "Lumen Oncology", "biotech", "US", "America/New_York",
            "lumen-oncology.example", "2023-01-23", "maya", (
                P("Maya", "Okafor", EXEC, admin=True),
                P("Ben", "Castillo", AM),
                P("Ruth", "Adeyemi", SCI),
                P("Sam", "Whitaker", FIN),
            )),
    DemoOrg("brightwater", "Brightwater Bio", "biotech", "US", "America/Los_Angeles",
            "brightwater-bio.example", "2023-01-25", "theo", (
                P("Theo", "Lindqvist", AM, admin=True),
                P("Nadia", "Rahman", SCI),
                P("Victor", "Huang", EXEC),
                P("Claire", "Dubois", FIN),
            )),
    DemoOrg("tidewell", "Tidewell Biologics", "biotech", "US", "America/New_York",
            "tidewell.example", "2023-01-30", "aisha", (
                P("Jonah", "Reyes", EXEC, admin=True),
                P("Aisha", "Karimi", AM),
                P("Felix", "Brandt", SCI),
            )),
    DemoOrg("fenwick", "Fenwick Therapeutics", "biotech", "GB", "Europe/London",
            "fenwick-tx.example", "2023-01-31", "imogen", (
                P("Imogen", "Ashby", AM, admin=True),
                P("Samuel", "Osei", EXEC),
                P("Lucy", "Tran", SCI),
                P("Harriet", "Cole", VIEW),
            )),
    DemoOrg("quillon", "Quillon Neuroscience", "biotech", "DE", "Europe/Berlin",
            "quillon-neuro.example", "2023-02-01", "matthias", (
                P("Katrin", "Vogel", EXEC, admin=True),
                P("Matthias", "Keller", AM),
                P("Jana", "Novak", SCI),
            )),
    DemoOrg("northbridge", "Northbridge University Medical Centre", "academic", "GB",
            "Europe/London", "northbridge-umc.example", "2023-02-02", "david", (
                P("Eleanor", "Marsh", EXEC, admin=True),
                P("David", "Okonkwo", AM),
                P("Rosa", "Jiménez", SCI),
                P("Ahmed", "Siddiqui", SCI),
            )),
    DemoOrg("ardent", "Ardent Gene Medicines", "biotech", "NL", "Europe/Amsterdam",
            "ardent-gene.example", "2023-02-06", "pieter", (
                P("Pieter", "de Vries", AM, admin=True),
                P("Sanne", "Bakker", SCI),
                P("Joost", "Willems", EXEC),
                P("Eva", "Smit", FIN),
            )),
    DemoOrg("sorrel", "Sorrel RNA Therapeutics", "biotech", "DK", "Europe/Copenhagen",
            "sorrel-rna.example", "2023-02-07", "anders", (
                P("Mette", "Hansen", EXEC, admin=True),
                P("Anders", "Lund", AM),
                P("Freya", "Nielsen", SCI),
                P("Lars", "Mortensen", FIN),
            )),
    DemoOrg("pelagos", "Pelagos Vaccines", "biotech", "FR", "Europe/Paris",
            "pelagos-vaccines.example", "2023-02-08", "camille", (
                P("Camille", "Moreau", AM, admin=True),
                P("Julien", "Faure", EXEC),
                P("Léa", "Girard", SCI),
            )),
    DemoOrg("ondine", "Ondine Respiratory", "biotech", "IE", "Europe/Dublin",
            "ondine-resp.example", "2023-02-13", "conor", (
                P("Siobhan", "Byrne", EXEC, admin=True),
                P("Conor", "Walsh", AM),
                P("Aoife", "Kelly", SCI),
            )),
    DemoOrg("irisvale", "Iris Vale Ophthalmics", "biotech", "CH", "Europe/Zurich",
            "irisvale.example", "2023-02-14", "lukas", (
                P("Lukas", "Meier", AM, admin=True),
                P("Chiara", "Rossi", SCI),
                P("Andreas", "Frei", EXEC),
            )),
    DemoOrg("larkspur", "Larkspur Clinical Research", "cro", "US", "America/Chicago",
            "larkspur-cr.example", "2023-02-15", "megan", (
                P("Megan", "Foster", AM, admin=True),
                P("Carlos", "Mendes", EXEC),
                P("Jessica", "Park", FIN),
            )),
)  # fmt: skip

ORG_BY_KEY = {org.key: org for org in ORGS}

# The logins worth trying first, and what each shows.
LOGINS: tuple[tuple[str, str, str], ...] = (
    (
        "castlegate",
        "hannah",
        "pharma alliance manager: the whole portfolio of 33 alliances and the partnering portal",
    ),
    ("lumen", "maya", "biotech CEO: three alliances with Castlegate, one with Northbridge"),
    ("brightwater", "theo", "Lumen's competitor: sees nothing of Lumen's alliances"),
    ("northbridge", "david", "academic centre: a three-way alliance and a pending invitation"),
    ("castlegate", "ingrid", "pharma executive sponsor: signs the strategic gates"),
    ("castlegate", "oliver", "pharma viewer: reads everything, changes nothing"),
    ("castlegate", "grace", "pharma admin: invites colleagues and sets roles"),
)

# Two biotechs each partnered with the pharma in the same therapeutic area and indication.
COMPETITORS = ("Lumen Oncology", "Brightwater Bio")
