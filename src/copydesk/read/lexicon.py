"""Words the reading rules recognise: titles, modifiers, countries, numbers, verbs.

Every pattern built from these lists is a plain alternation of literals with bounded gaps, so
matching stays linear in the length of the text (no nested quantifiers).
"""

from __future__ import annotations

import re

from copydesk.vocab import US_STATES

# Title as written (lower-cased, final period dropped) -> office code (None: outside the vocabulary).
TITLE_OFFICES: dict[str, str | None] = {
    "president": "president",
    "vice president": "vice_president",
    "vice-president": "vice_president",
    "vp": "vice_president",
    "sen": "senator", "sens": "senator", "senator": "senator", "senators": "senator",
    "u.s. sen": "senator", "u.s. senator": "senator", "us sen": "senator",
    "united states senator": "senator", "state sen": None, "state senator": None,
    "rep": "representative", "reps": "representative",
    "representative": "representative", "representatives": "representative",
    "u.s. rep": "representative", "u.s. representative": "representative",
    "congressman": "representative", "congresswoman": "representative",
    "congressmen": "representative", "congresswomen": "representative",
    "congressmember": "representative", "delegate": "representative",
    "state rep": None, "state representative": None,
    "speaker": "speaker", "house speaker": "speaker", "speaker of the house": "speaker",
    "senate majority leader": "senate_majority_leader",
    "senate minority leader": "senate_minority_leader",
    "house majority leader": "house_majority_leader",
    "house minority leader": "house_minority_leader",
    "senate majority whip": "senate_majority_whip",
    "senate minority whip": "senate_minority_whip",
    "house majority whip": "house_majority_whip",
    "house minority whip": "house_minority_whip",
    "majority leader": None, "minority leader": None, "majority whip": None,
    "minority whip": None, "whip": None, "leader": None,
    "gov": "governor", "governor": "governor", "govs": "governor", "governors": "governor",
    "lt. gov": None, "lieutenant governor": None,
    "prime minister": "head_of_government", "chancellor": None,
    "premier": "head_of_government",
    "secretary": None, "chairman": None, "chairwoman": None, "chair": None,
    "ranking member": None, "attorney general": None, "mayor": None, "ambassador": None,
}

# Titles whose office depends on the country: a German chancellor heads the government, a
# British one runs the treasury.
COUNTRY_TITLE_OFFICES: dict[tuple[str, str], str] = {
    ("chancellor", "DE"): "head_of_government", ("chancellor", "AT"): "head_of_government",
}
# Offices the United States does not have: their country is never assumed to be "US".
FOREIGN_OFFICES = frozenset({"head_of_government", "mep"})

# Plural forms that distribute over a following list.
PLURAL_TITLES = {"sens", "senators", "reps", "representatives", "congressmen", "congresswomen",
                 "govs", "governors"}

# Country adjectives and names -> ISO code, for "Russian President Vladimir Putin".
COUNTRIES: dict[str, str] = {
    "russian": "RU", "russia": "RU", "ukrainian": "UA", "ukraine": "UA", "chinese": "CN",
    "china": "CN", "french": "FR", "france": "FR", "german": "DE", "germany": "DE",
    "british": "GB", "uk": "GB", "u.k.": "GB", "mexican": "MX", "mexico": "MX",
    "canadian": "CA", "canada": "CA", "israeli": "IL", "israel": "IL", "iranian": "IR",
    "iran": "IR", "turkish": "TR", "turkey": "TR", "brazilian": "BR", "brazil": "BR",
    "indian": "IN", "india": "IN", "japanese": "JP", "japan": "JP", "south korean": "KR",
    "north korean": "KP", "syrian": "SY", "syria": "SY", "venezuelan": "VE", "venezuela": "VE",
    "egyptian": "EG", "egypt": "EG", "afghan": "AF", "afghanistan": "AF", "iraqi": "IQ",
    "iraq": "IQ", "pakistani": "PK", "pakistan": "PK", "italian": "IT", "italy": "IT",
    "spanish": "ES", "spain": "ES", "polish": "PL", "poland": "PL", "belarusian": "BY",
    "palestinian": "PS", "saudi": "SA", "cuban": "CU", "cuba": "CU", "philippine": "PH",
    "filipino": "PH", "taiwanese": "TW", "taiwan": "TW", "south african": "ZA",
    "nigerian": "NG", "kenyan": "KE", "colombian": "CO", "argentine": "AR", "chilean": "CL",
    "peruvian": "PE", "australian": "AU", "irish": "IE", "hungarian": "HU", "georgian": "GE",
    "american": "US", "u.s.": "US", "us": "US", "united states": "US",
}

# Country names the KB writes (Person.country) beyond those above -> ISO code.
COUNTRY_NAMES: dict[str, str] = {
    "philippines": "PH", "united kingdom": "GB", "great britain": "GB", "britain": "GB",
    "south korea": "KR", "north korea": "KP", "south africa": "ZA", "saudi arabia": "SA",
    "netherlands": "NL", "sweden": "SE", "norway": "NO", "denmark": "DK", "finland": "FI",
    "greece": "GR", "portugal": "PT", "belgium": "BE", "austria": "AT", "switzerland": "CH",
    "czech republic": "CZ", "czechia": "CZ", "romania": "RO", "bulgaria": "BG", "serbia": "RS",
    "croatia": "HR", "hungary": "HU", "slovakia": "SK", "slovenia": "SI", "lithuania": "LT",
    "latvia": "LV", "estonia": "EE", "ireland": "IE", "luxembourg": "LU", "malta": "MT",
    "cyprus": "CY", "new zealand": "NZ", "australia": "AU", "indonesia": "ID", "vietnam": "VN",
    "thailand": "TH", "malaysia": "MY", "singapore": "SG", "bangladesh": "BD", "nigeria": "NG",
    "kenya": "KE", "ethiopia": "ET", "argentina": "AR", "chile": "CL", "peru": "PE",
    "colombia": "CO", "belarus": "BY", "georgia": "GE", "armenia": "AM", "azerbaijan": "AZ",
    "kazakhstan": "KZ", "lebanon": "LB", "jordan": "JO", "qatar": "QA", "united arab emirates": "AE",
}


def country_code(name: str | None) -> str | None:
    """ISO code for a country adjective or name ("Russian", "Russia", "RU"), or None."""
    if not name:
        return None
    if len(name) == 2 and name.isupper():
        return name
    lowered = name.lower()
    return COUNTRIES.get(lowered) or COUNTRY_NAMES.get(lowered)


MODIFIERS: dict[str, str] = {
    "former": "former", "ex": "ex", "then": "then", "late": "late", "elect": "elect",
    "outgoing": "then", "retired": "former",
}

# Role nouns that make an apposition ("Michael Cohen, a former top adviser to …") a title.
ROLE_NOUNS = (
    "adviser", "advisor", "aide", "ambassador", "analyst", "anchor", "attorney", "author",
    "candidate", "chair", "chairman", "chairwoman", "chief", "commissioner", "congressman",
    "congresswoman", "correspondent", "counsel", "democrat", "director", "economist", "editor",
    "executive", "fellow", "founder", "governor", "head", "host", "judge", "lawmaker", "leader",
    "lawyer", "manager", "mayor", "member", "minister", "nominee", "official", "president",
    "professor", "representative", "republican", "researcher", "secretary", "senator", "speaker",
    "spokesman", "spokeswoman", "spokesperson", "strategist", "whip", "writer",
)

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "dozen": 12, "both": 2,
}

# Group nouns a count attaches to -> office code (None: a group outside the vocabulary).
COUNT_NOUNS: dict[str, str | None] = {
    "senators": "senator", "representatives": "representative", "congressmen": "representative",
    "congresswomen": "representative", "house members": "representative",
    "governors": "governor", "lawmakers": None, "members": None, "signatories": None,
    "signers": None, "legislators": None, "democrats": None, "republicans": None,
    "cosponsors": None, "co-sponsors": None, "colleagues": None, "members of congress": None,
}

# Verbs that introduce a list of people, past participle -> lemma.
LIST_VERBS: dict[str, str] = {
    "signed": "sign", "sent": "send", "written": "write", "wrote": "write", "led": "lead",
    "introduced": "introduce", "sponsored": "sponsor", "cosponsored": "cosponsor",
    "co-sponsored": "cosponsor", "joined": "join", "authored": "author", "penned": "pen",
    "drafted": "draft", "backed": "back", "supported": "support", "endorsed": "endorse",
    "organized": "organize", "organised": "organize", "issued": "issue", "released": "release",
    "filed": "file", "co-led": "colead", "spearheaded": "spearhead", "championed": "champion",
}

# Things a list event can be about ("the letter signed by …").
EVENT_OBJECTS = ("letter", "bill", "resolution", "statement", "amendment", "legislation",
                 "petition", "measure", "op-ed", "brief", "proposal", "act", "report")

# Verbs of saying used in quote attributions.
SAY_VERBS = ("said", "says", "told", "tells", "wrote", "writes", "added", "adds", "reads",
             "read", "stated", "states", "explained", "noted", "argued", "asked", "continued",
             "declared", "tweeted", "posted", "according to", "remarked", "insisted", "warned")

# Nouns for documents that can "say" a quote.
DOCUMENT_NOUNS = ("letter", "statement", "report", "memo", "bill", "resolution", "release",
                  "press release", "document", "complaint", "filing", "ruling", "order",
                  "tweet", "post", "email", "note", "op-ed", "editorial", "petition")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}

# Words that end organisation names; a capitalised run ending in one is not a person.
ORG_WORDS = frozenset({
    "administration", "agency", "association", "bank", "board", "bureau", "center", "centre",
    "church", "city", "coalition", "college", "commission", "committee", "company", "congress",
    "corporation", "council", "county", "court", "department", "foundation", "fund", "group",
    "hill", "hospital", "house", "inc", "institute", "institution", "journal", "league",
    "ministry", "news", "office", "organization", "party", "post", "press", "program", "project",
    "school", "senate", "service", "society", "state", "states", "street", "times", "union",
    "university", "act", "caucus", "day", "network", "review", "today", "magazine",
    "counties", "departments", "committees", "tunnel", "lawn", "island", "bridge", "river",
    "care", "counsel", "salmon", "syndrome", "primary", "election", "award",
})

# Words that look like capitalised name parts but never are one.
NOT_NAME_WORDS = frozenset({
    "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "for", "to", "with", "by",
    "he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "our", "this", "that",
    "these", "those", "mr", "mrs", "ms", "dr", "sen", "sens", "rep", "reps", "gov", "president",
    "senator", "senators", "congressman", "congresswoman", "speaker", "house", "senate",
    "democrat", "democrats", "republican", "republicans", "democratic", "american", "americans",
    "federal", "national", "u.s", "us", "new", "north", "south", "east", "west", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "today", "yesterday", "chairman", "secretary", "vice", "committee", "related", "articles",
    "leave", "reply", "share", "read", "more", "click", "back", "top", "according", "while",
    "after", "before", "when", "if", "as", "also", "however", "said", "says", "god", "jesus",
    # headline verbs that run into names in scraped press releases ("Meeks Statement on …")
    "statement", "announces", "applauds", "introduces", "welcomes", "joins", "urges", "votes",
    "praises", "responds", "releases", "celebrates", "secures", "demands", "calls", "honors",
    # platforms and acronyms the statistical model mistakes for people
    "twitter", "facebook", "instagram", "youtube", "google", "tiktok", "wikinews", "scotus",
    "covid", "medicare", "medicaid", "obamacare",
    # words of bill numbers, committee roles and possessive phrases ("H. Res.", "My Health Care")
    "con", "res", "ranking", "my", "general", "background",
})

# Words that can open a capitalised run at a sentence start without being part of the name.
LEADING_NOISE = frozenset({
    "said", "says", "the", "a", "an", "and", "or", "but", "if", "when", "while", "after", "before",
    "as", "also", "however", "according", "today", "yesterday", "dear", "thank", "thanks",
    "congratulations", "like", "with", "by", "for", "from", "to", "senators", "representatives",
})


def alternation(forms) -> str:
    """A regex alternation matching any of `forms` literally, longest first (so "Sens." beats "Sen.")."""
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))


def state_alternation() -> str:
    """A regex alternation of every state name, AP abbreviation and postal code."""
    forms: set[str] = set()
    for code, (name, ap) in US_STATES.items():
        forms.update({name, ap, code, ap.replace(".", "")})
        if ap.endswith("."):
            forms.add(ap[:-1])
    forms.update({"Penn.", "Tex.", "Calif", "Wisc."})
    return alternation(forms)


STATE_ALT = state_alternation()
STATE_NAME_ALT = alternation(name for name, _ in US_STATES.values())
