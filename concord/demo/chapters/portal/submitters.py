"""Who submits: invented biotechs and academic groups, and the demo's partners signed in."""

from __future__ import annotations

import random
import unicodedata

COMPANY_WORDS = (
    "Halden Mirefield Solace Larchmont Orrery Calloway Brightmoor Quenby Tarragon Wexcombe "
    "Ellesmere Vantor Corvid Ashgrove Pellucid Marlow Sennet Kinloch Ravelin Thornbury Aurelle "
    "Dunmarra Hollis Ostara Petrel Greyfriars Isolde Merrow Valerian Cresswell"
).split()
COMPANY_SUFFIXES = ("Therapeutics", "Bio", "Biosciences", "Pharma", "Medicines", "Genomics")
ACADEMIC_GROUPS = (
    ("Eastmere University", "Department of Pharmacology"),
    ("St Aldric's Institute of Cancer Research", "Translational Oncology Group"),
    ("University of Carrow", "Centre for Neurodegeneration"),
    ("Holmwood College London", "Institute of Immunity"),
    ("Kessington Medical School", "Gene Therapy Laboratory"),
    ("Universität Falkenried", "Institut für Molekulare Medizin"),
    ("Université de Valmont", "Laboratoire de Biologie des ARN"),
    ("Riverside Children's Research Institute", "Rare Disease Unit"),
    ("Northcote University", "Cardiovascular Sciences"),
    ("Lindqvist Institute", "Structural Biology Division"),
)
FIRST_NAMES = (
    "Adele Bruno Cyrus Delphine Emeka Fiona Gustav Helena Idris Jolene Kofi Leonie Mateo Noor "
    "Orla Pavel Quentin Rania Soren Talia Umar Vera Wendell Yara Zoltan Beatrix Callum Dilnoza"
).split()
LAST_NAMES = (
    "Ashworth Bellamy Chaudhry Delacroix Eriksen Fairbairn Gupta Hallström Ibarra Jovanović "
    "Kaplan Lefebvre Mansour Nakamura Ogunleye Pereira Quist Rosenthal Szabo Thackeray Uchenna "
    "Vasquez Whitcombe Yamada Zielinski"
).split()
# Demo partners who submit through the portal signed in: (organisation key, person key).
ACCOUNTS: tuple[tuple[str, str], ...] = (
    ("lumen", "maya"),
    ("quillon", "matthias"),
    ("sorrel", "anders"),
    ("northbridge", "david"),
)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _submitters(rng: random.Random) -> list[tuple[str, str, str]]:
    """Fictional companies and academic groups, each with its contact: (organisation, name, email)."""
    people = []
    words = rng.sample(COMPANY_WORDS, len(COMPANY_WORDS))
    for word in words:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        suffix = rng.choice(COMPANY_SUFFIXES)
        domain = f"{word.lower()}-{suffix.lower()}.example"
        people.append((f"{word} {suffix}", f"{first} {last}", f"{first.lower()}@{domain}"))
    for university, group in ACADEMIC_GROUPS:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        domain = "".join(c for c in _ascii(university).lower() if c.isalpha())[:18] + ".example"
        email = f"{first[0].lower()}.{_ascii(last).lower()}@{domain}"
        people.append((f"{university}, {group}", f"Prof. {first} {last}", email))
    return people
