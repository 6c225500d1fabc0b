"""Controlled vocabularies: the one source every form, import, matcher and bot reads.

Codes are stable ASCII identifiers stored in the database; labels are the
Dutch (B1) words the UI shows. Theme entries also carry lay-language terms
("opgebrand", "niet meer slapen") so the matcher can bridge the gap between
how residents talk and how providers describe a group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOMAINS: dict[str, str] = {
    "ggz": "Ggz-behandeling",
    "wmo": "Wmo-ondersteuning",
    "welzijn": "Welzijn en ontmoeting",
    "herstelacademie": "Herstelacademie",
    "zelfhulp": "Zelfhulp en lotgenoten",
}

# Contexts of "samen begrijpen" (DESIGN.md §1).
CONTEXTS: dict[str, str] = {
    "existentieel": "Existentieel",
    "relationeel_anderen": "Relationeel – anderen",
    "relationeel_zelf": "Relationeel – zelf",
    "pijn_van_vroeger": "Pijn van vroeger",
    "leefstijl": "Leefstijl",
    "maatschappelijk": "Maatschappelijk (werk, geld, wonen, schulden)",
    "lichamelijk": "Lichamelijk",
    "cultuur_diversiteit": "Cultuur en diversiteit",
    "hechting": "Hechting",
    "levensfase": "Levensfase",
    "bewustzijn": "Bewustzijn",
    "kwetsbaarheid_kracht": "Kwetsbaarheid en kracht",
    "zingeving": "Betekenis en zingeving",
}

PG_DIMENSIONS: dict[str, str] = {
    "lichaamsfuncties": "Lichaamsfuncties",
    "mentaal_welbevinden": "Mentaal welbevinden",
    "zingeving": "Zingeving",
    "kwaliteit_van_leven": "Kwaliteit van leven",
    "meedoen": "Meedoen",
    "dagelijks_functioneren": "Dagelijks functioneren",
}

ELEMENTS: dict[str, str] = {
    "psychoeducatie": "Uitleg en kennis (psycho-educatie)",
    "lichaamsgericht": "Lichaamsgericht werken",
    "ademwerk": "Ademwerk",
    "gedragsactivatie": "Weer dingen gaan doen (gedragsactivatie)",
    "cognitieve_herstructurering": "Anders leren denken",
    "exposure": "Stap voor stap aangaan wat je spannend vindt (exposure)",
    "schemawerk": "Werken met patronen (schema's)",
    "zelfregulatie": "Grip op emoties en spanning",
    "lotgenotencontact": "Ervaringen delen met lotgenoten",
    "creatief": "Creatief bezig zijn",
    "bewegen": "Bewegen",
    "zingeving": "Zingeving en spiritualiteit",
    "motiverende_gespreksvoering": "Motivatie en verandering",
    "mindfulness": "Mindfulness en aandacht",
    "vaardigheden": "Vaardigheden oefenen",
    "ontmoeting": "Mensen ontmoeten",
    "herstel": "Werken aan herstel",
}


@dataclass(frozen=True)
class Theme:
    """What a group helps with, with the words people use for it."""

    label: str
    contexts: tuple[str, ...]
    terms: tuple[str, ...]


# Lay-language layer: each theme lists professional and everyday words.
# Keep terms general Dutch usage, never phrases from a particular query set.
THEMES: dict[str, Theme] = {
    "somberheid": Theme(
        "Somberheid en depressie",
        ("relationeel_zelf", "kwetsbaarheid_kracht"),
        (
            "depressie",
            "depressief",
            "somber",
            "somberheid",
            "neerslachtig",
            "down",
            "lusteloos",
            "nergens zin in",
            "nergens meer zin",
            "geen zin meer",
            "dip",
            "geen plezier",
            "futloos",
            "verdrietig",
            "leeg",
            "grauw",
            "zwaarmoedig",
            "stemming",
            "in bed liggen",
            "depressed",
            "sad",
        ),
    ),
    "angst": Theme(
        "Angst, paniek en dwang",
        ("relationeel_zelf", "lichamelijk"),
        (
            "angst",
            "angstig",
            "bang",
            "paniek",
            "paniekaanval",
            "piekeren",
            "zorgen maken",
            "onrustig",
            "hartkloppingen",
            "benauwd",
            "fobie",
            "pleinvrees",
            "sociale angst",
            "dwang",
            "dwangmatig",
            "controleren",
            "checken",
            "smetvrees",
            "ocd",
            "gejaagd",
            "opgejaagd",
            "anxiety",
            "panic",
            "nerveus",
            "geen lucht",
        ),
    ),
    "stress": Theme(
        "Stress en burn-out",
        ("maatschappelijk", "leefstijl"),
        (
            "stress",
            "burn-out",
            "burnout",
            "overspannen",
            "opgebrand",
            "uitgeput",
            "overbelast",
            "werkdruk",
            "geen energie",
            "oververmoeid",
            "gestrest",
            "hoofd vol",
            "druk",
            "ontspannen",
            "ontspanning",
            "tot rust komen",
            "stressed",
            "alles te veel",
            "wordt te veel",
            "wordt me te veel",
            "hoofd loopt over",
            "gespannen",
            "spanning",
            "ziekgemeld",
            "ziek thuis",
            "trek het niet",
        ),
    ),
    "eenzaamheid": Theme(
        "Eenzaamheid en contact",
        ("relationeel_anderen",),
        (
            "eenzaam",
            "eenzaamheid",
            "voel me alleen",
            "zo alleen",
            "alleen thuis",
            "niemand",
            "geen contact",
            "weinig contact",
            "contacten",
            "sociale contacten",
            "isolement",
            "geisoleerd",
            "ontmoeten",
            "praatje",
            "gezelschap",
            "maatje",
            "geen vrienden",
            "vrienden maken",
            "onder de mensen",
            "aanspraak",
            "weinig mensen",
            "stil in huis",
            "de hele dag alleen",
            "zit alleen",
            "woon alleen",
            "lonely",
            "alone",
            "friends",
        ),
    ),
    "trauma": Theme(
        "Trauma en nare ervaringen",
        ("pijn_van_vroeger", "hechting"),
        (
            "trauma",
            "traumatisch",
            "ptss",
            "nare ervaring",
            "nare dingen",
            "misbruik",
            "geweld",
            "herbeleving",
            "nachtmerrie",
            "nachtmerries",
            "mishandeling",
            "mishandeld",
            "flashback",
            "ingrijpende ervaring",
            "oorlog",
            "nare herinneringen",
            "bad memories",
            "nightmares",
            "onveilig opgegroeid",
            "geslagen",
        ),
    ),
    "rouw": Theme(
        "Rouw en verlies",
        ("existentieel", "levensfase"),
        (
            "rouw",
            "rouwen",
            "overleden",
            "overlijden",
            "gestorven",
            "weduwe",
            "weduwnaar",
            "afscheid",
            "gemis",
            "dierbare",
            "verloor",
            "verloren",
            "sterfgeval",
            "grief",
        ),
    ),
    "verslaving": Theme(
        "Verslaving en middelengebruik",
        ("leefstijl",),
        (
            "verslaving",
            "verslaafd",
            "alcohol",
            "drinken",
            "drank",
            "drugs",
            "blowen",
            "gokken",
            "cocaine",
            "middelen",
            "afkicken",
            "nuchter",
            "gamen",
            "minderen met",
            "minder drinken",
            "minder blowen",
            "stoppen met drinken",
            "addiction",
        ),
    ),
    "psychose": Theme(
        "Psychose en stemmen horen",
        ("bewustzijn", "kwetsbaarheid_kracht"),
        (
            "psychose",
            "psychotisch",
            "stemmen",
            "stemmen horen",
            "stemmenhoorders",
            "dingen horen",
            "achterdochtig",
            "paranoia",
            "wanen",
            "schizofrenie",
            "dingen zien",
            "bipolair",
            "manie",
            "ontregeling",
        ),
    ),
    "emoties": Theme(
        "Grip op emoties",
        ("relationeel_zelf", "hechting"),
        (
            "emoties",
            "emotieregulatie",
            "boos",
            "boosheid",
            "woede",
            "overspoeld",
            "impulsief",
            "zelfbeschadiging",
            "snijden",
            "borderline",
            "ontploffen",
            "driftig",
            "agressie",
        ),
    ),
    "zelfbeeld": Theme(
        "Zelfbeeld en zelfvertrouwen",
        ("relationeel_zelf",),
        (
            "zelfbeeld",
            "zelfvertrouwen",
            "onzeker",
            "zelfwaardering",
            "assertief",
            "nee zeggen",
            "grenzen",
            "schaamte",
            "faalangst",
            "perfectionisme",
            "afgewezen",
            "patronen",
            "zelfkritiek",
        ),
    ),
    "herstel": Theme(
        "Herstel en eigen regie",
        ("kwetsbaarheid_kracht",),
        (
            "herstel",
            "wrap",
            "eigen regie",
            "zelfregie",
            "opname",
            "kliniek",
            "vroege signalen",
            "terugval",
            "kwetsbaarheid",
            "ervaringsdeskundige",
            "medicatie",
            "medicijnen",
            "antidepressiva",
            "antipsychotica",
            "bijwerkingen",
        ),
    ),
    "zingeving": Theme(
        "Zingeving en levensvragen",
        ("existentieel", "zingeving"),
        (
            "zingeving",
            "levensvragen",
            "betekenis",
            "geloof",
            "spiritueel",
            "spiritualiteit",
            "waar doe ik het voor",
            "leegte",
            "mediteren",
            "meditatie",
            "stilte",
            "levensdoel",
        ),
    ),
    "geld_werk": Theme(
        "Geld, werk en wonen",
        ("maatschappelijk",),
        (
            "schulden",
            "euro schuld",
            "schuldhulp",
            "schuldsanering",
            "schuldeisers",
            "bewindvoerder",
            "beschermingsbewind",
            "budgetcoach",
            "afbetalen",
            "aflossen",
            "geldzorgen",
            "rekeningen",
            "incasso",
            "geldproblemen",
            "geldgebrek",
            "rondkomen",
            "deurwaarder",
            "aanmaning",
            "betalingsachterstand",
            "armoede",
            "werkloos",
            "baan kwijt",
            "uitkering",
            "huisvesting",
            "dakloos",
            "re-integratie",
            "vrijwilligerswerk",
            "dagbesteding",
            "dagritme",
            "ontslagen",
            "debt",
            "job",
        ),
    ),
    "lichaam": Theme(
        "Lichaam, slaap en pijn",
        ("lichamelijk", "leefstijl"),
        (
            "slapen",
            "slaapproblemen",
            "slapeloos",
            "niet slapen",
            "slaap",
            "slecht slapen",
            "wakker liggen",
            "chronische pijn",
            "pijn",
            "chronisch ziek",
            "vermoeidheid",
            "overgang",
            "opvliegers",
            "overgewicht",
            "eetproblemen",
            "eetbui",
            "lijf",
            "lichaam",
            "sleep",
        ),
    ),
    "bewegen": Theme(
        "Bewegen en buiten zijn",
        ("leefstijl", "lichamelijk"),
        (
            "bewegen",
            "wandelen",
            "wandeling",
            "sport",
            "sporten",
            "yoga",
            "fietsen",
            "buiten zijn",
            "natuur",
            "tuinieren",
            "moestuin",
            "fitness",
            "dansen",
            "walking",
        ),
    ),
    "creatief": Theme(
        "Creatief bezig zijn",
        ("zingeving",),
        (
            "creatief",
            "tekenen",
            "schilderen",
            "muziek",
            "zingen",
            "schrijven",
            "knutselen",
            "handwerken",
            "atelier",
            "kunst",
            "fotografie",
            "toneel",
            "lezen",
            "boeken",
        ),
    ),
    "relaties": Theme(
        "Relaties en gezin",
        ("relationeel_anderen", "hechting"),
        (
            "relatie",
            "partner",
            "ruzie",
            "scheiding",
            "gescheiden",
            "gezin",
            "opvoeding",
            "opvoeden",
            "ouderschap",
            "familie",
            "naaste",
            "mantelzorg",
            "mantelzorger",
            "zorgen voor",
            "dementie",
        ),
    ),
    "ontwikkeling": Theme(
        "ADHD, autisme en prikkels",
        ("bewustzijn", "levensfase"),
        (
            "adhd",
            "add",
            "autisme",
            "autistisch",
            "ass",
            "prikkels",
            "overprikkeld",
            "concentratie",
            "chaos in mijn hoofd",
            "structuur",
            "hoogbegaafd",
        ),
    ),
    "cultuur": Theme(
        "Cultuur, migratie en identiteit",
        ("cultuur_diversiteit",),
        (
            "nieuwkomer",
            "nieuwkomers",
            "vluchteling",
            "statushouder",
            "migratie",
            "heimwee",
            "cultuur",
            "discriminatie",
            "lhbtiq",
            "homo",
            "lesbisch",
            "biseksueel",
            "transgender",
            "queer",
            "gay",
            "lhbti",
            "inburgering",
            "azc",
            "asielzoeker",
            "mijn nederlands",
            "my dutch",
            "op mannen",
            "op vrouwen",
            "identiteit",
            "coming out",
            "refugee",
        ),
    ),
    "levensfase": Theme(
        "Levensfase en overgangen",
        ("levensfase",),
        (
            "jongeren",
            "student",
            "studie",
            "ouder worden",
            "met pensioen",
            "pensioen",
            "school",
            "zwanger",
            "bevallen",
            "jonge moeder",
            "kinderen",
            "65 plus",
            "senioren",
            "ouderen",
            "puber",
        ),
    ),
}

AUDIENCES: dict[str, str] = {
    "iedereen": "Iedereen",
    "volwassenen": "Volwassenen (18+)",
    "jongeren": "Jongeren (16–27)",
    "ouderen": "Ouderen (65+)",
    "vrouwen": "Vrouwen",
    "mannen": "Mannen",
    "naasten": "Naasten en mantelzorgers",
}

# Which group audiences a person of a given category may join (bench README).
AUDIENCE_ALLOWED: dict[str, frozenset[str]] = {
    "jongeren": frozenset({"jongeren", "iedereen"}),
    "ouderen": frozenset({"ouderen", "volwassenen", "iedereen"}),
    "vrouwen": frozenset({"vrouwen", "volwassenen", "iedereen"}),
    "mannen": frozenset({"mannen", "volwassenen", "iedereen"}),
    "volwassenen": frozenset({"volwassenen", "iedereen"}),
    "naasten": frozenset({"naasten", "volwassenen", "iedereen"}),
    "iedereen": frozenset({"iedereen"}),
}

SPECIAL_AUDIENCES: dict[str, str] = {
    "lhbtiq": "LHBTIQ+",
    "nieuwkomers": "Nieuwkomers en statushouders",
    "ouders": "Ouders",
    "mantelzorgers": "Mantelzorgers",
    "studenten": "Studenten",
    "kopp": "Kinderen van ouders met psychische problemen",
}

# Words that show a person belongs to a specific audience; a group for that audience
# only ranks high when the profile gives such evidence (or an age/gender cue).
AUDIENCE_TERMS: dict[str, tuple[str, ...]] = {
    "jongeren": (
        "jongere",
        "jongeren",
        "jong",
        "student",
        "studie",
        "studeer",
        "school",
        "tiener",
        "puber",
        "jongen",
        "meisje",
        "meid",
    ),
    "ouderen": (
        "oudere",
        "ouderen",
        "senior",
        "senioren",
        "pensioen",
        "gepensioneerd",
        "65 plus",
        "oma",
        "opa",
        "bejaard",
    ),
    "vrouwen": ("vrouw", "vrouwen", "moeder", "meisje", "meid", "zwanger", "mevrouw"),
    "mannen": ("man", "mannen", "vader", "jongen", "meneer"),
    "naasten": (
        "naaste",
        "naasten",
        "mantelzorg",
        "mantelzorger",
        "zorg voor",
        "partner van",
        "familie",
        "mijn zoon",
        "mijn dochter",
        "mijn man",
        "mijn vrouw",
        "broer",
        "zus",
    ),
    "lhbtiq": (
        "lhbtiq",
        "lhbti",
        "homo",
        "lesbisch",
        "biseksueel",
        "transgender",
        "queer",
        "non binair",
        "gender",
        "op mannen",
        "op vrouwen",
        "coming out",
    ),
    "nieuwkomers": (
        "nieuwkomer",
        "nieuwkomers",
        "vluchteling",
        "statushouder",
        "asiel",
        "gevlucht",
        "refugee",
        "migrant",
        "inburgering",
    ),
    "ouders": (
        "ouder",
        "ouders",
        "moeder",
        "vader",
        "kind",
        "kinderen",
        "opvoeding",
        "zoon",
        "dochter",
    ),
    "mantelzorgers": ("mantelzorg", "mantelzorger", "zorg voor", "zorgen voor"),
    "studenten": (
        "student",
        "studenten",
        "studie",
        "studeer",
        "hogeschool",
        "universiteit",
        "mbo",
        "hbo",
    ),
    "kopp": ("ouder met", "moeder met", "vader met", "opgegroeid", "kopp"),
}

ADVICE_CATEGORIES: dict[str, str] = {
    "inwoner_zelf": "Inwoner zelf",
    "brede_sociale_basis": "Brede sociale basis",
    "sociaal_domein": "Sociaal domein",
    "ggz": "Ggz",
    "poh_ggz": "POH-ggz",
}

# How far a person got with a group suggested in a VG advice (catalogue.advice).
ADVICE_OPTION_STATUSES: dict[str, str] = {
    "voorgesteld": "Voorgesteld",
    "gekozen": "Gekozen in het advies",
    "aangemeld": "Aangemeld",
    "gestart": "Gestart",
    "niet_passend": "Niet passend",
}

# Why a suggested group turned out not to fit: a fixed list, never free text.
NOT_FITTING_REASONS: dict[str, str] = {
    "past_niet_bij_vraag": "Past niet bij de hulpvraag",
    "vol_of_wachttijd": "Groep vol of wachttijd te lang",
    "tijd_of_dag": "Dag of tijd past niet",
    "reisafstand": "Te ver weg of niet bereikbaar",
    "taal": "Taal past niet",
    "kosten": "Kosten",
    "wil_geen_groep": "Wil (nu) geen groep",
    "andere_hulp": "Andere hulp gekozen",
    "niet_verschenen": "Niet verschenen",
    "anders": "Andere reden",
}

LANGUAGES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "Engels",
    "ar": "Arabisch",
    "tr": "Turks",
    "ti": "Tigrinya",
    "tw": "Twi",
    "pap": "Papiaments",
    "srn": "Sranantongo",
    "pl": "Pools",
    "fa": "Farsi",
    "so": "Somalisch",
    "uk": "Oekraïens",
}

MODES: dict[str, str] = {
    "locatie": "Op locatie",
    "online": "Online",
    "hybride": "Op locatie en online",
}

ACCESS_ROUTES: dict[str, str] = {
    "zonder_verwijzing": "Zonder verwijzing: je kunt je zelf aanmelden",
    "huisarts": "Via de huisarts of POH-ggz (verwijzing nodig)",
    "gemeente": "Via het wijkteam of de gemeente (beschikking nodig)",
    "ggz": "Via je behandelaar in de ggz",
}

# The same routes in a few words, for result cards and chat messages.
ACCESS_ROUTES_SHORT: dict[str, str] = {
    "zonder_verwijzing": "Zelf aanmelden, geen verwijzing nodig",
    "huisarts": "Via de huisarts of POH-ggz",
    "gemeente": "Via het wijkteam of de gemeente",
    "ggz": "Via je behandelaar in de ggz",
}

COSTS: dict[str, str] = {
    "gratis": "Gratis",
    "eigen_bijdrage": "Eigen bijdrage",
    "zorgverzekering": "Vergoed via de zorgverzekering (eigen risico geldt)",
}

FACILITATOR_ROLES: dict[str, str] = {
    "ervaringsdeskundige": "Ervaringsdeskundige",
    "behandelaar": "Behandelaar",
    "sociaal_werker": "Sociaal werker",
    "vrijwilliger": "Vrijwilliger",
    "trainer": "Trainer",
}

STATUSES: dict[str, str] = {
    "actief": "Actief",
    "gepauzeerd": "Tijdelijk gestopt",
    "gestopt": "Gestopt",
    "concept": "Concept",
}

ROLES: dict[str, str] = {
    "facilitator": "Begeleider",
    "team": "VG-team",
    "coordinator": "Coördinator",
    "admin": "Beheerder",
}

WEEKDAYS: dict[str, str] = {
    "ma": "maandag",
    "di": "dinsdag",
    "wo": "woensdag",
    "do": "donderdag",
    "vr": "vrijdag",
    "za": "zaterdag",
    "zo": "zondag",
}
# RFC 5545 BYDAY codes in the same order as WEEKDAYS (Monday = 0).
RRULE_DAYS: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Municipality:
    """A GEM municipality with an approximate centroid (WGS84)."""

    name: str
    region: str
    lat: float
    lon: float


REGIONS: dict[str, str] = {
    "midden_ijssel": "Midden-IJssel",
    "ijssel_vecht": "IJssel-Vecht",
    "noordwest_veluwe": "Noordwest-Veluwe & Zeewolde",
    "achterhoek": "Achterhoek",
    "amsterdam_zuidoost": "Amsterdam Zuidoost",
    "rijk_van_nijmegen": "Rijk van Nijmegen",
}

_M = Municipality
MUNICIPALITIES: dict[str, Municipality] = {
    m.name: m
    for m in (
        _M("Deventer", "midden_ijssel", 52.255, 6.163),
        _M("Olst-Wijhe", "midden_ijssel", 52.377, 6.137),
        _M("Raalte", "midden_ijssel", 52.386, 6.275),
        _M("Voorst", "midden_ijssel", 52.224, 6.083),
        _M("Zwolle", "ijssel_vecht", 52.512, 6.094),
        _M("Kampen", "ijssel_vecht", 52.555, 5.911),
        _M("Dalfsen", "ijssel_vecht", 52.507, 6.256),
        _M("Hardenberg", "ijssel_vecht", 52.575, 6.619),
        _M("Ommen", "ijssel_vecht", 52.520, 6.421),
        _M("Staphorst", "ijssel_vecht", 52.645, 6.211),
        _M("Zwartewaterland", "ijssel_vecht", 52.590, 6.075),
        _M("Steenwijkerland", "ijssel_vecht", 52.789, 6.118),
        _M("Ermelo", "noordwest_veluwe", 52.299, 5.620),
        _M("Harderwijk", "noordwest_veluwe", 52.342, 5.621),
        _M("Nunspeet", "noordwest_veluwe", 52.378, 5.786),
        _M("Elburg", "noordwest_veluwe", 52.447, 5.834),
        _M("Oldebroek", "noordwest_veluwe", 52.445, 5.901),
        _M("Putten", "noordwest_veluwe", 52.259, 5.607),
        _M("Zeewolde", "noordwest_veluwe", 52.330, 5.541),
        _M("Doetinchem", "achterhoek", 51.965, 6.289),
        _M("Oude IJsselstreek", "achterhoek", 51.899, 6.386),
        _M("Montferland", "achterhoek", 51.912, 6.182),
        _M("Bronckhorst", "achterhoek", 52.053, 6.300),
        _M("Berkelland", "achterhoek", 52.111, 6.522),
        _M("Winterswijk", "achterhoek", 51.972, 6.720),
        _M("Aalten", "achterhoek", 51.925, 6.581),
        _M("Oost Gelre", "achterhoek", 52.010, 6.567),
        _M("Amsterdam", "amsterdam_zuidoost", 52.316, 4.974),
        _M("Nijmegen", "rijk_van_nijmegen", 51.842, 5.853),
        _M("Berg en Dal", "rijk_van_nijmegen", 51.818, 5.917),
        _M("Beuningen", "rijk_van_nijmegen", 51.861, 5.766),
        _M("Druten", "rijk_van_nijmegen", 51.888, 5.607),
        _M("Heumen", "rijk_van_nijmegen", 51.767, 5.829),
        _M("Wijchen", "rijk_van_nijmegen", 51.809, 5.726),
        _M("Mook en Middelaar", "rijk_van_nijmegen", 51.753, 5.882),
    )
}

# Approximate 4-digit postcode ranges (inclusive) per municipality, for the chat.
# Ranges are coarse on purpose: a postcode only has to point at the right place.
POSTCODE_RANGES: tuple[tuple[int, int, str], ...] = (
    (1101, 1109, "Amsterdam"),
    (3841, 3849, "Harderwijk"),
    (3850, 3853, "Ermelo"),
    (3880, 3882, "Putten"),
    (3890, 3899, "Zeewolde"),
    (6500, 6546, "Nijmegen"),
    (6560, 6574, "Berg en Dal"),
    (6585, 6587, "Mook en Middelaar"),
    (6600, 6606, "Wijchen"),
    (6640, 6644, "Beuningen"),
    (6650, 6659, "Druten"),
    (6580, 6584, "Heumen"),
    (7000, 7011, "Doetinchem"),
    (7020, 7025, "Bronckhorst"),
    (7030, 7041, "Montferland"),
    (7060, 7084, "Oude IJsselstreek"),
    (7100, 7108, "Winterswijk"),
    (7120, 7122, "Aalten"),
    (7130, 7137, "Oost Gelre"),
    (7150, 7161, "Berkelland"),
    (7200, 7207, "Bronckhorst"),
    (7381, 7399, "Voorst"),
    (7400, 7431, "Deventer"),
    (8100, 8108, "Raalte"),
    (8120, 8124, "Olst-Wijhe"),
    (7770, 7799, "Hardenberg"),
    (7730, 7739, "Ommen"),
    (7720, 7722, "Dalfsen"),
    (8000, 8047, "Zwolle"),
    (8060, 8066, "Zwartewaterland"),
    (8090, 8097, "Oldebroek"),
    (8080, 8086, "Elburg"),
    (8070, 8077, "Nunspeet"),
    (7950, 7955, "Staphorst"),
    (8260, 8279, "Kampen"),
    (8330, 8389, "Steenwijkerland"),
)


_POSTCODE_DIGITS = re.compile(r"[0-9]{4}", flags=re.ASCII)


def municipality_for_postcode(postcode: str) -> str | None:
    """Map a Dutch postcode (4 digits, letters optional) to a GEM municipality.

    Only ASCII digits count: `str.isdigit` also accepts '²' or '٣', which `int` refuses
    or reads as another number.
    """
    digits = postcode.strip()[:4]
    if not _POSTCODE_DIGITS.fullmatch(digits):
        return None
    number = int(digits)
    for low, high, name in POSTCODE_RANGES:
        if low <= number <= high:
            return name
    return None


def find_municipality(name: str) -> str | None:
    """The GEM municipality a user typed (any case and spacing, or a postcode), else None."""
    cleaned = " ".join(name.split()).lower()
    for known in MUNICIPALITIES:
        if known.lower() == cleaned:
            return known
    return municipality_for_postcode(cleaned)


def region_of(municipality: str | None) -> str | None:
    """Region code of a municipality, or None for online/unknown."""
    m = MUNICIPALITIES.get(municipality or "")
    return m.region if m else None


def weekday_code(index: int) -> str:
    """Dutch two-letter weekday for Python's weekday() index."""
    return tuple(WEEKDAYS)[index]
