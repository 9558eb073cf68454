"""Shared vocabulary: offices, parties and US states, as the reader and the KB both spell them.

The reading stage maps what an article writes ("Sen.", "D-Minn.", "Calif.") to these codes, and
the knowledge base stores positions with the same codes, so the two meet without translation.
"""

from __future__ import annotations

# Office codes. `seats` is how many people hold the office at once within its scope
# (per state for senators, per district for representatives, nationally otherwise).
OFFICES: dict[str, dict] = {
    "president": {"label": "President", "scope": "nation", "seats": 1},
    "vice_president": {"label": "Vice President", "scope": "nation", "seats": 1},
    "senator": {"label": "U.S. Senator", "scope": "state", "seats": 2},
    "representative": {"label": "U.S. Representative", "scope": "district", "seats": 1},
    "speaker": {"label": "Speaker of the House", "scope": "nation", "seats": 1},
    "senate_majority_leader": {"label": "Senate Majority Leader", "scope": "nation", "seats": 1},
    "senate_minority_leader": {"label": "Senate Minority Leader", "scope": "nation", "seats": 1},
    "house_majority_leader": {"label": "House Majority Leader", "scope": "nation", "seats": 1},
    "house_minority_leader": {"label": "House Minority Leader", "scope": "nation", "seats": 1},
    "senate_majority_whip": {"label": "Senate Majority Whip", "scope": "nation", "seats": 1},
    "senate_minority_whip": {"label": "Senate Minority Whip", "scope": "nation", "seats": 1},
    "house_majority_whip": {"label": "House Majority Whip", "scope": "nation", "seats": 1},
    "house_minority_whip": {"label": "House Minority Whip", "scope": "nation", "seats": 1},
    "governor": {"label": "Governor", "scope": "state", "seats": 1},
    "head_of_state": {"label": "Head of state", "scope": "country", "seats": 1},
    "head_of_government": {"label": "Head of government", "scope": "country", "seats": 1},
    "mep": {"label": "Member of the European Parliament", "scope": "country", "seats": None},
}

# Party codes as the KB stores them, with the letters and words articles use.
PARTIES: dict[str, dict] = {
    "Democrat": {"letter": "D", "words": ("Democrat", "Democratic", "Democrats")},
    "Republican": {"letter": "R", "words": ("Republican", "Republicans", "GOP")},
    "Independent": {"letter": "I", "words": ("Independent", "independent")},
    "Libertarian": {"letter": "L", "words": ("Libertarian",)},
}
PARTY_BY_LETTER: dict[str, str] = {v["letter"]: k for k, v in PARTIES.items()}

# Postal code -> (full name, AP style abbreviation). AP spells out eight states in datelines
# and tags: Alaska, Hawaii, Idaho, Iowa, Maine, Ohio, Texas, Utah.
US_STATES: dict[str, tuple[str, str]] = {
    "AL": ("Alabama", "Ala."), "AK": ("Alaska", "Alaska"), "AZ": ("Arizona", "Ariz."),
    "AR": ("Arkansas", "Ark."), "CA": ("California", "Calif."), "CO": ("Colorado", "Colo."),
    "CT": ("Connecticut", "Conn."), "DE": ("Delaware", "Del."), "FL": ("Florida", "Fla."),
    "GA": ("Georgia", "Ga."), "HI": ("Hawaii", "Hawaii"), "ID": ("Idaho", "Idaho"),
    "IL": ("Illinois", "Ill."), "IN": ("Indiana", "Ind."), "IA": ("Iowa", "Iowa"),
    "KS": ("Kansas", "Kan."), "KY": ("Kentucky", "Ky."), "LA": ("Louisiana", "La."),
    "ME": ("Maine", "Maine"), "MD": ("Maryland", "Md."), "MA": ("Massachusetts", "Mass."),
    "MI": ("Michigan", "Mich."), "MN": ("Minnesota", "Minn."), "MS": ("Mississippi", "Miss."),
    "MO": ("Missouri", "Mo."), "MT": ("Montana", "Mont."), "NE": ("Nebraska", "Neb."),
    "NV": ("Nevada", "Nev."), "NH": ("New Hampshire", "N.H."), "NJ": ("New Jersey", "N.J."),
    "NM": ("New Mexico", "N.M."), "NY": ("New York", "N.Y."), "NC": ("North Carolina", "N.C."),
    "ND": ("North Dakota", "N.D."), "OH": ("Ohio", "Ohio"), "OK": ("Oklahoma", "Okla."),
    "OR": ("Oregon", "Ore."), "PA": ("Pennsylvania", "Pa."), "RI": ("Rhode Island", "R.I."),
    "SC": ("South Carolina", "S.C."), "SD": ("South Dakota", "S.D."), "TN": ("Tennessee", "Tenn."),
    "TX": ("Texas", "Texas"), "UT": ("Utah", "Utah"), "VT": ("Vermont", "Vt."),
    "VA": ("Virginia", "Va."), "WA": ("Washington", "Wash."), "WV": ("West Virginia", "W.Va."),
    "WI": ("Wisconsin", "Wis."), "WY": ("Wyoming", "Wyo."),
    "DC": ("District of Columbia", "D.C."), "PR": ("Puerto Rico", "P.R."),
    "GU": ("Guam", "Guam"), "VI": ("U.S. Virgin Islands", "V.I."),
    "AS": ("American Samoa", "American Samoa"), "MP": ("Northern Mariana Islands", "N.M.I."),
}


def _state_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for code, (name, ap) in US_STATES.items():
        for form in (code, name, ap, ap.replace(".", ""), name.replace(" ", "")):
            aliases[form.lower()] = code
    # Older and alternative abbreviations still seen in print.
    extra = {"penn.": "PA", "penna.": "PA", "tex.": "TX", "calif": "CA", "mass": "MA",
             "wisc.": "WI", "w. va.": "WV", "ariz": "AZ", "colo": "CO", "conn": "CT",
             "fla": "FL", "minn": "MN", "mich": "MI", "okla": "OK", "wash": "WA"}
    aliases.update(extra)
    return aliases


STATE_ALIASES: dict[str, str] = _state_aliases()


def state_code(text: str) -> str | None:
    """The postal code for a state written any common way ("Minn.", "Minnesota", "MN")."""
    return STATE_ALIASES.get(text.strip().lower())


def party_code(text: str) -> str | None:
    """The party for a letter or word ("D", "Democratic", "GOP"), or None."""
    text = text.strip()
    if text.upper() in PARTY_BY_LETTER and len(text) == 1:
        return PARTY_BY_LETTER[text.upper()]
    for party, info in PARTIES.items():
        if text in info["words"] or text.lower() == party.lower():
            return party
    return None
