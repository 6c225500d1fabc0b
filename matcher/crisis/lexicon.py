"""The crisis vocabulary: concepts as word classes, and rules that combine them.

A rule is a pattern over a segment's tokens. Word classes carry Dutch
inflection and compounds ("snij|snijd|sneed|gesneden", "\\w*pillen"); gaps of
a few tokens (`_g(n)`) let any intensifier, inversion or subordinate order sit
between two concepts ("morgen maak ik er echt een eind aan", "dat ze dood wil").
Kinds decide the first line of help (matcher.crisis.help).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUICIDE = "suicide"
ACUTE = "acute"
VIOLENCE = "violence"
PSYCHOSIS = "psychosis"


def _g(n: int) -> str:
    """Up to n arbitrary tokens between two words."""
    return rf"(?: \w+){{0,{n}}}? "


def _w(*words: str) -> str:
    return "(?:" + "|".join(words) + ")"


# --- word classes -------------------------------------------------------------------------
SELF = _w("mezelf", "mijzelf", "zichzelf", "haarzelf", "hemzelf", "mij zelf", "me zelf", "zelf")
REFL = _w("me", "mij", "zich", "mezelf", "mijzelf", "zichzelf", "haarzelf", "hemzelf")
WANT = _w(
    r"wil\w*",
    "wou",
    "wouden",
    "zou",
    "zouden",
    r"hoop\w*",
    r"wens\w*",
    r"verlang\w*",
    "liefst",
    "liever",
    r"overweeg\w*",
    "overwoog",
    r"fantaseer\w*",
    "moet",
    "moeten",
    "wenste",
)
DEATH = _w("dood", "doodgaan", "sterven", "sterf", "sterft", "doodgaat", "doodga")
END = _w("eind", "einde", "punt", "streep")
LIFE = _w("leven", "bestaan", "levensloop")
HARM = _w(
    r"snij\w*",
    r"krab\w*",
    "sneed",
    "sneden",
    "gesneden",
    r"kras\w*",
    r"gekrast",
    r"beschadig\w*",
    r"verwond\w*",
    r"brand\w*",
    "gebrand",
    r"kerf\w*",
    r"kerv\w*",
    r"gekerfd",
    r"pijn(?: \w+){0,2} (?:doen|doe|gedaan|te doen)",
    "aandoen",
    "aandoet",
    "aan te doen",
    "aangedaan",
    "op te hangen",
    "op hangen",
    "iets aan",
    "iets aandoen",
    "iets aandoe",
    "iets aandoet",
    "wat aan",
    "wat aandoen",
    "iets aangedaan",
    "wat aangedaan",
    "slaan",
    "sla",
    "slaat",
    "sloeg",
    r"doden",
    "doodmaken",
    "dood maken",
    "dood te maken",
    r"ophang\w*",
    r"opgehang\w*",
    r"verhang\w*",
    "om het leven brengen",
)
BODY = _w(
    r"(?:onder"
    r"|boven)?arm\w*", r"pols\w*", r"been", "benen", r"bovenbe\w*", "huid", "dijen", "dij", r"buik",
    r"littekens?", r"wond\w*", "polsen", "onderarmen", "nek", "hals",
)  # fmt: skip
MEANS = _w(
    r"\w*pil\w*",
    r"tablet\w*",
    "strip",
    "strippen",
    "oxazepam",
    "paracetamol",
    r"\w*medicijn\w*",
    r"\w*medicatie\w*",
    "insuline",
    "antidepressiva",
    "doosjes?",
    "potjes",
    r"strip(?:s|jes)",
    "doos",
    "potje",
    "pakje",
    "verpakking",
    r"\w*touw",
    "mes",
    "mesje",
    r"(?:brood|keuken|zak|vlees|stanley|groente|schil|vouw|jacht)mes\w*",
    "mesjes",
    r"scheermes\w*",
    "pistool",
    "wapen",
    "geweer",
    r"\w*gif",
    "lithium",
    r"\w*kraan",
    "gas",
    "strop",
    "jachtgeweer",
    "riem",
    "fohn",
    "onkruidverdelger",
    "gootsteenontstopper",
    "antivries",
    "ammoniak",
    "bleekwater",
    "stenen",
    "slang",
)
TAKEN = _w(
    "genomen",
    "ingenomen",
    "geslikt",
    "gespoten",
    "opgedronken",
    r"leeggemaakt",
    "leeggegeten",
    "opgegeten",
    "gegeten",
    "geinjecteerd",
    "ingeslikt",
    "leeggedronken",
    "doorgeslikt",
    "weggewerkt",
    "weggespoeld",
    "inname",
    "opgedraaid",
    "opengedraaid",
    "gehamsterd",
)
LOOKED_UP = _w(
    "gegoogeld",
    "gegoogled",
    r"googel\w*",
    "google",
    "opgezocht",
    "uitgezocht",
    "nagezocht",
    r"zoek\w* (?:op|uit)",
    "gelezen",
)
HEIGHT = _w(
    r"\w*brug",
    r"\w*garage",
    r"\w*toren",
    "dijk",
    "kade",
    "pier",
    "klif",
    "spoor",
    r"\w*rails",
    "perron",
    "dak",
    r"\w*flat",
    "flatgebouw",
    "balkon",
    "reling",
    "vensterbank",
    "raam",
    "rand",
    "spoorwegovergang",
    "toren",
    "hoog",
    "verdieping",
    "water",
    "trein",
    "station",
    "snelweg",
    "a\\d+",
)
NOW = _w(
    "vanavond",
    "vannacht",
    "straks",
    "zo meteen",
    "nu meteen",
    "op dit moment",
    "om \\d+ uur",
    "vanmiddag",
    "vanochtend",
    "om twaalf uur",
    "vandaag nog",
    "ligt klaar",
    "liggen klaar",
    "klaar liggen",
    "ligt al klaar",
    "liggen al klaar",
    "hangt al",
    "geladen",
    "in mijn hand",
    "in zijn hand",
    "in haar hand",
    "alles geregeld",
    "heb een plan",
    "concreet plan",
    "laatste bericht",
    "vaarwel",
    "dit is het einde",
    "morgen ben ik er niet meer",
    "ik ga nu",
    "nu ga ik",
    "is het zover",
)
OTHER = _w(
    "hij", "zij", "ze", "ie", r"\w*vader", r"\w*moeder", "papa", "mama", r"\w*man", "vriend",
    "vriendin", "partner", "ex", r"\w*broer", r"\w*zus", "zoon", "dochter", "oom", "opa",
    r"schoon\w+", r"buur\w*", "jongen", "gast", "ouders", "familie", "collega", "baas",
)  # fmt: skip
VICTIM = _w(
    "me", "mij", "ons", "haar", "hem", "mijn moeder", "mijn zus", "mijn zusje", "mijn broertje",
    "de kinderen", "mijn kinderen", "het kind", "kinderen", "kind", "zusje", "broertje", "ze",
    "hen", "jochie", "kindje", "mijn dochter", "mijn zoon", "mij en", "moeder", "jou", "je",
)  # fmt: skip
HIT = _w(
    "slaat", "sloeg", "slaan", "geslagen", "sla", "schopt", "schopte", "geschopt", "schoppen",
    r"mishandel\w*", "wurgt", "wurgde", "gewurgd", "wurgen", "duwt", "duwde", "geduwd",
    "smijt", "smeet", "gesmeten", "steekt", "steken", "gestoken", "neergestoken", "stak",
    r"misbruik\w*", r"verkracht\w*", r"aangerand\w*", r"aanrand\w*", "bijt", "gebeten",
    "knijpt", "trapt", "getrapt", "stompt", "gestompt", "in elkaar", "afgeranseld",
    "kapotgeslagen", "kapot geslagen",
)  # fmt: skip
KILL = _w(
    r"vermoord\w*", "doden", "doodmaken", "dood maken", "dood te maken", "afmaken", "afmaakt",
    "afgemaakt", "kapot maken", "kapotmaken", "kapot te maken", "iets aan te doen", "iets aandoen",
    "iets aandoet", "in elkaar slaan", "te steken", "steken", "neersteken", "doodschieten",
    "halen", "pakken", "meenemen", "dood", "afpakken", r"te grazen (?:nemen|neemt|genomen)",
)  # fmt: skip
FEAR = _w(
    "bang",
    "angstig",
    r"angst\w*",
    "paniek",
    "doodsbang",
    "help",
    "gebarricadeerd",
    r"verschans\w*",
    "verstopt",
    r"durf\w*",
    "hamer",
    "gillen",
    "gilt",
    "schreeuwt",
    r"in paniek",
    "slaapt niet",
    "niet geslapen",
    "slaapt nauwelijks",
    "niet meer slapen",
    "wanhopig",
    r"vlucht\w*",
    r"verstop\w*",
    "mes onder",
    "bescherming",
    "niet geslapen",
    "nachten niet",
    "niet slaapt",
    "slaapt niet",
    "nauwelijks geslapen",
    "gebarricadeerd",
    "opgesloten",
    "ongerust",
    "zorgen",
    "slaap met een mes",
    "zo eng",
    "beschermen",
    "vlucht",
    r"onder (?:de|het|mijn) (?:tafel|bed|dekens?)",
)

# --- markers that change what a hit means ---------------------------------------------
# Explicit denial right before the signal ("geen suïcidale gedachten", "ontkent doodswens").
NEGATION_BEFORE = re.compile(
    r"\b(?:geen|niet|nooit|zonder|ontkent|ontkende|ontkend|niks|niets|noch|nergens)\b"
    r"(?: \w+){0,5} $"
)
# Denial after the signal in the same sentence ("... worden ontkend", "uitgevraagd: negatief").
NEGATION_AFTER = re.compile(
    r"^(?: \w+){0,12} (?<!niet )(?:ontken\w*|negatief|afwezig|uitgesloten|zich veilig"
    r"|geen signalen)\b"
    r"|^(?: \w+){0,3} (?:van niet|niet aanwezig|nooit aanwezig|niet aan de orde|niet van toepassing"
    r"|niet gerapporteerd|niet geuit|niet benoemd|niet genoemd|niet gemeld|is geen sprake"
    r"|was geen sprake)\b"
    r"|^(?: \w+){0,2} (?:werd|worden|zijn|is|was|waren)(?: er)?(?: ook)? niet\b"
    r"|^ (?:nee|neen|nvt)\b|^ (?:geen|niet)(?: aanwezig)?$"
    # inverted: "zelfmoordgedachten heb ik niet", "... had ze nooit"
    r"|^ (?:heb|had|hebben|hadden|hebt|heeft) (?:ik|ze|hij|zij|we|wij|je|u)(?: \w+)? (?:niet|nooit)"
    r"\b(?! (?:onder|in de hand|meer onder|goed onder)\b)"
    r"|^(?: \w+){0,15} (?:er zijn|er is|is er|zijn er) geen (?:\w*gedachten|doodswens\w*|plannen)\b"
)
# History: the segment is about the past ...
PAST = re.compile(
    r"\b(?:geleden|vroeger|destijds|(?<!\bom er )(?<!\bom )(?<!\bwil )ooit(?! (?:niet|als|wanneer"
    r"|eens|nog|weer|een eind))|jeugd|meegemaakt"
    r"|doorgemaakt|tienerjaren|puber|tiener|brugklas"
    r"|voorgeschiedenis|verleden|was er(?: \w+){0,2} (?:zorg|sprake) (?:over|van)"
    r"|back in the day|jaren terug|jaar terug|lang terug|tienertijd|vorig jaar|vorige jaar"
    r"|(?:twintiger|dertiger|veertiger|vijftiger|zestiger|tiener) ?jaren"
    r"|jaren (?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|\d0)"
    r"|vorige (?:winter|zomer|lente|herfst)|vorig (?:voorjaar|najaar)"
    r"|op (?:zijn|haar|mijn) (?:\d+(?:de|e|ste)|\w+(?:tiende|tigste))"
    r"|studententijd|studietijd|jonge jaren|puberteit|vorige relatie|vorig huwelijk"
    r"|toen (?:ik|mijn|zijn"
    r"|haar)(?: \w+)? (?:klein|jong) was"
    r"|als kind|als tiener|als puber|kindertijd|allang"
    r"|overlever\w*|overleefd|19\d\d|20[0-2]\d|dacht toen|had toen|was toen"
    r"|toen (?:ik|hij|zij|ze) (?:\w+ )?(?:jong|klein|kind|\d+|puber|tiener))\b|^(?:en )?toen\b"
)
# ... unless it also says the signal is back or present.
PRESENT = re.compile(
    r"\b(?:nu|weer|opnieuw|(?:zijn|is|komen|komt|kwamen|kwam) (?:\w+ )?terug|teruggekomen|terugval"
    r"|sinds|laatste|afgelopen|deze|gisteren|vandaag"
    r"|vanavond|vannacht|momenteel|steeds|toegenomen|nemen toe|sterker|recent|actueel|actuele"
    r"|(?:uur|uurtje|minuten|minuut|min|kwartier) geleden|teruggekeerd|sinds kort)\b"
)
# Someone else's completed suicide (bereaved) or death: reported, not a risk now.
COMPLETED = re.compile(
    r"\b(?:gepleegd|pleegde|pleegden|beroofd|beroofde|overleden|overleed|gestorven|stierf"
    r"|verloren|nabestaande\w*|verlies|sprong|opgehangen heeft|heeft zich opgehangen"
    r"|zich opgehangen|doodgeschoten|omgekomen|(?<!mijn )(?<!m n )(?<!eigen )begrafenis|rouw\w*"
    r"|zelfdoding van|suicide van"
    r"|zelfmoord van|na de zelfmoord|na de suicide|na de zelfdoding|door suicide"
    r"|heeft zich(?: \w+){0,3} opgehangen|verloor|door zelfmoord|door zelfdoding|(?:einde"
    r"|eind) aan (?:zijn|haar) leven (?:heeft )?gemaakt|genomen heeft|bewust heeft genomen"
    r"|(?:na|door) (?:de |een |zijn |haar )?(?:zelfmoord|zelfdoding|suicide)\w*|heeft opgehangen"
    r"|committed|killed (?:him|her)self|took (?:his|her) (?:own )?life|died (?:by|of) suicide"
    r"|maakte (?:\w+ ){0,3}er (?:zelf )?(?:een )?(?:eind|einde) aan"
    r"|(?:heeft|hebben|had) (?:er )?(?:\w+ ){0,3}(?:een )?(?:eind|einde) aan (?:\w+ ){0,2}gemaakt"
    r"|weduw\w*|sinds (?:de |zijn |haar )?(?:zelfmoord|zelfdoding|suicide)"
    r"|lost (?:my|a|our|his|her) (?:\w+ ){0,3}to suicide"
    r"|(?:stapte|stapten|is gestapt|zijn gestapt) (?:\w+ ){0,3}uit het leven|uit het leven gestapt"
    r"|(?:hebben we|we hebben|wij hebben|hebben wij) afscheid genomen van (?:onze|ons|mijn|m n))\b"
)
# Talking about the subject, not about oneself (a book, a school project, the news).
TOPIC = re.compile(
    r"\b(?:boek\w*|serie|film|documentaire|werkstuk|scriptie|artikel|podcast|nieuws"
    r"|gastles|voorlichting|onderwerp|presentatie|\w+preventie|lezing|interview\w*|roman"
    r"|krant|hoofdpersoon|personage|thriller|detective|verpleegkundige|seh|zorgverlener\w*"
    r"|vrijwilliger\w*|gesprekken over|uitgekeken|aflevering|docu\w*|npo|netflix|politieagent"
    r"|ambulance(?:dienst|medewerker|verpleegkundige|personeel)\w*|op de ambulance"
    r"|spoedeisende hulp|scholing"
    r"|signalering van|teamoverleg|groepsleiding|signalen van|criminologie|thema|bespreken"
    r"|hoe je iemand"
    r"|iemand vraagt|studie|spreekbeurt|aandacht voor|ter info|verschil tussen|alert|gekeken"
    r"|game|level|spel|karakter|nummer|liedje|lied|song|songtekst|opleiding|training"
    r"|rollenspel|acteur|casus|intervisie|project|bespreekbaar|meldcode|bijeenkomst|uitvraag"
    r"|sjabloon|\w*werkstuk\w*|voorlichting\w*|lessen\w*|lesmateriaal|\w+materiaal|leerlingen"
    r"|meer (?:weten|leren|informatie|info) over|informatie over|info over"
    r"|werkwijze|professionals|dierenarts|cursus\w*|journalist\w*|een stuk over|een avond over"
    r"|avond (?:\w+ )?organiseren|les (?:\w+ )?wijden|intervisie\w*|(?:leren )?vragen naar"
    r"|als (?:huisarts|arts|hulpverlener|docent|leraar|begeleider|therapeut|psycholoog|mentor)"
    r"|trainen|vorming|\w*vergadering|handreiking|factsheet|protocol|\w*scriptie|onderzoek\w*"
    r"|focusgroep|oefenscript|reclassering|themadag|leerkracht|hogeschool|hr manager"
    r"|\w*richtlijn\w*|actieplan\w*|klankbord\w*|toneel\w*|scene|voorstelling|betoog"
    r"|achtergrondstuk|predikant|pastor\w*|pastora\w*|vertaler|uitgever\w*|\w+roman"
    r"|workshop\w*|voor mijn werk|beleid\w*|een gesprek over|bronnen)\b"
)


@dataclass(frozen=True)
class Rule:
    """One way a crisis shows in words."""

    name: str
    kind: str
    pattern: re.Pattern[str]
    personal: bool = False  # survives a bereavement or topic context (first-person risk)


def _rule(name: str, kind: str, pattern: str, *, personal: bool = False) -> Rule:
    return Rule(name, kind, re.compile(rf"\b(?:{pattern})\b"), personal)


G1, G2, G3, G4, G6 = _g(1), _g(2), _g(3), _g(4), _g(6)

RULES: tuple[Rule, ...] = (
    # Suicidal thoughts, said with a term.
    _rule(
        "suicide_term",
        SUICIDE,
        r"(?!\w*(?:preventie|protocol|taxatie|actie|aanslag|terrorist|missie"
        r"|commando))(?:zelfmoord\w*|zelfdoding\w*|suicid\w*|suizid\w*|levensmoe\w*"
        r"|doodswens\w*|doodsgedacht\w*|zelfbeschadig\w*|automutil\w*|zelfverwond\w*"
        r"|suicidal|suicide)",
    ),
    # Wanting to die, in any order and with anything between ("ik wil echt heel graag dood").
    _rule("want_death", SUICIDE, rf"{WANT}{G4}{DEATH}|{DEATH}{G2}{WANT}", personal=True),
    _rule("better_dead", SUICIDE, rf"beter{G3}dood|dood{G2}beter", personal=True),
    _rule(
        "if_i_were_dead",
        SUICIDE,
        r"(?:als|dat) (?:ik|ze|hij|zij)(?: \w+){0,3} (?:dood|er niet meer|niet meer)"
        r" (?:was|ben|zou|zijn|waren|is|zijn)",
        personal=True,
    ),
    _rule(
        "think_of_death",
        SUICIDE,
        rf"aan de dood{G2}(?:denk\w*|dacht)|denk\w*{G2}aan de dood"
        rf"|denk\w*{G4}aan (?:\w+ )?(?:dood gaan|doodgaan|sterven|dood zijn)",
    ),
    _rule("must_die", SUICIDE, rf"(?:ik|ze|hij){G2}dood moet|moet{G2}dood", personal=True),
    # Ending one's life.
    _rule(
        "end_life",
        SUICIDE,
        rf"{END}{G4}(?:aan|achter){G3}{LIFE}|{LIFE}{G2}(?:beeindig\w*|beindig\w*|stoppen|nemen)"
        rf"|(?:beeindig\w*|beindig\w*) (?:\w+ ){{0,2}}(?:leven|bestaan)|(?:uit|van"
        rf"|om) het leven{G1}(?:stappen|stap|stapt|beroven|beroofd|brengen|te stappen"
        rf"|te beroven|te brengen|gebracht)|van kant{G1}(?:maken|maak|te maken)",
    ),
    _rule(
        "end_it",
        SUICIDE,
        rf"\ber{G4}{END} (?:aan|achter)(?! (?:de|het|die|dat|deze|dit|mijn|zijn|haar|onze|je"
        rf"|een)\b)"
        rf"(?!(?: \w+){{0,3}} met (?:de|het|zijn|haar|mijn|die|dat|deze|dit|een)\b)"
        rf"|(?:maak|maken|maakt|zet|zetten) (?:ik |ze |hij )?er{G3}{END} (?:aan|achter)\b"
        rf"(?!(?: \w+){{0,3}} met (?:de|het|zijn|haar|mijn|die|dat|deze|dit|een)\b)",
        personal=True,
    ),
    _rule(
        "klaar_with_life",
        SUICIDE,
        rf"(?:klaar|done){G3}(?:met{G1}|with{G1}){LIFE}|{LIFE}{G1}zat|{LIFE} moe|moe (?:van"
        rf"|met) (?:het|mijn) {LIFE}"
        rf"|einde in eigen hand|(?:haar|hem|mama|papa|(?:mijn|zijn|haar) \w+)(?: \w+)? achterna",
    ),
    # Not wanting to be here.
    _rule(
        "not_be_here",
        SUICIDE,
        rf"\b(?:er|hier){G2}niet meer(?: \w+)? (?:zijn|ben|was|wezen|te zijn|wil zijn|zou zijn"
        rf"|geweest"
        rf"|waren)"
        rf"|niet meer (?:\w+ )?(?:leven|wakker|door te leven|verder te leven|bestaan|besta|ademen)"
        rf"|(?:wil|kan|hoef|hoeft|wilt){G2}niet meer verder|nooit meer wakker"
        rf"|niet (?:meer )?wakker (?:te )?(?:worden|word|werd|wordt)"
        rf"|stop(?:pen)? met bestaan|nooit{G1}(?:bestaan|geboren)|had ik maar nooit"
        rf"|(?:ben|is|zijn|zal|zou) (?:ik|ze|hij|zij) (?:er|hier)(?: \w+){{0,2}} niet meer$"
        rf"|of (?:ik|ze|hij|zij) (?:er|hier)(?: \w+){{0,4}} nog (?:ben|is|zal zijn|leef|leeft"
        rf"|besta)"
        rf"|(?:^|\b(?:ik|ze|hij|zij) )(?:ben|is) (?:er|hier) (?:(?:dan|toch|straks|binnenkort"
        rf"|immers"
        rf"|tegen die tijd|volgende \w+) ){{1,3}}niet meer(?: \w+)?$"
        rf"|waarom (?:zou|moet|zal) (?:ik|ze|hij|zij) (?:hier |er )?(?:eigenlijk )?nog(?: langer)?"
        rf" (?:blijven|leven|bestaan|doorgaan|ademen|verder (?:gaan|leven))$"
        rf"|waarom (?:ben|is) (?:ik|ze|hij|zij) er(?: \w+)? nog$|waarom (?:leef"
        rf"|besta) ik(?: \w+)? nog"
        rf"|(?:nut|zin|reden|waarom)(?: \w+){{0,8}}? nog(?: \w+){{0,3}} wakker (?:te )?(?:worden"
        rf"|word|wordt)"
        rf"|(?:zo|dit|op deze manier)(?: \w+){{0,3}} (?:wil|kan"
        rf"|wilt)(?: \w+){{0,2}} niet (?:meer )?verder$"
        rf"|niet (?:meer )?verder(?: wil| kan| wilt| te)? leven",
        personal=True,
    ),
    _rule(
        "no_point",
        SUICIDE,
        rf"(?:geen|weinig|welke)(?: enkele)? (?:zin|nut|reden|waarde){G4}(?:{LIFE}|door te leven"
        rf"|verder te leven"
        rf"|leven)|nut{G3}(?:door te leven|leven)|{LIFE}{G3}geen (?:zin|nut)|zin{G3}het leven",
        personal=True,
    ),
    _rule(
        "hopeless",
        SUICIDE,
        r"zie\w*(?: \w+){0,3} het(?: \w+){0,2} niet (?:meer )?zitten(?! (?:met|om|voor|in)\b)"
        r"|het niet (?:meer )?zie\w* zitten|trek het(?: \w+){0,2} niet meer"
        r"|geen uitweg|enige uitweg|andere uitweg|uitweg meer|geen morgen (?:meer )?voor (?:mij|me)"
        r"|(?:wil|wilt|hoop|wou|wens|hoopte)(?: \w+){0,3} dat (?:het|alles)(?: \w+){0,2}"
        r" (?:ophoudt|stopt|stopte|ophield|voorbij is|voorbij was|over is|afgelopen is)"
        r"|(?:lichaam|hart)(?: \w+){0,3} (?:ermee|er mee) (?:ophoudt|stopt)|stopt met kloppen"
        r"|hoop\w*(?: \w+){0,6} (?:lichaam|hart)(?: \w+){0,4} (?:ophoudt|stopt|opgeeft)"
        r"|opgeven(?: \w+){0,3} voorgoed|voorgoed(?: \w+){0,3} (?:slapen|weg|rust|stoppen)"
        r"|eeuwige slaap|voor altijd (?:slapen|weg)|bang (?:voor|van) (?:mezelf|mijzelf)"
        r"|(?:dood|sterven|doodgaan)(?: \w+){0,4} (?:als )?(?:uitweg|oplossing|verlossing|uitkomst)"
        r"|(?:uitweg|oplossing|verlossing)(?: \w+){0,4} (?:dood|sterven|doodgaan)\b"
        r"|(?:trek|trekt|trekken)(?: \w+){0,3} (?:het )?niet (?:lang )?meer|het niet (?:lang )?meer"
        r" (?:gaat |ga |zal )?(?:trekken|trek)"
        r"|niet meer willen leven|(?:weg|eruit|stoppen|stappen)(?: \w+)? (?:uit|met) (?:dit|het"
        r"|mijn) leven|niemand(?: \w+){0,3} (?:tegenhouden|tegenhoudt|houdt me tegen)",
        personal=True,
    ),
    _rule(
        "burden",
        SUICIDE,
        rf"beter af{G3}zonder (?:mij|me|haar|hem)|van (?:me|mij) af\b"
        rf"|niemand{G3}(?:missen|mist|merken|merkt)|niet (?:meer )?gemist"
        rf"|zonder (?:mij|me){G3}beter af|(?:kinderen|we|wij|ons|jullie|iedereen|baby|gezin"
        rf"|familie)"
        rf"(?: \w+){{0,2}} zonder (?:mij|me|haar|hem)(?: \w+){{0,2}} beter af"
        rf"|(?:ik|hij|zij|ze)(?: \w+){{0,3}} (?:een|tot) last (?:ben|is|zijn|voor|van)\b"
        rf"|(?:ben|is) (?:ik|hij|zij|ze)(?: \w+){{0,2}} (?:een|tot) last\b"
        rf"|(?:ben|is|zijn|zou) (?:ik |ze |hij |zij )?(?:\w+ )?beter (?:weg|af) (?:zijn|dood)?"
        rf"|(?:ik|ze|hij|zij) (?:ben|is|zijn) beter weg"
        rf"|(?:straks|binnenkort|snel|nooit)(?: \w+){{0,5}} geen (?:zorgen|last) meer(?: \w+)?"
        rf" (?:om|over|van|aan) (?:mij|me|hem|haar)",
        personal=True,
    ),
    # Harming oneself.
    _rule(
        "self_harm",
        SUICIDE,
        rf"{REFL}{G3}{HARM}|{HARM}{G1}{SELF}|{REFL}(?: \w+){{0,3}} van kant"
        rf"|(?:sla|slaat|slaan|bonk\w*|beuk\w*){G2}(?:hoofd|kop) tegen"
        rf"|(?:sla|slaat|sloeg|slaan) (?:me|zich)(?: \w+){{0,4}} (?:met (?:mijn|zijn|haar) vuist\w*"
        rf"|tegen (?:de|een) muur|tegen (?:mijn|zijn|haar) hoofd)",
        personal=True,
    ),
    _rule(
        "harm_act",
        SUICIDE,
        rf"(?:kras\w*|gekrast|kerf\w*|kerv\w*|gesneden|snijden|snij|snijd|snijdt|sneed|brandt"
        rf"|brand){G4}(?:{BODY}|weer|opnieuw|nog steeds|elke (?:avond|dag|nacht|week)|vaker)"
        rf"|{BODY}{G4}(?:kras\w*|gekrast|kerf\w*|kerv\w*"
        rf"|gesneden|snij\w*|sneed|doorgesneden|opengesneden)"
        rf"|(?:begonnen|gestopt|stoppen|clean|terugval){G3}(?:snijden|krassen|kerven)"
        rf"|(?:snijden|krassen|kerven){G3}(?:begonnen|gestopt|weer|terugval)"
        rf"|nooit meer (?:te )?(?:snijden|krassen)|nieuwe (?:wonden|sneden|krassen)"
        rf"|(?:weer|opnieuw|nog steeds|al jaren)(?: \w+)? (?:gekrast|gesneden|kras\w*|snij\w*"
        rf"|gebrand)"
        rf"|(?:krassen|snijden|branden|kras|snij)(?: \w+){{0,2}} (?:helpt|geeft rust|lucht op"
        rf"|erger)|(?:kras\w*|snij\w*|sneed) (?:al|nog steeds|steeds) (?:jaren|maanden|weken|vaker)"
        rf"|met opzet(?: \w+){{0,3}} (?:brand\w*|snij\w*|kras\w*|verwond\w*|sla\w*|bezeer\w*)"
        rf"|(?:brand\w*|snij\w*|kras\w*)(?: \w+){{0,6}} (?:spanning|voelen)"
        rf"|(?:doe|doet|deed|gedaan) (?:mezelf|mijzelf|zichzelf|me|zich)"
        rf"(?: (?!(?:geen|niet|nooit|niks|niets)\b)\w+){{0,2}} pijn"
        rf"|(?:verse|nieuwe|diepe|open) (?:sneden|snijwonden|wonden|krassen|brandwonden)"
        rf"|(?:aansteker|sigaret|peuk){G4}(?:brand\w*|gebrand)|(?:brand\w*|gebrand){G4}aansteker"
        rf"|(?:brand\w*|gebrand|snij\w*|kras\w*|sla\w*|bijt\w*){G4}(?:spanning|om iets te voelen"
        rf"|om nog iets te voelen)",
        personal=True,
    ),
    # Methods, planning and goodbyes.
    _rule(
        "method",
        SUICIDE,
        rf"(?:voor|onder) (?:de|een) (?:trein|auto|bus|vrachtwagen|tram){G2}"
        rf"(?:springen|spring|springt|gooien|gooi|lopen|liep|werpen|te springen|te gooien|gaat|ga"
        rf"|gaan)"
        rf"|(?:springen|spring|gooien|gooi|werpen|lopen|liep){G2}(?:voor|onder) (?:de|een) "
        rf"(?:trein|auto|bus|vrachtwagen|tram)"
        rf"|(?:balkon|dak|flat|\w*brug|reling|raam|vensterbank"
        rf"|rand)(?: \w+){{0,3}} (?:af te stappen"
        rf"|afstappen|af stappen|af stap)"
        rf"|{HEIGHT}{G4}(?:springen|spring|springt|te springen|af te springen|afspringen"
        rf"|naar beneden)"
        rf"|ophanging|verhanging|verdrinking|verstikking|zelfverbranding"
        rf"|(?:springen|spring|te springen){G4}(?:van|vanaf|uit|af){G2}{HEIGHT}"
        rf"|(?:ga|gaat|wil|wilt|gaan|om)(?: \w+){{0,3}} (?:springen|te springen)"
        rf"|{MEANS}{G3}(?:sparen|opsparen|op te sparen|gespaard|opgespaard|verzamel\w*"
        rf"|verzameld|bewaren|bewaard)"
        rf"|hoeveel{G6}(?:dodelijk|dood)|manieren{G3}(?:om|te){G4}(?:dood|sterven|{LIFE}|einde|eind"
        rf"|stappen|doen|te plegen)|hoe (?:ik|je|hij|ze|zij){G3}(?:het zou doen|het doe"
        rf"|het snelst|het moet doen)|hoe lang het duurt{G3}dood|hoe ik het zou doen"
        rf"|(?:me|mij|mezelf|zich|zichzelf) (?:ophangen|verhangen|doodschieten)|schiet{G2}dood"
        rf"|(?:hang|hangt|hing) (?:me|mij|mezelf|zich|zichzelf)(?: \w+){{0,3}} op\b"
        rf"|(?:opgespaard\w*|gespaard\w*|verzamel\w*|gehamsterd\w*|hamster\w*|voorraad|spaar\w*)"
        rf"{G6}{MEANS}|{MEANS}(?: \w+)? (?:opspaart|spaart|opsparen)|(?:zoek|zoekt|opgezocht"
        rf"|opzoeken|gegoogled|googel\w*|gezocht)(?: \w+){{0,6}}"
        rf" (?:hoe|hoeveel|manieren|welke)(?: \w+){{0,6}} (?:doen|dood|dodelijk|pillen"
        rf"|ophangen)"
        rf"|(?:nagedacht|nadenken|denk\w*|dacht|overweeg\w*|fantaseer\w*)(?: \w+){{0,3}} (?:over"
        rf"|aan)"
        rf"(?: \w+){{0,2}} (?:ophangen|ophanging|springen|verdrinken|de trein|het spoor)"
        rf"|touw(?: \w+){{0,3}} gekocht|gekocht(?: \w+){{0,2}} touw"
        rf"|pijnloos(?: \w+){{0,2}} (?:doen|dood|sterven|gaan)|hoe (?:je|ik) het pijnloos"
        rf"|(?:googl\w*|google\w*)(?: \w+){{0,6}} (?:hoe|hoeveel|manieren)"
        rf"|hoeveel (?:\w+ ){{0,2}}{MEANS}"
        rf"(?: \w+){{0,3}} (?:nodig|dodelijk)|(?:trein"
        rf"|spoor)(?: \w+){{0,8}} voor (?:\w+ ){{0,2}}(?:gaan )?staan"
        rf"|voor de trein (?:gaan )?staan"
        rf"|(?:denk\w*|dacht) (?:\w+ ){{0,2}}aan (?:de|een|het) (?:trein|spoor|brug|touw|pillen)"
        rf"|aan (?:de|een|het) (?:trein|spoor|touw) (?:denk\w*|dacht)",
        personal=True,
    ),
    _rule(
        "goodbye",
        SUICIDE,
        r"afscheid\w*|vaarwel|laatste bericht|sorry voor alles|spullen weggegeven"
        r"|(?:alles|het) (?:al )?geregeld voor als|heeft al zijn spullen|geeft spullen weg"
        r"|(?:weten|weet|beseft|beseffen|merkt|merken)(?: \w+){0,2} niet dat (?:het|dit) (?:de )?"
        r"(?:laatste|allerlaatste)"
        r"|brief\w*(?: \w+){0,3} (?:geschreven|klaar)(?: \w+){0,2} voor (?:als|wanneer|na|straks)",
        personal=True,
    ),
    _rule(
        "plan_chosen",
        SUICIDE,
        r"(?:datum|dag|plek|plekje|plaats|manier|tijdstip|moment|methode)(?: \w+)?"
        r" (?:al )?(?:geprikt|gekozen|uitgekozen|uitgezocht|bepaald|vastgesteld|vastgelegd)$",
        personal=True,
    ),
    _rule(
        "attempt",
        SUICIDE,
        rf"(?:een|mijn|zijn|haar|nieuwe) poging|poging{G2}(?:gedaan|doen|gedaan)|geprobeerd{G2}"
        rf"(?:dood|{LIFE})|(?:het|dat){G2}al (?:een keer|eens) geprobeerd",
    ),
    _rule(
        "thoughts_back",
        SUICIDE,
        r"(?:gedachten|gedachte|drang|neiging)(?: \w+){0,4}"
        r" (?:terug|teruggekomen|weer|toegenomen|nemen toe|sterker|komen terug|niet weg|niet uit)"
        r"|(?:weer|opnieuw|steeds)(?: \w+){0,3} (?:gedachten|drang) (?:aan|om)",
        personal=True,
    ),
    _rule(
        "euphemism",
        SUICIDE,
        rf"{WANT}{G3}(?:verdwijnen|weg van deze wereld|gaan slapen voor altijd|inslapen)"
        rf"|(?:laat|laten) (?:mij|me) (?:maar )?gaan|onder de grond|naar de overkant|eindstreep"
        rf"|(?:ophouden|stoppen|stop|ophoudt) met (?:ademen|leven|bestaan)|moe (?:van"
        rf"|om te) bestaan"
        rf"|geen (?:enkele )?reden{G2}(?:om|meer){G3}(?:door te gaan|verder te gaan|te leven)"
        rf"|niet ouder (?:worden|word) dan|rust (?:gaan |gaat )?nemen{G2}voorgoed"
        rf"|met (?:het |mijn )?leven bedoel ik|bedoel ik (?:met )?(?:het |mijn )?leven"
        rf"|(?:enige|enigste)(?: \w+){{0,2}} (?:wat|die|dat) (?:me|mij) (?:nog )?tegenhoudt"
        rf"|(?:leven|het)(?: \w+){{0,3}} (?:wel )?genoeg (?:vind|vindt)"
        rf"|(?:er )?tussenuit (?:\w+ )?stap\w*|(?:er ?tussen ?uit|ertussenuit) (?:te )?piep\w*"
        rf"|(?:manier|voorgoed|definitief)(?: \w+){{0,4}} (?:er tussenuit|er tussen uit"
        rf"|ertussenuit)"
        rf"|(?:ermee|er mee)(?: \w+){{0,2}} (?:op te houden|ophouden|stoppen|te stoppen) met"
        rf" (?:leven|het leven|mijn leven)\b"
        rf"|stap\w* (?:ik |hij |ze |zij )?(?:eruit|er uit|ertussenuit)|het niet meer trek"
        rf"|niet meer trekt"
        rf"|niemand hoeft (?:me|mij)(?: \w+)? (?:te )?zoeken|(?:denk"
        rf"|geloof) niet dat ik (?:de ochtend"
        rf"|morgen|de nacht|het weekend|maandag) (?:haal|red|meemaak)"
        rf"|(?:dan|en) is het(?: \w+)? (?:klaar|over|voorbij|opgelost|gedaan)"
        rf"|als het maar voorbij is|het is (?:mooi geweest|tijd|goed zo)|ik heb besloten"
        rf"|(?:een|1|nog een|nog 1|een enkele) stap(?: \w+){{0,2}} (?:opzij|naar voren|verder|en"
        rf"|zet|zetten|doe)"
        rf"|is het (?:\w+ )?(?:klaar|over|voorbij|afgelopen|gedaan)$|dit het was|dit is het einde"
        rf"|(?:eruit|er uit) stap\w*|ervanaf stap\w*|(?:weet|bedacht){G3}hoe ik{G3}(?:eruit|het)"
        rf"|snel(?: \w+)? (?:word|wordt) opgeroepen|wil(?:de)? (?:gaan|heen) naar (?:opa|oma|mijn)",
        personal=True,
    ),
    _rule(
        "self_harm_act",
        SUICIDE,
        rf"nagels{G3}(?:handpalm\w*|huid|arm\w*)|haren uit|strijkijzer{G3}(?:tegen|op)"
        rf"|sneetjes|snee(?:tjes)? (?:gemaakt|in)|(?:aansteker|sigaret){G4}(?:{BODY}|huid"
        rf"|verwond\w*|gebrand)"
        rf"|tot bloedens toe|straf{G3}voor (?:hoe|wie) ik|(?:pillen|medicatie|medicijnen|insuline)"
        rf"{G3}niet meer (?:hoeven|hoeft|nodig|innemen)"
        rf"|hoofd tegen de muur|eten niet verdien\w*|verdien{G2}(?:eten|het niet)"
        rf"|straf(?:fen)? (?:voor|mezelf|mijzelf|zichzelf)|insuline{G4}(?:staan|overslaan|niet)"
        rf"|(?:mezelf|mijzelf|zichzelf) (?:uithongeren|straffen|verwonden)|uithonger\w*",
        personal=True,
    ),
    _rule(
        "lethal_means",
        ACUTE,
        rf"(?:gas|gaskraan|kraan){G3}open\w*|open\w*{G2}(?:gas|gaskraan)|slang{G4}uitlaat"
        rf"|(?:fohn|foehn|fohn){G4}bad|bad{G4}fohn|strop|riem om{G2}nek|touw om{G2}nek"
        rf"|(?:mes|schaar){G6}(?:op|tegen) (?:\w+ ){{0,2}}(?:keel|pols\w*|hals)"
        rf"|stenen in{G3}\w*zakken|\w*zakken{G3}stenen|jachtgeweer|(?:stuur|auto){G3}(?:omgooi\w*"
        rf"|om gooi\w*)"
        rf"|stuur om|tegen (?:een|de) (?:boom|pijler|muur|vrachtwagen)(?: \w+){{0,2}} (?:rij|rijd"
        rf"|rijden|te rijden|aanrijden|aan te rijden|knallen|crashen)"
        rf"|(?:rij|rijd|rijden|ga){G4}(?:tegen|in) (?:een|de) (?:boom|pijler|kanaal|rivier|water)"
        rf"|\w*pijler|(?:ingenomen|inname)(?: \w+){{0,3}} (?:grote )?hoeveelheid"
        rf"|(?:grote )?hoeveelheid"
        rf"(?: \w+){{0,3}} (?:medicatie|pillen|tabletten|\w+pillen){G3}(?:ingenomen|genomen|op"
        rf"|inname)"
        rf"|(?:al|alle) (?:mijn )?(?:\w*pillen|medicatie|medicijnen)(?: \w+)? (?:op|opgenomen)\b"
        rf"|handvol{G3}(?:pillen|tabletten|medicatie|\w+)|(?:strips?|doosje|potje) \w+ op\b"
        rf"|niet meer bovenkomen|onder water{G3}(?:blijven|rijden|gaan)|(?:kanaal|rivier|water){G3}"
        rf"(?:in (?:rijden|springen|lopen)|inrijden|inlopen|erin)|erin (?:rijden|springen|lopen)"
        rf"|(?:loop|lopen|zwem|zwemmen)(?: \w+){{0,3}} door tot (?:ik|ze|hij) (?:\w+ )?niet meer"
        rf" (?:sta|staat|kan|bovenkom|boven kom|adem)",
        personal=True,
    ),
    _rule(
        "farewell",
        SUICIDE,
        r"(?:dag|gedag) (?:te )?zeggen|jullie waren (?:lief|fijn|goed)|zaakjes op orde|testament"
        r"|(?:zaakjes|zaken)(?: \w+)? op orde (?:heeft|heb|gebracht|gemaakt|gezet)"
        r"|wachtwoorden|abonnementen opgezegd|planten weggegeven|(?:hond|kat|poes|huisdier)"
        r"(?: \w+){0,4} (?:bij|naar) (?:mijn|haar|zijn|de) \w+ (?:gebracht|gedaan)"
        r"|huis leeggeruimd",
        personal=True,
    ),
    _rule(
        "quiet_goodbye",
        SUICIDE,
        r"(?:weggegeven|weg gegeven)|(?:kat|hond|poes)(?: \w+){0,3} (?:gaat|gaan|mag) naar (?:mijn"
        r"|haar|zijn)"
        r"|het is (?:wel |nu )?mooi geweest|bedankt voor alles|gekend te hebben"
        r"|(?:het|leven|bestaan) hoeft (?:voor (?:mij|hem|haar) )?niet meer"
        r"|voor (?:mij|hem|haar) niet meer hoeft|dat (?:ik|ze|zij|hij) niet meer hoeft$"
        r"|(?:hoef|hoeft|heb|hebben|heeft)(?: \w+){0,3} niet (?:meer )?zo nodig(?: meer)?$"
        r"|niet (?:meer )?zo nodig(?: meer)? (?:te )?(?:hebben|hoeven)"
        r"|(?:al|alle) (?:zijn|haar|mijn) (?:spullen|bezittingen|\w+) weggegeven\b"
        # Money goes "weg" by gambling or spending: not a goodbye ("ik gok al mijn geld weg").
        r"|(?:al|alle) (?:zijn|haar|mijn) (?!geld\b|centen\b|\w*geld\b|salaris\b|loon\b)\w+ weg\b"
        r"|(?:spullen|bezittingen|sieraden|gitaar|platen|postzegels|gereedschap|verzameling"
        r"|playstation)(?: \w+){0,6} (?:weggegeven|weg gegeven|weg|weggeeft|weg te geven)\b"
        r"|(?:mijn|m n) (?:spullen|bezittingen|sieraden|boeken|kleren|platen)"
        r" (?:\w+ ){0,2}(?:verdeeld|uitgedeeld)\b"
        r"|(?:straks|later) meer aan dan (?:ik|hij|zij)"
        r"|zeg\w*(?: \w+){0,3} tegen(?: \w+){1,3} dat(?: \w+){0,4} (?:schuld|hou van|spijt)"
        r"|(?:vanavond|vannacht|morgen|vandaag) is het zover|is het (?:vanavond|vannacht) zover"
        r"|(?:vannacht|vanavond) gaat gebeuren|niet gered (?:worden|wil)|wil niet gered"
        r"|(?:ge)?slap\w*(?: \w+){0,2} voor altijd|voor altijd (?:\w+ )?(?:slapen|doorslapen)"
        r"|denk\w*(?: \w+){0,2} dood zijn|hoop\w*(?: \w+){0,4} (?:een )?ongeluk (?:krijg|krijgt"
        r"|overkomt)",
        personal=True,
    ),
    _rule(
        "english",
        SUICIDE,
        r"kill (?:my ?self|me)|want(?:ed)? to die|end(?:ing)? (?:it all|my life)|don t want to"
        r" (?:live|be here)|suicidal|self harm|cutting myself|(?:done|finished) with (?:life"
        r"|living)",
        personal=True,
    ),
    # Acts of farewell: who gets what, letters or music for afterwards, pets rehomed.
    _rule(
        "farewell_acts",
        SUICIDE,
        r"wie wat (?:krijgt|krijg|mag hebben|erft)|wie (?:\w+ ){0,2}(?:mijn|m n) \w+ (?:krijgt"
        r"|erft)"
        r"|(?:afspeellijst|playlist|muziek|liedjes|nummers|rouwkaart\w*|grafsteen|tekst)"
        r"(?: \w+){0,3} (?:voor|van|op) (?:mijn|m n) (?:eigen )?(?:begrafenis|uitvaart|crematie)"
        r"|(?:katten|honden|poezen|huisdieren|konijnen|vissen)(?: \w+){0,4} (?:bij|naar)"
        r" (?:mijn|haar|zijn|de) \w+ (?:gebracht|gedaan)"
        r"|jullie (?:\w+ )?(?:lief|fijn|goed|geweldig) (?:waren|zijn geweest)"
        r"|brie\w*(?: \w+){0,4} voor (?:later|als ik er niet meer ben|na mijn dood)$"
        r"|(?:straks|dan|binnenkort) toch niet meer nodig",
        personal=True,
    ),
    # Leaving told as a game, in slang or as a euphemism: logging off for good, no respawn.
    _rule(
        "slang_exit",
        SUICIDE,
        r"(?:(?:uitlog\w*|uitgelogd|log\w* (?:uit|off)|logging off|afmelden)(?: \w+){0,3} (?:irl"
        r"|in real life|for good|forever|permanent\w*|voorgoed|definitief)"
        r"|(?:irl|permanent\w*|voorgoed|for good|definitief)(?: \w+){0,2} (?:uitlog\w*"
        r"|log\w* (?:uit|off)))(?! (?:bij|van|op|uit)\b)"
        r"|(?:uitlog\w*|uitgelogd|log\w* uit)(?: \w+){0,3} (?:van|uit) (?:het|dit|mijn) leven"
        r"|(?:stap|stappen|stapt)(?: \w+){0,2} uit (?:de \w+ van )?(?:het|dit|mijn) leven"
        r"|(?:mezelf|mijzelf|myself|zichzelf) (?:\w+ )?(?:delete\w*|uitloggen|uitzetten|wissen"
        r"|uninstall\w*)"
        r"|(?:geen|no|zonder) respawn"
        r"|game over (?:voor|for) (?:mij|me|mezelf)(?! (?:in|op|bij|met) (?:dit|de|het|deze)\b)"
        r"|(?:leven|life|irl)(?: \w+){0,6} (?:rage ?quit\w*|quitten|uitzetten)"
        r"|rage ?quit\w*(?: \w+){0,3} (?:leven|life|irl)"
        r"|weg van (?:deze|de|die) (?:wereld|aarde|planeet)"
        r"|(?:^|\b(?:en|om|gewoon|slapen|weg|verdwijnen|wil)) (?:niet|nooit) meer (?:terugkomen"
        r"|terug te komen|terugkeren|terug te keren|terug komen)$"
        r"|(?:god|heer|allah|jezus)(?: \w+){0,2} (?:me|mij) (?:\w+ ){0,2}(?:tot|bij) (?:zich|hem)"
        r" (?:neemt|roept|haalt)"
        r"|(?:bid|bidt|hoop|wens|wacht)\w*(?: \w+){0,4} (?:god|heer|de dood|allah|jezus)"
        r"(?: \w+){0,2} (?:me|mij) (?:\w+ )?(?:komt|mag|zal|komen) (?:\w+ )?halen"
        r"|(?:niet|geen)(?: \w+){0,4} nog een (?:winter|zomer|kerst|verjaardag"
        r"|jaar) (?:mee te maken"
        r"|meemaken|meemaak|te halen|halen)(?! (?:met|bij|in|zonder)\b)",
        personal=True,
    ),
    # Hoping to be struck: "ik hoop dat die bus me een keer schept" (denied inside: see lexical).
    _rule(
        "wish_struck",
        SUICIDE,
        r"(?:hoop|wens|bid)\w*(?: \w+){0,4} (?:auto|vrachtwagen|trein|bus|tram|bliksem|kogel)"
        r"(?: \w+){0,3} (?:me|mij) (?:\w+ ){0,3}(?:raakt|aanrijdt|overrijdt|schept|doodrijdt|treft)"
        r"|(?:hoop|wens|bid)\w*(?: \w+){0,4} (?:aangereden|overreden|geschept) (?:word|wordt"
        r"|worden)",
        personal=True,
    ),
    # Self-harm told without a harm verb: "zelf toegebracht", deserving pain.
    _rule(
        "self_inflicted",
        SUICIDE,
        r"zelf (?:\w+ )?toegebracht|zelftoegebracht|zelf (?:aangebracht|veroorzaakt)e? (?:wond\w*"
        r"|brandwond\w*|snee\w*|letsel)"
        r"|(?:\bik (?:\w+ )?verdien\w*|verdien ik)(?: \w+){0,3} (?:pijn|straf|te lijden|te bloeden"
        r"|littekens)",
        personal=True,
    ),
    # Looking up how: how much is needed, how it goes without pain, how high is high enough.
    _rule(
        "method_research",
        SUICIDE,
        rf"{LOOKED_UP}(?: \w+){{0,4}} (?:hoeveel|hoe|welke|wat)(?: \w+){{0,6}} (?:zonder pijn"
        rf"|pijnloos|dodelijk|fataal|niet (?:te )?overleven|het snelst)"
        rf"|{LOOKED_UP} hoeveel(?: \w+){{0,4}} {MEANS}(?: \w+){{0,3}} nodig"
        rf"|hoeveel (?:je |ik )?nodig (?:hebt|heb|is) van(?: \w+){{0,2}} {MEANS}"
        rf"|hoe (?:het|je|ik)(?: \w+){{0,3}} (?:zonder pijn|pijnloos) (?:kan|gaat|doet|dood)"
        rf"|(?:hoe hoog|hoeveel meter|hoe diep)(?: \w+){{0,6}} (?:niet (?:te )?overleven"
        rf"|dood (?:bent|te zijn)|om dood)|om (?:het )?niet te overleven",
        personal=True,
    ),
    # Rehearsing: a belt tried on, standing at the rails "to see what it would be like".
    _rule(
        "rehearsal",
        SUICIDE,
        r"oefen\w*(?: \w+){0,5} (?:met )?(?:de |een |mijn |m n )?(?:\w*ceintuur|\w*riem|\w*touw"
        r"|strop|koord|sjaal|kabel)"
        r"|(?:kijken|voelen|proberen) hoe (?:het|dat) (?:zou )?(?:is|zijn|voelt|zou voelen)"
        r"(?: \w+){0,3}"
        r" (?:springen|te springen|te hangen|ophangen)"
        r"|stuurbeweging|(?:tegen|op) een (?:boom|vrachtwagen|tegenligger|pijler|muur)"
        r"(?: \w+){0,2} (?:rijden|rij|rijd|aan rijden|knallen|te rijden|crashen|inrijden)"
        r"|stuur (?:om te )?(?:omgooien|omgooi|omgooit)"
        r"|beter (?:\w+ ){0,3}onder (?:de|een) (?:trein|bus|tram|auto|vrachtwagen) (?:kan |kon )?"
        r"(?:liggen|lig|springen|spring|lopen|stappen)",
        personal=True,
    ),
    # Going for good, not wanting to go on, and the farewell lines that say it.
    _rule(
        "for_good",
        SUICIDE,
        r"^(?:ik )?wil (?:echt |gewoon |het )?niet meer(?: punt)?$"
        r"|weet (?:dan )?dat het niet aan (?:jullie|jou|u) lag"
        r"|zodat niemand (?:\w+ ){0,2}na mij|rond (?:het|alles) (?:\w+ )?zelf af"
        r"|zelf (?:af te ronden|afronden)$"
        r"|snijd ik(?: \w+){0,3} (?:tot|totdat) (?:ik|het)"
        r"|(?:snijd|kras|brand) ik (?:\w+ )?(?:mezelf|mijzelf|in mijn|in m n)",
        personal=True,
    ),
    # Acute danger to one's own life now.
    _rule(
        "means_taken",
        ACUTE,
        rf"{MEANS}{G6}{TAKEN}|{TAKEN}{G4}{MEANS}|overdosis{G4}(?:{TAKEN}|genomen|gespoten)"
        rf"|(?:alle|hele|veertig|\d+|alles){G3}{MEANS}{G4}(?:op|genomen|geslikt|ingenomen)"
        rf"|(?:alle|alles|allemaal){G3}(?:ingenomen|geslikt|opgedronken)|overdosis"
        rf"|(?:ga|gaan|gaat) (?:ze|alles|die|deze|ze allemaal)(?: \w+){{0,2}} (?:innemen|slikken"
        rf"|nemen)"
        rf"|neem (?:ik )?(?:ze|alles|alle \w+)(?: \w+){{0,2}} in\b"
        rf"|(?:allemaal|in een keer|in 1 keer)(?: \w+)? (?:neem|neemt|nemen|inneemt|innemen|inneem"
        rf"|slik\w*)"
        rf"|{MEANS}{G6}(?:liggen|ligt) (?:klaar|voor me|voor mij)"
        rf"|(?:lege|leeg|leeggemaakte) (?:\w+ )?(?:\w*pil\w*|tablet\w*|strip\w*|doosjes|potjes"
        rf"|\w*medicijn\w*|\w*medicatie\w*)|(?:te veel|teveel)(?: \w+){{0,3}} (?:ingenomen"
        rf"|geslikt)",
        personal=True,
    ),
    _rule(
        "english_acute",
        ACUTE,
        r"(?:took|taken|swallowed|ate|popped)(?: (?:like|about|around|all|a bunch of|too many"
        r"|\d+))+(?: (?:my|of|the|of my))? (?:pills|tablets|meds|painkillers|sleeping pills)"
        r"|overdosed|(?:just )?took (?:everything|all of them|them all|it all)",
        personal=True,
    ),
    _rule(
        "bleeding",
        ACUTE,
        rf"bloed\w*{G4}(?:stopt niet|blijft|houdt niet op|overal|onder de deur|niet op|komen)"
        rf"|(?:bloedende|bloedt|bloeden){G4}(?:{BODY}|snijwond\w*|wond\w*)"
        rf"|(?:te diep|diep){G2}(?:gesneden|gesnden|snij\w*)|{BODY}{G3}(?:open|doorgesneden)"
        rf"|bloed(?: \w+){{0,3}} (?:loopt|gutst|spuit)"
        rf"|(?:bad|badwater|badkuip){G4}(?:rood|bloed\w*)"
        rf"|doorgesneden|opengesneden|snijwonden|houdt niet op met bloeden"
        rf"|{BODY}{G4}(?:bloedt|bloeden|bloedde)\b|blijft(?: \w+){{0,2}} bloeden"
        rf"|bloed\w*(?: \w+){{0,2}} door(?: \w+){{0,3}} (?:handdoek\w*|verband|heen)"
        rf"|bloed\w*(?: \w+){{0,3}} niet (?:meer )?(?:stoppen|stelpen|gestopt|gestelpt|dicht"
        rf"|te stoppen|te stelpen)|(?:stopt|stoppen|stelpen)(?: \w+){{0,2}} bloed\w* niet",
        personal=True,
    ),
    _rule(
        "at_the_edge",
        ACUTE,
        rf"(?:sta|staat|zit|zitten|ben|lig|klim\w*|geklommen|rij|rijd|loop|onderweg|bevind\w*|"
        rf"stond|zat|te bevinden){G4}(?:op|bij|naast|over|boven|naar|aan|vanaf|op de rand van){G2}"
        rf"(?:brug|\w+brug|\w*spoor|rails|\w*rails|perron|\w*dak|flat|balkon\w*|reling|viaduct"
        rf"|vensterbank|\w*rand|spoorwegovergang|overweg|water|hoogte|kanaal|rivier|galerij|dijk"
        rf"|\w*leuning|balustrade"
        rf"|\w*garage|bovenste \w+)"
        rf"|(?:op|bij|naast|aan) (?:het|de) (?:\w*spoor|rails|\w*brug|dak|flat|balkon\w*|reling"
        rf"|viaduct"
        rf"|kanaal|rivier|galerij|\w*garage) (?:\w+ )?(?:sta|staat|staan|zit|zitten|ligt|lig|zat"
        rf"|stond|te bevinden|bevindt|bevind)"
        rf"|over de reling|(?:benen|voeten|been)(?: \w+){{0,2}} (?:aan de andere kant|over de"
        rf" (?:rand|reling|leuning)|boven het (?:water|spoor))"
        rf"|(?:in bad|in de badkuip)(?: \w+){{0,4}} (?:scheermes\w*|mesje|mes)\b"
        rf"|\w*motor{G2}(?:aan|draaien|draait){G6}(?:garage|dicht)"
        rf"|garage{G6}(?:draaiende )?\w*motor|draaiende \w*motor"
        rf"|(?:het )?water in(?: \w+){{0,2}} (?:gaan|gaat|lopen|loopt|ga|rijden"
        rf"|rijdt|rij|rijd|springen|springt)|(?:het )?water (?:in te|inrijden|inlopen)"
        rf"|wacht\w* op de (?:volgende )?trein|naar het \w*spoor",
        personal=True,
    ),
    _rule(
        "edge_of",
        ACUTE,
        rf"(?:sta|staat|zit|ben|is|stond|zat|loop|liep|lig){G4}(?:aan|op|bij) (?:het|de)"
        rf" (?:uiteinde|eind|einde|rand|puntje|kant|top) van (?:het|de|een)"
        rf" (?:perron|\w*brug|\w*dak|pier|kade|flat|balkon|reling|viaduct"
        rf"|klif|\w*garage|toren|dijk)"
        rf"|(?:belt|bel|chat|chatten|appt|app|typt|typ|schrijft|schrijf|mailt|stuurt|stuur)"
        rf"(?: \w+){{0,2}} (?:vanaf|vanop|boven op|bovenop) (?:het|de|een) (?:\w*dak|\w*brug|flat"
        rf"|reling|viaduct|\w*garage|toren|perron|spoor|rand)",
        personal=True,
    ),
    _rule(
        "doing_it_now",
        ACUTE,
        rf"(?:vanavond|vannacht|straks|nu|zo) (?:doe|ga) (?:ik|ze|hij) het(?: doen)?$"
        rf"|(?:ik|ze|hij) (?:ga|gaat|doe|doet) het(?: \w+)? (?:vanavond|vannacht|straks"
        rf"|nu)(?: doen)?(?:$| (?:als|wanneer|zodra|voordat|nadat)\b)"
        rf"|ga het nu doen|ik ga het nu|(?:volgende|eerstvolgende) (?:trein|intercity|sprinter|bus"
        rf"|tram) (?:is )?voor (?:mij|hem|haar)|(?:ik|ze|hij) (?:ga|gaat) het doen$"
        rf"|morgen ben ik er niet meer|om \w+ uur{G4}niet meer|(?:het )?nu te (?:gaan )?doen"
        rf"|ga (?:het )?nu doen|(?:het )?(?:nu )?(?:ging|gaat|ga) afmaken|(?:het"
        rf"|dat) (?:\w+ )?nu (?:\w+ )?(?:doen|gaat doen|ga doen"
        rf"|gaan doen)|(?:ben|is|zijn) (?:ik|ze|hij|zij) er niet meer$"
        rf"|(?:afmaken|af te maken|af te gaan maken|afmaakt)(?: \w+){{0,2}} met (?:zichzelf|mezelf"
        rf"|mijzelf)",
        personal=True,
    ),
    # Violence or threats from someone else.
    _rule(
        "hit",
        VIOLENCE,
        rf"{HIT}{G3}{VICTIM}|{VICTIM}{G4}{HIT}"
        rf"|{OTHER}{G4}{HIT}(?! (?:\w+ )?(?:zichzelf|mezelf|mijzelf|zich)\b)"
        rf"|met (?:een|de|zijn|haar) (?:\w+ )?(?:pan|stok|riem|\w*knuppel|fles|stoel|hamer|schoen"
        rf"|asbak|vuist\w*)(?: \w+)? (?:geslagen|gegooid|geraakt|sloeg|slaat|bedreigd)"
        rf"|(?:in|tegen|op) (?:de|het|haar|zijn|mijn) (?:buik|hoofd|gezicht|borst|rug|ribben|maag"
        rf"|kop) (?:\w+ )?(?:geschopt|geslagen|getrapt|gestompt|gestoken|schopt|trapt|slaat)"
        rf"|{OTHER}(?: \w+){{0,4}} (?:me|mij|haar|hem|ons) pijn (?:doet|deed|doen|gedaan)",
        personal=True,
    ),
    _rule(
        "threat",
        VIOLENCE,
        rf"(?:dreig\w*|bedreig\w*|gedreigd){G6}(?:{KILL}|mes|pistool|wapen|kinderen"
        rf"|(?:iets )?(?:te )?laten voelen)"
        rf"|(?:bedreig\w*|bedreigt|bedreigd){G2}{VICTIM}|{VICTIM}{G2}(?:bedreigd|bedreigt)"
        rf"|(?:gaat|ga|komt|wil|wilt|zal){G3}(?:me|mij|ons|haar|hem|jou|je){G2}{KILL}"
        rf"|(?:maakt|maak|maken) (?:(?:ik|hij|ze|zij|we) )?(?:me|mij|haar|ons|je|jou)"
        rf" (?:\w+ )?(?:dood|af|kapot)"
        rf"|(?:me|mij|haar|ons|jou|je) (?:\w+ )?(?:kapot|dood|af) (?:maakt|maak|maken)"
        rf"|(?:ga|gaat|zal|laat){G3}boeten|(?:me|mij|haar)(?: \w+)? (?:weet|weten) te vinden"
        rf"|weet (?:waar|op welke school)(?: \w+){{0,3}} (?:woont|woon|zitten|zit|slaapt|werkt"
        rf"|werk)"
        rf"|(?:jij|je) bent de volgende|(?:me|mij|haar|hem)(?: \w+){{0,4}} (?:neersteekt|neersteken"
        rf"|steekt|afmaakt|doodmaakt|doodschiet)|(?:hij|ze|zij) zoekt (?:me|mij)"
        rf"|(?:me|mij|haar|ons|jou|je) (?:\w+ )?(?:kapotmaakt|kapotmaak|afmaakt|doodmaakt|doodmaak)"
        rf"|(?:me|mij|haar|ons|hem){G2}(?:kapot|dood|af) (?:gaat|ga|zal|komt) (?:maken|te maken)"
        rf"|vermoord\w*{G2}(?:me|mij|haar|ons|hem)\b|(?:me|mij|haar|ons){G2}(?:vermoorden"
        rf"|vermoordt)"
        rf"|(?:me|mij|haar|ons|hem){G2}(?:komt|gaat|zal|komen) (?:\w+ )?(?:vermoorden|afmaken"
        rf"|steken"
        rf"|neersteken|doodmaken|doodschieten)"
        rf"|(?:mes|pistool|wapen|messen){G6}(?:bedreig\w*|gedreigd|getrokken|liet zien|laten zien"
        rf"|meenemen|steken|te steken)|(?:met een|een) (?:mes|pistool|wapen) (?:bedreigd|getrokken)"
        rf"|(?:heeft|had|pakt|pakte|gepakt|haalde|haalt|trok|trekt) (?:een |het |zijn "
        rf"|haar )?(?:mes"
        rf"|pistool|wapen|schaar|bijl|hamer)(?: \w+){{0,6}} (?:gezegd|zegt|zei|riep|gedreigd"
        rf"|dreigde"
        rf"|schreeuwde)"
        rf"|(?:me|mij|haar|ons|jou|je|hem) (?:\w+ )?te grazen (?:neemt|nemen|gaat nemen|zal nemen)"
        rf"|(?:mes|pistool|wapen|geweer|\w*knuppel|bijl|hamer"
        rf"|schaar)(?: \w+){{0,4}} (?:voor de deur"
        rf"|in (?:mijn|m n|de|onze) tuin|voor (?:mijn|m n|het|ons) raam"
        rf"|op (?:me|mij|haar|hem|ons) gericht|gericht op|zwaaide|gezwaaid)"
        rf"|(?:roept|riep|schreeuwt|schreeuwde|dreigt|zegt|zei)(?: \w+){{0,2}} dat (?:hij|ze|zij)"
        rf" (?:me|mij|haar|ons) (?:\w+ )?(?:gaat|komt|zal) (?:pakken|halen|krijgen)"
        rf"|(?:me|mij|haar|ons|jou|je)(?: \w+){{0,2}} (?:kapotmaakt|afmaakt|doodmaakt|vermoordt)",
        personal=True,
    ),
    _rule(
        "unsafe",
        VIOLENCE,
        r"(?:niet|nergens|nooit)(?: \w+){0,2} (?:meer )?veilig|durf(?: \w+){0,3} niet(?: \w+){0,2}"
        r" (?:naar huis|thuis|terug naar huis|meer naar huis)|thuis is niet veilig"
        r"|bang in (?:mijn|haar|zijn) (?:eigen )?huis|niet veilig in (?:mijn|haar"
        r"|zijn) (?:eigen )?huis"
        r"|weggevlucht|gevlucht voor|in gevaar|gestalkt|doodsbedreig\w*"
        r"|(?:stuurt|stuurde|stuurden|sturen|post|plaatst|appt)(?: \w+){0,3} (?:foto s|fotos|foto"
        r"|filmpjes?)(?: \w+){0,2} van (?:mijn|m n|ons|onze) \w*(?:huis|deur|raam|ramen|auto"
        r"|slaapkamer|straat|tuin|werk)"
        r"|dreig(?:bericht|brief|mail|app|telefoon|ement)\w*"
        r"|durf(?: \w+){0,3} niet(?: \w+){0,2} (?:naar binnen|de deur uit|mijn kamer uit|terug)"
        r"|geweld thuis"
        r"|blauwe plekken|blauw oog|striemen|gebroken arm|bij de keel|keel dichtgeknepen"
        r"|tegen de muur(?: \w+)? (?:gedrukt|gesmeten|geduwd|gegooid|gesmeten)"
        r"|gooit met (?:spullen|dingen|stoelen|borden)|kapotgegooid|sluit (?:me|mij|haar|hem) op"
        r"|(?:me|mij|haar|hem|ons)(?: \w+){0,6} op(?:gesloten|sluiten|sluit)\b"
        r"|(?:nachts|avonds)(?: \w+){0,3} (?:pijn doet|aan (?:haar|hem|me|mij) zit)"
        r"|aan (?:haar|hem|me|mij) zit|niet mag zeggen|geheim (?:moet )?houden|niet mag vertellen"
        r"|bang (?:voor|van) (?:zijn|haar|z n) (?:buien|woede\w*|driftbuien|uitbarstingen|agressie"
        r"|klappen|handen)"
        r"|(?:trouwen|trouw) met iemand die (?:ik|ze|zij|hij) niet (?:ken|kent|wil)"
        r"|gedwongen (?:huwelijk|te trouwen|trouwen)|huwelijksdwang"
        r"|naaktfoto\w*|naaktbeelden|sextortion|loverboy\w*|mensenhandel|uitgebuit|pooier"
        r"|(?:foto s|fotos|filmpjes?|beelden)(?: \w+){0,6} (?:verspreid\w*|online (?:zet|zetten"
        r"|gezet)|stuurt|sturen|doorsturen) als\b"
        r"|paspoort(?: \w+){0,2} (?:afgenomen|afgepakt)|alleen thuis zonder eten"
        r"|zonder eten(?: \w+){0,4} (?:kamer|alleen|opgesloten)|(?:nachts|avonds) op (?:mijn|haar"
        r"|zijn) kamer|gewelddadig\w*|misbruikt|verkracht\w*|aangerand",
        personal=True,
    ),
    # The names of violence: also the subject of a thesis or a training, so a topic drops them.
    _rule(
        "violence_term",
        VIOLENCE,
        r"huiselijk geweld|stalking|kindermishandeling|seksueel misbruik",
    ),
    _rule(
        "abuse_act",
        VIOLENCE,
        rf"klappen{G3}(?:krijg\w*|van|geven|geeft)|krijg\w*(?: \w+){{0,4}} klappen"
        rf"|keel(?: \w+)? dicht|met de riem"
        rf"|(?:wordt|word|werd|worden)(?: \w+){{0,7}} (?:geschopt|geslagen|mishandeld|gewurgd"
        rf"|geduwd"
        rf"|bedreigd|misbruikt|gedwongen)|van de trap (?:geduwd|gegooid)|(?:paspoort|telefoon|geld)"
        rf"(?: \w+){{0,2}} (?:achter|in)(?:houdt|gehouden|$)|houdt (?:mijn|haar) (?:telefoon"
        rf"|paspoort|geld)"
        rf"|door elkaar (?:schudt|schudden|geschud)|vastbind\w*|vastgebonden|geknepen|knijpt (?:me"
        rf"|haar)"
        rf"|(?:heeft|had){G3}(?:geraakt|gemept|geduwd|gebeten)|gezwollen (?:lip|oog|gezicht)"
        rf"|plekken{G4}(?:hij|zij|ze) (?:achterlaat|maakt)|make ?up over (?:de )?plekken"
        rf"|kruipt in elkaar|raakt (?:me|mij|haar|hem) aan|aangeraakt|betast\w*|(?:pakt|greep"
        rf"|grijpt) (?:mijn|haar|me|mij)"
        rf"(?: bij (?:de|mijn|haar))? keel|kon (?:ik |ze |hij )?niet (?:meer )?ademen|(?:wordt"
        rf"|word|werd){G3}opgesloten"
        rf"|onverklaarde? (?:breuk\w*|letsel\w*|hematom\w*|blauwe plekken|verwonding\w*)"
        rf"|hardhandig\w*|botbreuk\w*|niet slaan|stop met slaan"
        rf"|gebroken (?:vinger|neus|rib\w*|kaak|pols)|(?:mes|schaar){G4}gezwaaid"
        rf"|gezwaaid{G4}(?:mes|schaar)|(?:bij|om) (?:mijn|haar|de) (?:keel|nek) (?:pakt|grijpt"
        rf"|vast)"
        rf"|pakt (?:me|haar|mij) (?:bij|om) (?:mijn|haar|de) (?:keel|nek)|uitgehuwelijkt"
        rf"|uithuwelijk\w*"
        rf"|eer van de familie|eerwraak|eergerelateerd\w*|weet waar je (?:woont|slaapt|bent)"
        rf"|weet (?:me|mij|haar) te vinden|de volgende keer (?:is het )?(?:je|jouw|zijn"
        rf"|haar) (?:hoofd|beurt)"
        rf"|steen door{G3}raam|(?:pinpas|bankpas|telefoon|paspoort){G3}(?:afgepakt|afgenomen|af)"
        rf"|(?:mag|mocht){G4}niet{G3}(?:de deur uit|naar buiten|zien|bellen)|controleert{G3}"
        rf"(?:berichten|telefoon|bankrekening|geld|bonnetjes|kilometer\w*|uitgaven)"
        rf"|leest{G3}berichten|oppassen wat ik zeg"
        rf"|deur op slot{G6}(?:dronken|bang|hij|stiefvader|vader)|(?:nachts|nacht"
        rf"|avonds)(?: \w+){{0,2}}"
        rf" (?:mijn|haar|zijn) kamer (?:in|binnen)|kamer in{G3}(?:nachts|bang)|uitgescholden"
        rf"|(?:haalt|haalde|reageert|reageerde) (?:hij |ze |zij )?(?:het|zich) (?:uit|af) op"
        rf" (?:mij|me|ons|haar|hem|de kinderen|de jongens|de meiden|mijn \w+)"
        rf"|(?:doet|deed|doen) (?:\w+ )?(?:rare|vieze|enge|nare) dingen (?:met|bij|aan) (?:mij|me"
        rf"|haar|hem|ons)",
        personal=True,
    ),
    _rule(
        "child_danger",
        VIOLENCE,
        r"(?:\w*kind|kindje|\w*kinderen|zusje|zusjes|broertje|broertjes|jochie|baby|\w*dochtertje"
        r"|\w*zoontje|meisje|jongetje|neefje|nichtje|kleinste|kleintje|peuter|kleuter)(?: \w+){0,8}"
        r" (?:gillen|gilt|huilt|blauwe|slaat|geslagen|alleen thuis|zonder eten|honger|geen eten"
        r"|alleen gelaten|alleen op straat|verwondingen|dagen niet|brandwonden|brandplekken"
        r"|breuken|alleen gelaten"
        r"|(?:dezelfde|vieze|volle) luier|zonder ontbijt|geen ontbijt|vieze (?:kleding|kleren)"
        r"|brandplek(?:ken|jes)|alleen in (?:de|een) (?:\w+ )?auto|in de auto (?:achtergelaten"
        r"|alleen)|alleen (?:wordt |werd |worden )?gelaten|(?:hard |heftig )?(?:heeft )?geschud)"
        r"|(?:laat|liet|laten) (?:\w+ )?(?:baby|babys|peuter|dreumes|kindje|zuigeling)(?: \w+){0,3}"
        r" alleen\b"
        r"|(?:geen eten|zonder eten|dagen alleen|alleen thuis gelaten"
        r"|alleen op straat)(?: \w+){0,8}"
        r" (?:kind|kindje|kinderen|zusjes|zusje|broertje|peuter|kleinkinderen|ik ben \d+)"
        r"|(?:gillen|gilt|schreeuwen)(?: \w+){0,6} (?:kind|kindje|kinderen|baby)"
        r"|brandplek\w*(?: \w+){0,6} sigaret\w*|sigaret\w*(?: \w+){0,4} (?:uitgedrukt|uitdrukken"
        r"|uitdrukt) op",
        personal=True,
    ),
    # Acute confusion or psychosis with fear: counted, not decisive alone (see lexical.py).
    _rule(
        "voices",
        PSYCHOSIS,
        r"stemmen(?: \w+){0,3} (?:zeggen|zegt|bevelen|beveelt|verbieden|verbiedt|fluisteren"
        r"|dwingen|opdragen|geven opdrachten|worden (?:steeds )?harder|zeggen dat)"
        r"|(?:hoor|hoort|horen)(?: \w+){0,3} stemmen(?: \w+){0,4} (?:die|dat|zeggen|bang)"
        r"|stemmen(?: \w+){0,4} (?:hoor|hoort|horen) die|(?:geeft|geven) (?:hem|haar|me"
        r"|mij) opdrachten"
        r"|opdrachten (?:van|via|geeft|krijg\w*)"
        r"|iemand (?:\w+ )?in mijn (?:hoofd|lichaam)|iets in mijn (?:lichaam|hoofd)"
        r"|(?:stem|stemmen|iemand|iets|ze|gedachten|gedachte)(?: \w+){0,6}"
        r" (?:zegt|zeggen|zei)(?: \w+){0,3}"
        r" dat (?:ik|hij|zij|ze)(?: \w+){0,4} (?:moet|moeten) (?:\w+ ){0,2}(?:straffen|doden|pijn"
        r"|springen|vermoorden|boeten|sterven|dood|snijden|opofferen|offeren|verdrinken|hurten|hurt"
        r"|verwonden|aandoen|steken|neersteken|ophangen|verbranden)"
        r"|(?:stem|stemmen|engelen|engel|god|duivel|djinn|demon\w*)(?: \w+){0,8} (?:zegt|zeggen|zei"
        r"|roepen|roept|fluisteren|fluistert|schreeuwen|schreeuwt)(?: \w+){0,2} dat (?:ik|hij|zij"
        r"|ze)(?: \w+){0,5} (?:moet|moeten|mag)\b"
        r"|(?:stem|stemmen|engelen|god|duivel|djinn|demon\w*)(?: \w+){0,3} (?:willen|wil|eisen"
        r"|eist) dat (?:ik|hij|zij|ze)\b"
        r"|(?:god|engelen|duivel|djinn)(?: \w+){0,3} (?:opgedragen|opdraagt|bevolen|beveelt)"
        r"|(?:stem|stemmen|iemand|iets|ze|hij|zij)(?: \w+){0,6} (?:zegt|zeggen|zei"
        r"|beveelt)(?: \w+){0,2}"
        r" dat (?:ik|hij|zij|ze)(?: \w+){0,2} (?:het|een|de|dat) (?:mes|messen|schaar|touw|wapen"
        r"|pistool) (?:moet|moeten) (?:pakken|halen|gebruiken|nemen)$"
        r"|(?:fluister\w*|praten|praat)(?: \w+){0,2} (?:door|uit|in) (?:de|het) (?:stopcontact\w*"
        r"|muren|ventilatie|radiator\w*|leidingen|plafond)"
        r"|(?:fluisteren|fluistert) over (?:mij|me)|(?:de )?stem (?:zegt|zei|beveelt)|voices"
        r"|(?:zegt|zei|beveelt|beval) de stem|(?:zeggen|zeiden) de stemmen"
        r"|(?:hoor|hoort)(?: \w+){0,3} (?:mijn|m n|zijn|haar) naam (?:roepen|fluisteren)"
        r"|(?:hoor|hoort)(?: \w+){0,3} (?:man|vrouw|stem|iemand|mensen) (?:die|dat) (?:zegt|zeggen"
        r"|fluistert)"
        r"|fluistert(?: \w+){0,3} (?:mijn|mn) naam|(?:buren|mensen)(?: \w+){0,3} door de muur\w*"
        r"|(?:praten|praat|fluistert|fluisteren) (?:\w+ )?(?:mensen|iets|iemand)? ?(?:in|achter"
        r"|door) "
        r"(?:de muur|me|mij|mijn hoofd)|iemand in (?:haar|zijn|mijn) hoofd",
    ),
    _rule(
        "poisoned",
        PSYCHOSIS,
        r"(?:ze|hij|zij|iemand|buren|buurman|buurvrouw)(?: \w+){0,3} (?:iets|gif|middelen|drugs"
        r"|stoffen)"
        r" in (?:mijn|zijn|haar|ons) (?:eten|drinken|water|koffie|thee)(?: \w+)? (?:gedaan|gestopt"
        r"|doen|stoppen)",
    ),
    _rule(
        "paranoia",
        PSYCHOSIS,
        r"achtervolg\w*|(?:volgen|volgt|volgde) (?:me|mij|hem|haar)|gevolgd"
        r"|vergiftig\w*|gif in|camera\w*|afluister\w*|luisteren(?: \w+){0,3} af|zender"
        r"|geheime dienst|gedachten(?: \w+){0,3} (?:lezen|hacken|gehackt|sturen|stuurt|afluisteren)"
        r"|(?:hackt|hacken)(?: \w+){0,2} gedachten|signalen over (?:mij|me)"
        r"|plan tegen (?:me|mij)|complot|indringer\w*|smaakt raar|gaan pakken|in (?:mijn|mn|zijn"
        r"|haar) huis geweest"
        r"|spullen (?:\w+ )?(?:verplaatst|anders)|gif door|straling|aluminiumfolie|bestoken"
        r"|achterdocht\w*"
        r"|(?:gezogen|gestolen|weggenomen) (?:uit|door)|(?:gedachten"
        r"|hoofd)(?: \w+){0,4} (?:gezogen|gestolen)"
        r"|wifi|bestuurd|van buitenaf|satelliet\w*|bespioneer\w*|(?:word|wordt|worden) bekeken"
        r"|insecten onder|(?:in|door) (?:zijn|haar|mijn) (?:huis|tuin"
        r"|flat)(?: \w+){0,6} niemand"
        r"|maar er is niemand|(?:lopen|loopt|liepen) (?:me|mij) achterna|hetzelfde gezicht"
        r"|ventilatie|afgeplakt|door het raam (?:naar (?:me|mij|binnen) )?(?:kijken|kijkt|gluren)"
        r"|er (?:is|was|staat|stond) (?:daar )?(?:helemaal )?niemand$"
        r"|(?:hoor|hoort|ontvang\w*)(?: \w+){0,2} (?:hun|de|zijn) (?:berichten|boodschappen"
        r"|signalen)"
        r"|gedachten(?: \w+){0,4} uit (?:mijn|haar|zijn) hoofd|(?:trekt|haalt|zuigt|steelt)"
        r"(?: \w+){0,3} gedachten|spiegelbeeld(?: \w+){0,3} niet"
        r"|in de muren|in de muur|smaakt naar metaal|iets in het water|gif in het water"
        r"|volgt(?: \w+){0,3} (?:me|mij)|weten dat ik het weet|wie (?:ik )?(?:nog )?kan vertrouwen"
        r"|komen (?:me|mij|haar|hem)(?: \w+)? (?:halen|pakken|ophalen)"
        r"|(?:me|mij|haar|hem) (?:\w+ )?komen (?:halen|pakken|ophalen)"
        r"|(?:me|mij|hem|haar|ons) (?:willen|wil) (?:vermoorden|vergiftigen|doden|pakken)"
        r"|(?:lezen|weten|horen|kennen) (?:ze |hij |zij )?alles wat ik (?:denk|doe)"
        r"|samen tegen (?:me|mij)"
        r"|tegen (?:me|mij) samen|iets in (?:mijn|haar|zijn) eten|(?:kijken|kijkt) naar (?:me"
        r"|mij) via"
        r"|signalen (?:door|via) (?:de )?(?:tv|radio|muur)|bedrieger|chip|uitgezonden"
        r"|boodschappen (?:krijg\w* )?via|gaf (?:\w+ )?(?:een )?teken|tekens van"
        r"|onsterfelijk|kan vliegen|uitverkorene|engelen|robots|stralen|aivd|achter (?:me|mij) aan"
        r"|weten alles wat ik denk|lezen (?:alles )?wat ik denk|alles (?:op tv )?gaat over mij"
        r"|(?:vervangen|verwisseld)(?: \w+){0,2} (?:door|is)|(?:is|ben|zijn) vervangen"
        r"|(?:willen|wil)(?: \w+){0,2} (?:me|mij|hem|haar|ons) (?:\w+ )?(?:vermoorden|vergiftigen"
        r"|doden|pakken)|zwart busje|indringer|kopie\w*|vervangen door|mannen in het zwart"
        r"|(?:politie|mannen|geheime dienst|aivd|duivel|demonen|aliens)(?: \w+){0,2} (?:me|mij|haar"
        r"|hem) (?:\w+ )?(?:komt|komen) (?:halen|pakken|ophalen)"
        r"|(?:ze|zij) (?:weten|kennen) (?:waar ik (?:woon|ben|slaap)|mijn adres)"
        r"|(?:ze|zij) (?:luisteren|kijken)(?: mee| alles)?$"
        r"|(?:me|mij|hem|haar|ons) (?:\w+ )?(?:willen|wil) (?:ombrengen|uitschakelen|opruimen)"
        r"|teken (?:\w+ )?(?:gekregen|ontvangen|krijg\w*)|vergass\w*|niemand anders (?:ruikt|ziet"
        r"|hoort)|dichtgeplakt|shadow people|schaduwmens\w*|schaduwfiguren"
        r"|mes onder (?:mijn|m n|zijn|haar) kussen"
        r"|(?:trekt|haalt|zuigt|steelt) (?:ze|het|alles|dingen) uit (?:mijn|m n|zijn|haar) hoofd"
        r"|(?:vogels|dieren|auto s|lampen|nummerborden|kleuren|getallen)(?: \w+){0,3}"
        r" (?:geven|sturen|zenden) (?:me|mij|hem|haar) (?:\w+ )?(?:signalen|tekens|boodschappen)"
        r"|(?:wakker gemaakt|moet|moeten) (?:\w+ ){0,2}(?:om te )?vluchten$"
        r"|(?:iemand|ze|zij|hij) (?:me|mij|haar|hem|ons) (?:\w+ )?(?:komt|komen) (?:halen|pakken"
        r"|ophalen)"
        r"|(?:lichten|lampen|bomen|dieren|spullen|meubels|auto s) (?:\w+ )?(?:praten|praat)"
        r" (?:\w+ )?tegen (?:me|mij)",
    ),
    _rule(
        "unreal",
        PSYCHOSIS,
        r"wat (?:\w+ )?echt is|(?:zie|ziet|hoor|hoort)(?: \w+){0,3} (?:mensen|dingen|schaduwen"
        r"|stemmen|figuren)(?: \w+){0,4} (?:die er niet zijn|niet echt|niet bestaan)"
        r"|(?:tv|televisie|radio|nieuwslezer)(?: \w+){0,3} (?:praat|spreekt|stuurt|zegt|praten)"
        r"|stuurt mijn (?:handen|gedachten|lichaam)|wereld(?: \w+){0,2} (?:vergaat|vernietigd)"
        r"|god(?: \w+){0,3} (?:opdraagt|opgedragen|heeft verteld|zegt dat|stuurt)"
        r"|codes(?: \w+){0,4} uitvoeren|verward|gedesorienteerd|onsamenhangend|psychotisch\w*"
        r"|herkent (?:mij|me|niemand|ons|haar|hem)(?: \w+){0,3} niet|hoor (?:\w+ )?(?:ze"
        r"|hen) (?:\w+ ){0,3}fluisteren|ervan overtuigd|is overtuigd dat"
        r"|schaduwen(?: \w+){0,5} naar (?:me|mij)|nep|decor|alleen ik (?:kan |kon )?(?:weten|weet)"
        r"|(?:zijn|ben|is) (?:jullie|jij|je|dit|alles|dat)(?: \w+)? (?:wel )?echt$"
        r"|(?:mensen|iedereen)(?: \w+){0,4} (?:zijn|is) (?:acteurs|acteur|robots|nep|poppen"
        r"|figuranten)"
        r"|alles is (?:van )?(?:plastic|nep|karton)|niet in (?:mijn|zijn|haar) (?:lijf|lichaam)"
        r"|(?:geen )?onderscheid(?: \w+){0,4} (?:werkelijkheid|echt|tussen (?:droom|dromen"
        r"|fantasie))|(?:droom|dromen) en werkelijkheid|of (?:ik|zij|hij"
        r"|ze)(?: \w+){0,3} besta\w*|onecht|of ik droom"
        r"|muren bewegen|uitverkoren|simulatie|(?:in|uit) de matrix|wereld (?:\w+ )?redden"
        r"|onkwetsbaar|manisch|in de war"
        r"|verwardheid"
        r"|(?:ben|is) (?:ik |hij |zij )?god\b|kan vliegen|wil(?:de)?(?: \w+){0,4} vliegen"
        r"|(?:spaargeld|geld)(?: \w+){0,3} (?:weggegeven|uitgegeven)|welke dag het is"
        r"|(?:handen|lichaam|armen)(?: \w+){0,2} (?:niet van mij|niet als de mijne|niet de mijne)"
        r"|(?:praat|praten) tegen (?:mensen|iemand) die er niet (?:zijn|is)|(?:zie|ziet"
        r"|zag) dingen"
        r"|wat (?:\w+ )?(?:real|werkelijk) is|muren (?:\w+ )?(?:ademen|ademt|smelten|praten)"
        r"|of (?:ik|hij|zij|ze) (?:\w+ ){0,2}(?:nog )?(?:leef|leeft|echt ben|echt is|wakker ben)$"
        r"|wie (?:typt|schrijft|bestuurt|beweegt) (?:dit|er|mijn)"
        r"|offer (?:brengen|brengt|bracht)|(?:moet|moeten)(?: \w+){0,3} (?:offeren|opofferen)"
        r"|(?:voel|voelt|zit)(?: \w+){0,3} in (?:mijn|zijn|haar) (?:lichaam|hoofd|huid|buik|bloed"
        r"|aderen) (?:bewegen|kruipen|krioelen)"
        r"|(?:moet|moeten)(?: \w+){0,2} (?:het|hem|die|dat|ze) (?:eruit|er uit) (?:snijden|halen"
        r"|krabben|branden|peuteren|trekken)$"
        r"|stemmen (?:zijn|komen) (?:\w+ )?terug"
        r"|(?:lichaam|lijf)(?: \w+){0,2} van iemand anders|(?:kijk|kijkt) (?:\w+ )?van boven"
        r" (?:toe|naar (?:mezelf|mijzelf|zichzelf))|alsof ik achter (?:glas|een ruit)"
        r"|bang (?:dat ik )?gek (?:te )?(?:word|worden|wordt)|herken (?:hem|haar) niet meer",
    ),
    # Round FF (training): concepts the rules had no word for.
    # Wishing not to exist anywhere, or to sleep and never get up.
    _rule(
        "nowhere",
        SUICIDE,
        rf"nergens meer (?:\w+ )?(?:zijn|ben|te zijn|wil zijn|bestaan)|voor altijd{G1}(?:nergens"
        rf"|verdwijnen|verdwijn|slapen|weg zijn)|nooit meer (?:op te staan|opstaan|opsta)",
        personal=True,
    ),
    # "wie zou me missen": absence pictured as a relief to others.
    _rule(
        "who_would_miss_me",
        SUICIDE,
        r"(?:wie|niemand) (?:zou|zal|gaat)(?: \w+){0,2} (?:me|mij)(?: \w+){0,2} missen",
        personal=True,
    ),
    # Quitting life: "kappen met alles, ook met leven".
    _rule("quit_life", SUICIDE, rf"(?:kappen|kap|stoppen|ophouden) met{G2}{LIFE}", personal=True),
    # Looking up how dying works, or whether a height is enough.
    _rule(
        "how_dying_works",
        SUICIDE,
        rf"hoe (?:lang|snel|veel){G6}(?:dood (?:gaat|ga|gaan|bent|ben|is)|doodgaat|sterft|sterf"
        rf"|overlijdt)|{HEIGHT}{G3}(?:hoog|diep) genoeg",
    ),
    # Means put aside for later: hoarding medication (not saving money for it).
    _rule(
        "hoarding_means",
        SUICIDE,
        rf"{MEANS}{G6}(?:opgespaard|gespaard|verzameld|op te sparen|opsparen|(?:spaar|spaart"
        rf"|sparen|verzamel|verzamelt)(?: \w+)? op)\b"
        rf"|(?:spaar|spaart|sparen|opsparen|verzamel\w*)(?: (?!voor\b)\w+){{0,3}} {MEANS}",
    ),
    # An overdose found: empty strips, intoxication.
    _rule(
        "empty_strips",
        ACUTE,
        r"lege (?:doordrukstrips|strips|strippen|pillenpotjes|potjes|pillendoosjes|medicijndoosjes)"
        r"|intoxicatie\w*",
    ),
    # Sexual violence and abuse of a child, said without the words for it.
    _rule(
        "forced",
        VIOLENCE,
        r"(?:dwingt|dwong|dwingen|gedwongen)(?: \w+){0,3} (?:tot )?(?:seks|sex)"
        r"|dingen (?:met|bij) (?:me|mij|haar|hem)(?: \w+){0,2} die niet mogen"
        r"|(?:zit|zat|zitten) (?:(?:hij|ze|zij) )?(?:steeds |vaak )?aan (?:me|mij|haar)"
        r" (?:terwijl|als|wanneer|zonder)",
    ),
    # Beaten now, said in the passive ("wordt door mijn broer geslagen").
    _rule(
        "beaten",
        VIOLENCE,
        r"(?:word|wordt|worden) (?:\w+ ){0,5}(?:geslagen|geschopt|mishandeld|gewurgd|bedreigd"
        r"|opgesloten|misbruikt)",
    ),
    # Locked in: keys or phone taken.
    _rule(
        "locked_in",
        VIOLENCE,
        r"(?:sleutels?|telefoon|mobiel)(?: \w+)? (?:afgepakt|afgenomen|weggenomen|afpakt)",
    ),
    # Marks of harm on a child.
    _rule(
        "child_marks",
        VIOLENCE,
        r"(?:kind|kindje|meisje|jongetje|jongen|dochter|zoon|baby|buurmeisje|buurjongen|neefje"
        r"|nichtje|leerling)\w*(?: \w+){0,8} (?:brandplek\w*|blauwe plek\w*|striemen)",
    ),
    # Persecution and signals (psychosis).
    _rule(
        "persecution",
        PSYCHOSIS,
        r"(?:duivel|demon\w*|geheime dienst|aivd|overheid|maffia|buitenaards\w*|aliens?)"
        r"(?: \w+){0,6} (?:achter|volg\w*|stuurt|sturen|signalen|berichten|afluister\w*"
        r"|vergiftig\w*)"
        r"|(?:chip|chips|zender\w*|camera\w*) in (?:mijn|m n|mn|zijn|haar) (?:tanden|hoofd"
        r"|lichaam|hersenen|kies|kiezen|nek|arm|oor|oren)"
        r"|(?:berichten|boodschappen|signalen) (?:\w+ )?via (?:de )?(?:nummerborden|tv|televisie"
        r"|radio|reclame\w*|borden|krant)"
        r"|(?:iedereen|mensen|ze) (?:op straat )?(?:weet|weten|horen|hoort) wat ik denk"
        r"|(?:baby|kind)\w* (?:is )?niet (?:haar|mijn|zijn) (?:eigen )?(?:baby|kind)",
    ),
)
