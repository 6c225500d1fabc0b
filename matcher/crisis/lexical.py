"""The lexical layer: concept rules per segment, with denial, history and context guards.

Pure and instant, so every front can run it before anything that can fail.
A hit is dropped only for a reason that concerns that hit itself: an explicit
denial of it, a segment that speaks only of the past, someone else's completed
suicide (bereaved), or a book/lesson/news context. When in doubt it flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.crisis.lexicon import (
    ACUTE,
    COMPLETED,
    FEAR,
    HEIGHT,
    MEANS,
    NEGATION_AFTER,
    NOW,
    OTHER,
    PAST,
    PRESENT,
    PSYCHOSIS,
    RULES,
    SUICIDE,
    TOPIC,
    VIOLENCE,
    Rule,
)
from matcher.crisis.text import Prepared, prepare

# Figures of speech with alarming words: removed before the rules run.
_IDIOMS = re.compile(
    r"\b(?:"
    r"(?:ga|gaan|ging|gaat|gingen)(?: \w+)? dood (?:aan|van|als)|dood van (?:de |het )?\w+"
    r"|dood (?:moe|op)|doodmoe|doodop|doodstil|doodgewoon|doodeng|doodziek|doodleuk|doodserieus"
    r"|(?:lach|schrok|schrik|schaam|verveel|verveelt|verveelde|werk|werkt)(?: \w+)? (?:me|mij|zich"
    r"|je)"
    r" (?:\w+ )?(?:dood|kapot|rot|af)|(?:me|mij|zich) (?:dood|kapot)(?:werkt|werken|werk|verveelt)"
    r"|doodverveelt|doodwerkt|kapotwerkt|verveelt me dood|schrok me dood"
    r"|voor (?:mijn|m n|de|zijn|haar|je) (?:kop|hoofd) (?:slaan|sla|geslagen)"
    r"|in (?:mijn|de|m n|zijn|haar|je) (?:eigen )?voet|snijdt(?: \w+)? hout|om te snijden"
    r"|snijdt aan twee kanten|spijker op (?:zijn|de|z n) kop|(?:een )?brug (?:te )?slaan"
    r"|sta(?:at)? te springen om|te springen om|spring (?:\w+ )?(?:even )?binnen|binnenspring\w*"
    r"|(?:aflevering|serie|film|boek|plottwist|einde)(?: \w+){0,4} (?:vermoordde|vermoordt|sloopte)"
    r" (?:me|mij)|in (?:mijn|m n|zijn|haar|je) vinger|groente snijden|bij het (?:koken|snijden)"
    r"|over de brug (?:gekomen|komen|kwam)|(?:wel|kunnen) (?:wurgen|vermoorden|killen|afmaken)"
    r"|kan(?: \w+){0,3} wurgen als"
    r"|(?:baas|chef|moeder|mama|pa|vader|juf|meester|leraar|docent|trainer|coach|oma|opa)"
    r" (?:vermoordt|hangt|maakt|vilt|wurgt|slaat) (?:me|mij)(?: \w+)? (?:op |af |dood )?als"
    r"|uit (?:mijn|m n|haar|zijn|je) vel|over mijn lijk"
    r"|(?:sloeg|slaat|slaan|sla) de spijker op (?:zijn|de|z n) kop|(?:een )?moord (?:doen"
    r"|doe) voor|moordend|dodelijk saai|killing|in een deuk"
    r"|spoor (?:\w+ )?bijster|als een trein|(?:telefoon|batterij|accu|laptop)(?: \w+)? dood"
    r"|doodsbang voor (?:spinnen|honden|examens|de tandarts|muizen)|dood en begraven"
    r"|doodgaan van de honger|lach me (?:dood|kapot)|ben (?:echt )?kapot(?! van)"
    r"|kapot van (?:de|het|die|dat) (?:training|werk|sport|wandeling)"
    r"|(?:sla|slaan|sloeg) (?:me|mij|ons|je|zich) (?:er )?(?:wel |toch )?(?:doorheen|erdoorheen)"
    r"|even (?:te )?springen|(?:trampoline|springkussen|bungee|duikplank|parachute)\w*"
    r"|(?:springen|sprong|spring|springt|sprongen)(?: \w+){0,2} van (?:blijdschap|vreugde|geluk"
    r"|plezier|enthousiasme)|een gat in de lucht"
    r"|(?:vermoordt|vermoorden|sloopt|slopen|vermoordde) (?:me|mij)(?: \w+){0,3} met (?:al )?(?:die"
    r"|dat|de|het|deze|dit|al)"
    r"|(?:werk|baan|studie|school|wordle|puzzel|examen|tentamen|deadlines?|hitte|warmte|dit weer"
    r"|presentatie|opdracht|rapport|rapporten|project"
    r"|het weer|kou|stress|hooikoorts|rug|knie|spierpijn|hoofdpijn|sudoku|quiz|administratie"
    r"|verbouwing|file|belastingaangifte)(?: (?:van|vandaag|op|het|de|deze|die|dit|mijn|m n|echt"
    r"|nog|zo|nu|al|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|morgen)){0,3}"
    r" (?:(?:vermoordt|sloopt|maakt) (?:me|mij)(?: \w+)?(?: kapot)?"
    r"|(?:gaat|gaan) (?:me|mij)(?: \w+)? (?:vermoorden|slopen|kapotmaken|afmaken))"
    r"|(?:kon|kan) (?:ik )?(?:me|mij) wel (?:ophangen|verzuipen|doodschieten|voor (?:mijn|m n) kop"
    r" schieten)(?: \w+){0,2} (?:na|om|van|bij|door|toen|met)(?: \w+){0,3} (?:goal|goals"
    r"|wedstrijd|nederlaag|uitslag|penalty|scheids\w*|tentamen|examen|cijfer|file|rapport)"
    r"|(?:telefoon|gsm|nokia|iphone|samsung|mobiel|laptop|computer|pc|printer|wasmachine|koelkast"
    r"|tv|fiets|oplader|router|stofzuiger)(?: \w+){0,2} (?:is |was )?(?:overleden|gestorven"
    r"|heengegaan|de geest gegeven)"
    r"|(?:het )?einde van een (?:tijdperk|era)"
    r"|(?:kerst|sinterklaas|pakjesavond|lootjes|verjaardag)\w*(?: \w+){0,8} wie wat krijgt"
    r"|wie wat krijgt(?: \w+){0,6} (?:kerst|sinterklaas|pakjesavond|lootjes|verjaardag)\w*"
    r"|afscheid (?:\w+ )?(?:van|bij) (?:mijn|m n|het|de|onze|ons|mn) (?:werk|baan|collega\w*|team"
    r"|school|club|klas|vereniging|buurt|werkgever)"
    r"|er (?:\w+ )?geen (?:eind|einde) aan (?:komt|komen|lijkt te komen|kwam)"
    r"|er komt (?:maar )?geen"
    r" (?:eind|einde) aan"
    # "ik sla maaltijden over zodat de kinderen genoeg hebben": skipping, not hitting
    r"|(?:sla|slaat|sloeg|sloegen|slaan)(?: \w+){1,3} over(?= zodat| omdat| want|$)"
    r")\b"
)
_NEGATOR = re.compile(
    r"\b(?:geen(?! (?:enkele )?(?:hoop|zin|uitweg|energie|kracht|puf|toekomst|perspectief|reden"
    r"|nut|waarde))"
    r"|niet(?! meer)(?! (?:dat|of|wat|hoe|waarom|wie)\b)|nooit(?! meer)|zonder|ontkent|ontkende"
    r"|ontkend|niks|niets|noch|clean"
    r"|gestopt met|vrij van|evenmin|distantieer\w*|afstand van)\b(?: \w+){0,4} $"
    r"|\b(?:geen|nooit|niet) sprake(?: geweest)? van\b(?: \w+){0,4} $|\bniemand $"
    # "niet dat ik dood wil, maar ...", "niet op een manier dat ik er niet meer wil zijn"
    r"|^ (?:(?:maar|nou|oh|nee|hoor|en) )?niet dat\b(?: \w+){0,3} $"
    r"|\bniet (?:op (?:een|die|zo n|zon|zo een) manier|in (?:die|de) zin)\b(?: \w+){0,4} $"
    r"|\b(?:het|dat) is (?:\w+ )?niet (?:zo )?dat\b(?: \w+){0,6} $"
    r"|\bgeen (?:aanwijzingen|signalen|tekenen)(?: \w+){0,2} (?:voor|van)\b(?: \w+){0,4} $"
    r"|\b(?:geen|niet|nooit|ontkent|ontkende)\b(?: \w+){1,3} (?:of|en|noch)(?: \w+){0,2} $"
    r"|\bgeen (?:plannen|plan|voorbereidingen|intentie|gedachten|neiging)\b(?: \w+){0,7} $"
    # English, right before the signal: "not suicidal, just sad", "no suicidal thoughts"
    r"|\b(?:not|no|never) $"
)
# "als het niet snel beter wordt stap ik eruit": the negation belongs to the condition.
_NEGATED_CONDITION = re.compile(
    r"\b(?:als|wanneer|indien|zodra)(?: \w+){0,3} (?:niet|geen|nooit)\b(?: (?!(?:niet|geen"
    r"|nooit)\b)"
    r"\w+){2,} $"
)
_CLAUSE_WORDS = frozenset({"dat", "of", "wat", "hoe", "waarom", "wie"})
# "ik snij mezelf niet": in a main clause the negation follows the verb and its object.
_NOT_RIGHT_AFTER = re.compile(r"^ (?:niet|nooit|niks|niets|geen)\b")
# Denial inside a short match ("ik wil niet dood", "doe mezelf niks aan").
_INNER_NEGATION = re.compile(r"\b(?:niet|geen|nooit|niks|niets)\b(?! meer)")
# "vroeg of ik suïcidaal ben, nee": a question answered with no.
_ASKED = re.compile(r"\b(?:vroeg|vraagt|vragen|gevraagd|vraag|navraag) (?:\w+ )?of\b")
_ANSWER_NO = re.compile(r"^(?: \w+){0,4} (?:nee|niet|van niet)\b")
_BARE_NO = re.compile(r"(?:nee|neen|nope)\b")
# "... is uitgevraagd. Mw. geeft aan dat er geen dreiging is": asked about, and denied.
_CLINICAL_QUESTION = re.compile(
    r"\b(?:uitgevraagd|nagevraagd|navraag|uitvraag|doorvra\w*|doorgevraagd|gevraagd (?:naar|of)"
    r"|vraag (?:naar|of)|vroeg(?: \w+){1,3} of|besproken|bespreekbaar gemaakt|getoetst|ingeschat"
    r"|vroeg (?:naar|of))\b"
)
_CLINICAL_NO = re.compile(
    r"^(?:\w+ ){0,10}(?:nee|ontken\w*|negatief|afwezig|van niet|evenmin|(?:voelt"
    r"|voel) zich(?: \w+)? veilig"
    r"|geen (?:sprake|signalen|dreiging|doodswens|\w*gedachten|plannen|risico|aanwijzingen)"
    r"|nooit aan|nooit (?:\w+ )?gedacht|herken\w* zich(?: \w+){0,2} niet|herken\w* (?:dat"
    r"|dit) niet|(?:dat|het) is (?:\w+ ){0,2}niet (?:zo|het geval|waar)|welnee)\b"
)
# "mijn moeder denkt dat ik mezelf iets aandoe, maar dat is niet zo": a thought of someone
# else, denied in a later clause; only the clauses between the thought and the denial.
_THOUGHT = re.compile(
    r"\b(?:denkt|dacht|dachten|denken|vreest|vreesde|vroeg|vraagt|vroegen) (?:\w+ ){0,3}(?:dat"
    r"|of)\b"
)
_NOT_SO = re.compile(
    r"^(?:maar |en )?(?:(?:dat|het) is (?:\w+ ){0,2}niet (?:zo|het geval|waar)(?! dat\b)|(?:nee"
    r"|welnee)"
    r"(?: dus)?(?: echt niet)?$|echt niet$)"
)
# "Mijn ex sloeg me, maar dat is acht jaar geleden."
_THAT_WAS_LONG_AGO = re.compile(
    r"\b\w*(?:gedachten|neigingen|buien|drang|klachten) (?:zijn|is) (?:al )?(?:\w+ ){0,3}"
    r"(?:verdwenen|over|voorbij)\b|\blaatste keer(?: \w+){0,4} geleden\b|"
    r"\b(?:dat|het) (?:is|was)(?: \w+){0,3} (?:geleden|voorbij|verleden tijd|lang terug|terug)\b"
    r"|\b(?:woon|wonen|woont|ben|is|zijn|voel \w+|voelt zich)(?: (?!niet\b|nergens\b|nooit\b"
    r"|geen\b|onvoldoende\b)\w+){0,4}"
    r" veilig\b"
    r"|\b(?:die|dat|deze)(?: \w+){0,4} (?:is|zijn) (?:\w+ )?(?:verdwenen|overgegaan)\b"
)
# The next sentence closes the story: "Dat is nu acht jaar voorbij."
_IT_IS_OVER = re.compile(r"^(?:en )?(?:dat|het) (?:is|was)(?: \w+){0,4} (?:geleden|voorbij)\b")
# Someone else was killed: the bereaved speak, no threat to the writer ("mijn zus is
# vermoord door haar ex"); a first person in the rest of the sentence still counts.
_KILLED = re.compile(
    r"\b(?:is|werd|zijn|werden|ben)(?: \w+){0,2} (?:vermoord|doodgeschoten|doodgestoken"
    r"|om het leven gebracht|doodgeslagen)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:ik|mezelf|mijzelf|me|mij|(?:mijn|m n|dit) leven)\b")
_NOW = re.compile(rf"\b(?:{NOW})\b")
_NOW_DENIED = re.compile(
    rf"\b(?:niet|geen|zonder)(?: \w+){{0,2}} (?:{NOW})\b|(?:{NOW}) heeft\w* (?:hij|zij|ze) niet"
)
_FEAR = re.compile(rf"\b(?:{FEAR})\b")
_MEANS = re.compile(rf"\b(?:{MEANS})\b")
_READY = re.compile(
    r"\b(?:staat (?:al )?klaar|liggen klaar|klaar liggen|ligt al klaar|liggen al klaar|hangt al"
    r"|hangt klaar"
    r"|klaarligt|klaarliggen"
    r"|al opgehangen|voor me op tafel|voor me liggen|naast me liggen|naast me ligt|bij me en"
    r"|(?:liggen|ligt|staan|staat) (?:hier |al )?naast (?:me|mij)"
    r"|geladen|in mijn hand|in zijn hand|in haar hand|op tafel|klaargelegd|klaargezet"
    r"|zit al om|om (?:mijn|m n|zijn|haar) (?:nek|hals))\b"
)
# With the means at hand: "weet niet of ik ga stoppen".
_MAY_NOT_STOP = re.compile(r"\bweet (?:\w+ ){0,2}niet of ik (?:\w+ ){0,2}(?:stop|stoppen|ophoud)\b")
_STATE = re.compile(
    r"\b(?:reageert (?:bijna |helemaal )?niet|(?:nu )?niet meer reageert|alles draait|wazig"
    r"|misselijk|bewusteloos"
    r"|niet aanspreekbaar|suf|slaperig"
    r"|draaierig|hart gaat|praat (?:nu )?(?:heel )?raar|zich(?: \w+){0,4} opgesloten"
    r"|licht in (?:mijn|het|zijn|haar) hoofd|zegt (?:niks|niets) meer|ligt op de grond"
    r"|niet wakker te krijgen|reageert nergens (?:meer )?op|hart (?:klopt|bonkt|doet) raar"
    r"|alles tintelt)\b"
)
_FETCH = re.compile(
    r"\b(?:me|mij|haar|ons|hem)(?: \w+){0,2} (?:komt|komen|gaat|zal) (?:\w+ )?(?:halen|pakken"
    r"|meenemen)"
    r"|(?:komt|komen|gaat|zal)(?: \w+){0,2} (?:me|mij|haar|ons) (?:\w+ )?(?:halen|pakken"
    r"|meenemen)\b"
)
_MINOR = re.compile(r"\bik ben (?:pas )?(?:[6-9]|1[0-7])\b")
_MINOR_UNSAFE = re.compile(
    r"\b(?:geen eten|alleen thuis|slaat|slaan|geslagen|nachts|bang|niet naar huis|dagen niet"
    r"|klappen)\b"
)
_HEIGHT = re.compile(rf"\b(?:{HEIGHT}|viaduct|galerij|kanaal|rivier)\b")
_JUMP = re.compile(r"\b(?:spring|springt|springen|springe|te springen)\b")
_JUMP_DENIED = re.compile(
    r"\b(?:niet|geen|nooit)(?: \w+){0,4} (?:spring|springt|springen|te springen)\b"
)
_LOCKED_IN = re.compile(
    r"\b(?:deur op slot|stoel (?:ervoor|voor de deur|tegen de deur)|opgesloten op de wc"
    r"|zit opgesloten"
    r"|verstopt op|zit(?: \w+){0,4} op slot)\b"
)
# Held in by someone: "de deur op slot gedaan en de sleutel meegenomen. ik kan er niet uit".
_HELD_IN = re.compile(
    r"\b(?:op slot (?:gedaan|gedraaid)|sleutel(?: \w+)? (?:meegenomen|afgepakt|afgenomen)"
    r"|opgesloten)\b"
)
_CANNOT_LEAVE = re.compile(
    r"\b(?:kan|kom|mag|kunnen|komen) (?:ik |we |wij )?(?:er|hier|het huis)(?: \w+)? niet (?:meer )?"
    r"(?:uit|weg|af)\b"
)
_AGGRESSOR = re.compile(r"\b(?:dronken|drinkt|gedronken|boos|agressief|slaat|woedend)\b")
_GRIEF = re.compile(
    r"\b(?:dood van|overleden|overlijden|gestorven|begraven|weduw\w*"
    r"|(?:is|zijn|was) (?:al )?(?:\w+ ){0,3}dood)\b"
)
_JOIN_THE_DEAD = re.compile(
    r"\b(?:wil|wilt|ga|gaan|moet|zou|wou) (?:\w+ ){0,2}naar (?:haar|hem|opa|oma|papa|mama"
    r"|mijn \w+) toe\b|"
    r"\b(?:wil|wilt|zou|wou)(?: \w+){0,3} bij (?:haar|hem|opa|oma|mijn \w+|papa|mama)"
    r"(?: \w+)? (?:zijn|gaan)\b"
    r"|\bnaar (?:haar|hem|opa|oma|papa|mama) toe (?:moet|moeten|wil|wilt|ga|gaan|kom|komen)\b"
)
_WEAPON_OR_THREAT = re.compile(
    r"\b(?:mes|pistool|wapen|geweer|hamer|bijl|knuppel|dreig\w*|bedreig\w*|bang)\b"
)
# Asleep for good: "kon ik maar gaan slapen ... voor altijd".
_SLEEP_FOREVER = re.compile(r"\b\w*slap\w*(?: \w+){0,8} (?:voor altijd|voorgoed|eeuwig)\b")
# Wishing it would stop: "kon ik maar ... en dat het dan ophoudt".
_WISH_IT_STOPS = re.compile(
    r"\b(?:kon|was|had|mocht) (?:ik|het) maar\b(?: \w+){0,8} dat (?:het|alles)(?: \w+){0,3}"
    r" (?:ophoudt|stopt|over is|voorbij is)\b"
)
# Quitting, and saying it means everything or life: "ermee ophouden. met alles bedoel ik".
_QUIT = re.compile(
    r"\b(?:ermee|er mee|er \w+ mee)(?: \w+){0,2} (?:op te houden|ophouden|stoppen|te stoppen"
    r"|kappen)"
    r"|\b(?:stap\w* (?:ik |hij |ze |zij )?(?:eruit|er uit)|(?:eruit|er uit) (?:te )?stap\w*"
    r"|wil (?:\w+ )?(?:eruit|er uit))\b"
)
_ALL = re.compile(
    r"\b(?:met|uit) (?:alles|leven|het leven)(?: dus)?(?: |$)(?!\w)|\balles bedoel"
    r"|\bbedoel ik (?:alles|het leven)"
)
# A plan made ready ("de brief ligt klaar") and a time ("morgen doe ik het").
_PLAN_READY = re.compile(
    r"\b(?:alles|brief|briefje|afscheidsbrief|het) (?:ligt|is|staat)(?: \w+){0,2} (?:klaar|geregeld"
    r"|beslist|besloten)\b|\b(?:brief|briefje|afscheidsbrief) (?:\w+ )?(?:op tafel|op (?:mijn|het"
    r"|m n) (?:bed|kussen|bureau))\b"
)
_LETTER = re.compile(r"\b(?:afscheids)?brie(?:f|ven|fje|fjes)\b")  # one letter or more
_DO_IT = re.compile(
    r"\b(?:morgen|vanavond|vannacht|straks|dit weekend)(?: \w+){0,2} (?:doe|ga) ik het\b"
    r"|\bik (?:doe|ga) het (?:morgen|vanavond|vannacht|straks|dit weekend)\b"
)
# Something taken, amount unknown: "ik heb iets ingenomen, hoeveel weet ik niet".
_TOOK_SOMETHING = re.compile(
    r"\b(?:iets|van alles|een heleboel)(?: \w+){0,2} (?:ingenomen|geslikt|genomen)\b"
    r"(?! (?:tegen|voor)\b)"
)
_AMOUNT_UNKNOWN = re.compile(
    r"\bhoeveel(?: \w+){0,2} weet (?:ik )?(?:het )?niet|\b(?:was|is) een fout\b|\bspijt\b"
    r"|\bweet (?:ik )?(?:het )?niet (?:meer )?"
    r"(?:hoeveel|wat)\b|\bte ?veel\b"
)
# Going to a height and not coming back.
_NO_RETURN = re.compile(
    r"\b(?:niet|nooit) meer (?:terug|thuis)\w*(?! (?:voor|naar|bij|om|in|op|met|van)\b)"
    r"|\bniet (?:meer )?terug (?:wil|komt|kom)\b"
    r"|(?:^| )niet (?:naar (?:me|mij) )?(?:komen )?zoeken$"
)
# A threat on condition: "als ik wegga vindt hij me en maakt me af".
_IF_I_LEAVE = re.compile(
    r"\b(?:als|wanneer|zodra) (?:ik|ze|zij|je|jij)(?: \w+){0,3} (?:wegga|weggaat|weg ga|weg gaat"
    r"|vertel|vertelt|aangifte doe\w*|de politie bel\w*|verlaat|bij hem wegga\w*"
    r"|bij haar wegga\w*|naar (?:de )?(?:advocaat|politie|rechter) ga\w*|(?:niet )?trouw\w*"
    r"|scheid\w*|(?:niet )?stop|nee zeg|weiger\w*)\b"
)
_THREAT_WORD = re.compile(
    r"\b(?:vindt|afmaakt|afmaken|vermoord\w*|gebruikt|doodmaakt|iets aandoet|kapotmaakt|mes"
    r"|pistool|wapen|geweer|vinden|ongelukje|begraaft|begraaf|begraven|kapot|niet (?:\w+ )?(?:halen"
    r"|overleeft|overleef|meemaakt))\b"
)
# Violence heard through the wall: screaming and a blow, or a child begging.
_SCREAM = re.compile(r"\b(?:gil\w*|schreeuw\w*|gegil|geschreeuw)\b")
_BLOW = re.compile(
    r"\b(?:een|harde|hard) (?:klap|dreun|bonk)\b(?! (?:voor|te|gehad)\b)|\bgebonk\b"
    r"|\ben klappen\b"
)
_PLEA = re.compile(
    r"\b(?:papa|mama|pap|mam)(?: \w+)? niet (?:doen|slaan)\b|\bniet (?:slaan|doen)(?: \w+)? (?:papa"
    r"|mama|pap|mam)\b"
)
# Means saved up across sentences: "pillen ... maanden voor gespaard".
_SAVED = re.compile(r"\b(?:gespaard|opgespaard|gehamsterd|verzameld)\b")
# Farewell spread over sentences: letters, and "voor later" on its own.
_FOR_LATER = re.compile(r"^voor (?:later|straks|na mijn dood|als ik (?:\w+ )?(?:weg|dood) ben)$")
# Accounts deleted, and a last word to others.
_DELETED = re.compile(
    r"\b(?:accounts?|profiel\w*|socials|social media|insta\w*|facebook|tiktok"
    r"|snapchat)(?: \w+){0,3}"
    r" (?:verwijderd|gewist|opgeheven|gedeletet|gedeleted|deleted)\b"
    r"|\b(?:verwijder|wis|delete)\w* (?:al )?(?:mijn|m n) (?:accounts|socials|profielen)\b"
)
_LAST_WORD = re.compile(
    r"\bnog (?:een|1|een laatste) keer (?:zeggen|laten weten|bedanken)\b|\bjullie (?:\w+ )?waren\b"
    r"|\bbedankt voor alles\b|\blaatste (?:keer|bericht)\b|\bdag zeggen\b|\bvaarwel\b"
    r"|\bbehalve (?:deze|dit)\b"
)
# "kan niet meer. wil niet meer.": both, each closing its clause.
_CANNOT_GO_ON = re.compile(r"(?:^|\bik )kan (?:echt |gewoon |het )?niet meer$")
_WILL_NOT_GO_ON = re.compile(r"(?:^|\bik )wil (?:echt |gewoon |het )?niet meer$")
# An ending said with a wink: "de laatste trein, je weet wel welke ik bedoel", "letterlijk".
_HINT = re.compile(
    r"\bje weet (?:wel )?(?:wat|welke|hoe|wie) ik bedoel\b|\ben dan bedoel ik niet\b"
    r"|\bals je (?:begrijpt|snapt) wat ik bedoel\b|^(?:en )?letterlijk$|\bniet figuurlijk\b"
    r"|\b(?:bij|voor|met) (?:mezelf|mijzelf) bedoel ik\b|\bbedoel ik (?:bij|voor) (?:mezelf"
    r"|mijzelf)\b"
)
_FINAL = re.compile(
    r"\blaatste (?:trein|seizoen|reis|rit|ronde|level|hoofdstuk|wedstrijd|dans|bus|wandeling)\b"
    r"|\bgame over\b|\beindstation\b|\bvoorgoed\b|\bvoor altijd\b|\bstekker (?:er ?uit|eruit)\b"
)
# At the rails, with the time of a train.
_AT_RAILS = re.compile(
    r"\b(?:bij|op|langs|naast|aan) (?:het|de) (?:\w*spoor|rails|spoorlijn|overweg"
    r"|spoorwegovergang)\b"
)
_TRAIN_SOON = re.compile(
    r"\btrein(?: \w+){0,3} (?:om \d+|over \d+|zo meteen|straks)\b"
    r"|\b(?:om|over) \d+(?: \d+)?(?: \w+){0,3} (?:komt|gaat|rijdt|passeert) (?:de )?trein\b"
)
_RESIDENCE = re.compile(r"\b(?:woon|woont|wonen|woonde|werk|werkt|huis|flat)\b")
# Someone else takes up a weapon and says something threatening.
_WEAPON_TAKEN = re.compile(
    rf"\b{OTHER}(?: \w+){{0,3}} (?:pakt|pakte|greep|grijpt|haalde|haalt|trok|trekt)(?: \w+){{0,3}}"
    r" (?:\w*mes|pistool|wapen|schaar|bijl|hamer|knuppel)\b"
)
_THREAT_SAID = re.compile(
    r"\b(?:als (?:ik|je|jij)|anders|dreig\w*|oppassen|kapot|dood|af|te grazen|pijn doen)\b"
)
# A photo of the means sent, with a sorry or silence after it.
_PHOTO_OF_MEANS = re.compile(
    r"\b(?:foto|fotos|foto s|plaatje|selfie|filmpje|snap|story)(?: \w+){0,3} (?:van|met)"
    r"(?: \w+){0,3} (?:\w*touw|strop|\w*pillen|tabletten|mes|mesje"
    r"|scheermes\w*|pistool|geweer|wapen)\b"
)
_SORRY_OR_SILENT = re.compile(
    r"\b(?:sorry(?! voor (?!alles))|het spijt me|vergeef|neemt (?:\w+ )?niet (?:meer )?op"
    r"|reageert (?:\w+ )?niet"
    r"|niet bereikbaar|vaarwel|afscheid)\b"
)
# A rope or a gun in the story, and not knowing how long one holds on.
_STRONG_MEANS = re.compile(r"\b(?:\w*touw|strop|pistool|\w*geweer)\b")
_DESPAIR = re.compile(
    r"\bhoe lang (?:ik|ze|hij|zij) (?:het|dit) nog (?:volhoud|volhoudt|kan volhouden|trek|trekt"
    r"|uithoud|uithoudt)\b"
)
# "ik doe het mezelf aan" with pain, blood or punishment in the same sentence.
_TO_MYSELF = re.compile(
    r"\b(?:doe|doet|deed|gedaan) (?:het|dit|dat) (?:\w+ )?(?:mezelf|mijzelf|zichzelf) aan\b"
)
_HARM_CONTEXT = re.compile(r"\b(?:pijn|bloed\w*|snij\w*|kras\w*|wond\w*|straf\w*|littekens?)\b")
# A past clause closed by "nu gaat het goed" later in the sentence.
_RECOVERED = re.compile(
    r"\b(?:(?:nu|inmiddels|tegenwoordig|gelukkig|sindsdien)(?: (?!niet|geen|nooit|minder"
    r"|slecht)\w+)"
    r"{0,4} (?:goed|beter|prima|sterk|stabiel|gelukkig|fijn|top)|alhamdulillah|mi de bun)\b"
)
_RECOVERED_NEXT = re.compile(
    r"\b(?:het )?gaat (?:(?:nu|inmiddels|weer|echt|gelukkig|het) )*(?:goed|beter|prima)\b"
)
_PAST_TENSE = re.compile(
    r"\b(?:wilde|wou|dacht|was|waren|had|stond|deed|sneed|kraste|probeerde|nam|voelde)\b"
)
_SAVED_DENIED = re.compile(
    r"\b(?:geen|niet|nooit)(?: \w+){0,3} (?:gespaard|opgespaard|gehamsterd|verzameld)\b"
)
_HISTORY = "history"  # a past signal: not a crisis by itself
# "denk ik er aan terug" remembers; "de gedachten komen terug" is the thing itself again.
_RECURRENCE = re.compile(
    r"\b(?:weer|opnieuw|terug)(?: \w+){0,4} (?:denk\w*|dacht|gedachte\w*|drang|neiging|plannen?)\b"
    r"|\b(?:gedachte\w*|drang|neiging|plannen?)(?: \w+){0,4} (?:weer|opnieuw|terug)\b"
    r"|\b(?:denk\w*|dacht)(?: \w+){0,4} (?:weer|opnieuw)\b"
)
# Car exhaust in a closed garage, told in two clauses: "in de garage, motor aan".
_GARAGE = re.compile(r"\b\w*garage\b")
_ENGINE_ON = re.compile(r"\bmotor (?:\w+ )?(?:aan|draait|laten draaien|loopt)\b")
# A cord and a locked door or silence: "op zijn kamer met een riem, de deur op slot".
_LIGATURE = re.compile(r"\b(?:riem|\w*touw|strop|koord|kabel|ceintuur)\b")
_SHUT_AWAY = re.compile(
    r"\b(?:deur (?:\w+ )?op slot|op slot gedaan|doet (?:\w+ )?niet open|geen antwoord"
    r"|reageert (?:\w+ )?niet|neemt (?:\w+ )?niet op|hoor (?:\w+ )?(?:niks|niets) meer)\b"
)
# An open window high up: "14e verdieping, raam staat open".
_HIGH_FLOOR = re.compile(
    r"\b(?:\d+(?:e|de|ste)?|hoogste|bovenste|\w+tiende|tiende|elfde|twaalfde) (?:verdieping"
    r"|etage)\b"
)
_OPEN_WINDOW = re.compile(r"\braam (?:\w+ )?(?:open|opengezet|wijd open)\b")
# A last message of love, then silence: "zorg goed voor mama, ik hou van jullie" ...
# "hij neemt niet op".
_LAST_LOVE = re.compile(
    r"\bzorg (?:goed )?voor (?:mama|papa|mam|pap|elkaar|de kinderen|de kids|mijn \w+)\b"
    r"|\bik hou (?:zoveel |heel veel |zo veel )?van jullie\b|\b(?:om )?het af te maken$"
)
# "gewoon zodat iemand het weet": said at the rails, the edge or with the means.
_SO_SOMEONE_KNOWS = re.compile(r"\bzodat (?:iemand|jullie|je|u) het (?:weet|weten)\b")
# Letters for the people one loves, hidden or with no date yet.
_LETTER_FOR_LOVED = re.compile(
    r"\bbrie\w*(?: \w+){0,2} (?:geschreven |achtergelaten )?(?:voor|aan) (?:mijn|m n|haar|zijn)"
    r" (?:moeder|vader|ouders|kinderen|zus|broer|vrouw|man|partner|beste|vriend\w*|familie)\b"
)
_NOT_YET_WHEN = re.compile(r"\bweet (?:\w+ ){0,2}niet wanneer\b|\bin de la\b")
# A stalker: an ex waiting at the door, every evening.
_EX = re.compile(r"\b(?:ex|ex vriend|ex man|ex vrouw|expartner|ex partner)\b")
_WAITING_AT_HOME = re.compile(
    r"\b(?:staat|stond|wacht|wachtte|loopt|liep)(?: \w+){0,4} (?:bij|voor|in|rond) (?:mijn|m n|het"
    r"|de|ons) (?:deur|flat|huis|werk|trappenhuis|portiek|school|raam)\b"
)
_EVERY_DAY = re.compile(
    r"\b(?:elke|iedere) (?:avond|dag|nacht|ochtend|week)\b|\bal (?:weken|maanden)\b"
)
# Going for good, said across clauses: "gewoon stoppen, voorgoed", "wil weg. voorgoed".
_FOR_GOOD = re.compile(
    r"\b(?:stoppen|weg|verdwijnen|ophouden)(?: (?:gewoon|echt|dan|maar))? voorgoed\b"
    r"|\b(?:don t|do not|dont) want to exist\b|\bwant to (?:disappear|be gone) forever\b"
)
# Burns like a cigarette's, on a child's arms.
_CIGARETTE_BURNS = re.compile(
    r"\bbrandplek\w*(?: \w+){0,8} sigaret\w*|\bsigaret\w*(?: \w+){0,4} (?:uitgedrukt|uitdrukken"
    r"|uitdrukt) op\b"
)
# Something drunk that is poison: "een fles leeggedronken, ik denk onkruidverdelger".
_POISON = re.compile(
    r"\b(?:onkruidverdelger|gootsteenontstopper|antivries|ammoniak|bleekwater|\w*gif|chloor"
    r"|wasmiddel|lampolie|terpentine)\b"
)
_DRANK = re.compile(r"\b(?:gedronken|leeggedronken|opgedronken|ingenomen|geslikt|drinkt)\b")
_PRIORITY = (ACUTE, VIOLENCE, SUICIDE, PSYCHOSIS)
_INNER_RULES = frozenset(
    {
        "want_death",
        "better_dead",
        "self_harm",
        "must_die",
        "method",
        "hit",
        "threat",
        "think_of_death",
        "abuse_act",
        "wish_struck",
        "beaten",
        "hoarding_means",
    }
)


@dataclass(frozen=True)
class Hit:
    """A rule that fired in one segment (no text kept: only the rule's name and kind)."""

    rule: str
    kind: str


def _denied(rule: Rule, before: str, match: str, after: str, rest: str) -> bool:
    """`after`: the rest of the sentence; `rest`: the rest of this segment only."""
    if rule.name in _INNER_RULES and (
        _INNER_NEGATION.search(match) or _NOT_RIGHT_AFTER.search(rest)
    ):
        return True
    first = match.split(" ", 1)[0]
    if first in _CLAUSE_WORDS:  # "weet niet of ik er nog ben": the negation is not the signal's
        before += first + " "
    if (_NEGATOR.search(before) and not _NEGATED_CONDITION.search(before)) or NEGATION_AFTER.search(
        after
    ):
        return True
    return bool(_ASKED.search(before) and _ANSWER_NO.search(after))


def _past_only(segment: str) -> bool:
    return bool(PAST.search(segment)) and not PRESENT.search(segment)


@dataclass(frozen=True)
class _Context:
    """What the surrounding sentence says about the hits in one segment."""

    after: str  # the rest of the sentence
    topic: bool  # the sentence is about a book, a lesson, the news ...
    history: bool  # the sentence closes with "dat is jaren geleden"
    asked_no: bool  # a clinical question about risk, answered no here or in the next sentence
    joking: bool
    lead: str = ""  # the clause a short "en zelfbeschadiging" continues ("ontkent X en Y")


# "ontkent suïcidale gedachten en zelfbeschadiging": a short clause that only adds to a
# list continues a denial before it ("geen hoop meer en wil dood" is no list of denials).
_LIST_CONTINUES = re.compile(r"^(?:en|of|noch)(?: \w+){1,3}$")
_LIST_DENIAL = re.compile(r"\b(?:ontken\w*|geen sprake van|zonder)\b")


def _segment_hits(segment: str, context: _Context) -> list[Hit]:
    plain = " ".join(_IDIOMS.sub(" ", segment).split())
    found: list[Hit] = []
    completed = bool(COMPLETED.search(plain))
    topic_here = bool(TOPIC.search(plain))
    killed = bool(_KILLED.search(plain))
    for rule in RULES:
        for match in rule.pattern.finditer(plain):
            prefix = " ".join(f"{context.lead} {plain[: match.start()]}".split())
            before = f" {prefix} " if prefix else " "
            after = " " + " ".join((plain[match.end() :] + " " + context.after).split())
            rest = " " + plain[match.end() :].strip()
            if _denied(rule, before, match.group(0), after, rest) or (context.asked_no):
                continue
            if _past_only(plain) or context.history:
                if rule.kind in (SUICIDE, ACUTE):
                    found.append(Hit(rule.name, _HISTORY))  # may come back: see _text_hits
                continue
            if completed and rule.kind in (SUICIDE, ACUTE):
                near = " ".join(before.split()[-4:]) + " " + match.group(0)
                if not (rule.personal and _FIRST_PERSON.search(near)):
                    continue  # someone else's suicide or death, reported by the bereaved
            if (
                killed
                and rule.kind == VIOLENCE
                and not (_FIRST_PERSON.search(plain) or _FIRST_PERSON.search(context.after))
            ):
                continue  # someone else killed, reported by the bereaved
            if (topic_here or context.topic) and not (
                rule.personal and _FIRST_PERSON.search(plain)
            ):
                continue  # about a book, a lesson, the news; a first-person risk still counts
            if context.joking and rule.name in ("threat", "method", "hit"):
                continue
            found.append(Hit(rule.name, rule.kind))
            if rule.kind != PSYCHOSIS:
                break  # psychosis signs are counted, the others need only one
    return found


def _history(sentences: tuple[tuple[str, ...], ...], position: int) -> bool:
    """The whole sentence speaks of a past that is over."""
    sentence = sentences[position]
    whole = " ".join(sentence)
    following = " ".join(sentences[position + 1]) if position + 1 < len(sentences) else ""
    recovered_next = bool(PAST.search(whole) and _RECOVERED_NEXT.search(following))
    return bool(_THAT_WAS_LONG_AGO.search(whole) or _IT_IS_OVER.search(following)) or (
        (_past_only(sentence[0]) or recovered_next) and not PRESENT.search(whole)
    )


def _recovered_before(sentence: tuple[str, ...], index: int) -> bool:
    """A past-tense clause followed by "maar nu gaat het goed" in the same sentence."""
    segment = sentence[index]
    if PRESENT.search(segment) or not (PAST.search(segment) or _PAST_TENSE.search(segment)):
        return False
    return any(_RECOVERED.search(later) for later in sentence[index + 1 :])


def _thought_denied(sentence: tuple[str, ...], index: int, following: str) -> bool:
    """This clause reports someone's thought or question that a later clause denies."""
    if not any(_THOUGHT.search(s) for s in sentence[: index + 1]):
        return False
    return any(_NOT_SO.search(s) for s in (*sentence[index + 1 :], following) if s)


def _denial_continued(sentence: tuple[str, ...], index: int) -> str:
    """The clause before, when this one only adds to the list that clause denies."""
    if (
        index
        and _LIST_CONTINUES.match(sentence[index])
        and _LIST_DENIAL.search(sentence[index - 1])
    ):
        return sentence[index - 1]
    return ""


def hits(text: str) -> tuple[list[Hit], Prepared]:
    """Every rule hit in the text, after the guards."""
    prepared = prepare(text)
    found: list[Hit] = []
    sentences = prepared.sentences
    for position, sentence in enumerate(sentences):
        whole = " ".join(sentence)
        following = " ".join(sentences[position + 1]) if position + 1 < len(sentences) else ""
        question = _CLINICAL_QUESTION.search(whole)
        asked_no = question is not None and bool(
            _CLINICAL_NO.search(whole[question.end() :].strip()) or _CLINICAL_NO.search(following)
        )
        # "Zelfbeschadiging? Nee.": a bare term answered no in the next sentence;
        # "Suïcidaliteit: geen doodswens, geen plannen": a form's label answered in its line.
        asked_no = asked_no or (
            len(sentence) == 1 and len(whole.split()) <= 2 and bool(_BARE_NO.match(following))
        )
        label_denied = (
            len(sentence) > 1
            and len(sentence[0].split()) <= 2
            and bool(_CLINICAL_NO.match(sentence[1]))
        )
        history = _history(sentences, position)
        for index, segment in enumerate(sentence):
            context = _Context(
                after=" ".join(sentence[index + 1 :]),
                topic=bool(TOPIC.search(whole)),
                history=history or _recovered_before(sentence, index),
                asked_no=asked_no
                or (index == 0 and label_denied)
                or _thought_denied(sentence, index, following),
                joking=prepared.joking,
                lead=_denial_continued(sentence, index),
            )
            found.extend(_segment_hits(segment, context))
    return found, prepared


def _now(prepared: Prepared) -> bool:
    flat = " " + _IDIOMS.sub(" ", prepared.flat) + " "
    return bool(_NOW.search(flat)) and not _NOW_DENIED.search(flat)


def _text_hits(found: list[Hit], prepared: Prepared) -> list[Hit]:
    """Signals that need the whole text: means made ready, a person who no longer responds."""
    flat = " " + _IDIOMS.sub(" ", prepared.flat) + " "
    means = bool(_MEANS.search(flat))
    more = []
    if any(h.kind == _HISTORY for h in found) and _RECURRENCE.search(flat):
        more.append(Hit("back_again", SUICIDE))  # "vroeger een poging, nu weer gedachten"
    if means and (_READY.search(flat) or _MAY_NOT_STOP.search(flat)):
        more.append(Hit("means_ready", ACUTE))
    if (means or any(h.kind == SUICIDE for h in found)) and _STATE.search(flat):
        more.append(Hit("unresponsive", ACUTE))
    if _FETCH.search(flat) and _WEAPON_OR_THREAT.search(flat):
        more.append(Hit("coming_for_me", VIOLENCE))
    if _MINOR.search(flat) and _MINOR_UNSAFE.search(flat):
        more.append(Hit("child_alone", VIOLENCE))
    for sentence in prepared.sentences:
        for index, segment in enumerate(sentence):
            if not _JUMP.search(segment) or prepared.joking:
                continue
            near = " ".join(
                _IDIOMS.sub(" ", " ".join(sentence[max(0, index - 1) : index + 1])).split()
            )
            if not (_HEIGHT.search(near) and _JUMP.search(near)) or _JUMP_DENIED.search(near):
                continue
            whole = " ".join(sentence)
            if not (_past_only(near) or TOPIC.search(whole) or _THAT_WAS_LONG_AGO.search(whole)):
                more.append(Hit("jump", SUICIDE))
    if _SLEEP_FOREVER.search(flat) or _WISH_IT_STOPS.search(flat):
        more.append(Hit("sleep_forever", SUICIDE))
    if _QUIT.search(flat) and _ALL.search(flat):
        more.append(Hit("quit_all", SUICIDE))
    if _PLAN_READY.search(flat) and (
        _DO_IT.search(flat) or (_LETTER.search(flat) and _now(prepared))
    ):
        more.append(Hit("plan_ready", ACUTE))
    if _TOOK_SOMETHING.search(flat) and _AMOUNT_UNKNOWN.search(flat):
        more.append(Hit("took_something", ACUTE))
    if means and any(
        _SAVED.search(" ".join(sentence))
        and not _SAVED_DENIED.search(" ".join(sentence))
        and not _history(prepared.sentences, position)
        for position, sentence in enumerate(prepared.sentences)
    ):
        more.append(Hit("means_saved", SUICIDE))
    if _NO_RETURN.search(flat) and _HEIGHT.search(flat) and not prepared.joking:
        more.append(Hit("no_return", ACUTE))
    for sentence in prepared.sentences:
        whole = " ".join(sentence)
        if _IF_I_LEAVE.search(whole) and _THREAT_WORD.search(whole):
            more.append(Hit("conditional_threat", VIOLENCE))
    if (_SCREAM.search(flat) and _BLOW.search(flat)) or _PLEA.search(flat):
        more.append(Hit("heard_violence", VIOLENCE))
    if _HELD_IN.search(flat) and _CANNOT_LEAVE.search(flat):
        more.append(Hit("held_in", VIOLENCE))
    if _LOCKED_IN.search(flat) and _AGGRESSOR.search(flat):
        more.append(Hit("barricaded", VIOLENCE))
    if _GRIEF.search(flat) and _JOIN_THE_DEAD.search(flat):
        more.append(Hit("join_the_dead", SUICIDE))
    segments = prepared.segments
    if _LETTER.search(flat) and any(_FOR_LATER.search(s) for s in segments):
        more.append(Hit("letters_for_later", SUICIDE))
    if _DELETED.search(flat) and _LAST_WORD.search(flat):
        more.append(Hit("accounts_deleted", SUICIDE))
    if any(_CANNOT_GO_ON.search(s) for s in segments) and any(
        _WILL_NOT_GO_ON.search(s) for s in segments
    ):
        more.append(Hit("cannot_will_not", SUICIDE))
    if any(_HINT.search(s) for s in segments) and _FINAL.search(flat) and not prepared.joking:
        more.append(Hit("hinted_ending", SUICIDE))
    if _TRAIN_SOON.search(flat) and any(
        _AT_RAILS.search(w) and not _RESIDENCE.search(w)
        for w in (" ".join(sentence) for sentence in prepared.sentences)
    ):
        more.append(Hit("rails_train_time", ACUTE))
    if _PHOTO_OF_MEANS.search(flat) and _SORRY_OR_SILENT.search(flat):
        more.append(Hit("photo_of_means", ACUTE))
    if _STRONG_MEANS.search(flat) and _DESPAIR.search(flat):
        more.append(Hit("means_and_despair", SUICIDE))
    if _FOR_GOOD.search(flat) and not prepared.joking:
        more.append(Hit("for_good", SUICIDE))
    if _CIGARETTE_BURNS.search(flat):
        more.append(Hit("cigarette_burns", VIOLENCE))
    if _POISON.search(flat) and _DRANK.search(flat):
        more.append(Hit("poison_drunk", ACUTE))
    if _GARAGE.search(flat) and _ENGINE_ON.search(flat):
        more.append(Hit("engine_in_garage", ACUTE))
    if _LIGATURE.search(flat) and _SHUT_AWAY.search(flat):
        more.append(Hit("cord_behind_a_door", ACUTE))
    if _HIGH_FLOOR.search(flat) and _OPEN_WINDOW.search(flat):
        more.append(Hit("open_window_high", ACUTE))
    if any(_LAST_LOVE.search(s) for s in segments) and (
        _SORRY_OR_SILENT.search(flat) or _SHUT_AWAY.search(flat)
    ):
        more.append(Hit("last_words_then_silence", ACUTE))
    if _SO_SOMEONE_KNOWS.search(flat) and (
        means or _HEIGHT.search(flat) or _TRAIN_SOON.search(flat)
    ):
        more.append(Hit("so_someone_knows", ACUTE))
    if _LETTER_FOR_LOVED.search(flat) and _NOT_YET_WHEN.search(flat):
        more.append(Hit("letters_for_loved_ones", SUICIDE))
    if _EX.search(flat) and _WAITING_AT_HOME.search(flat) and _EVERY_DAY.search(flat):
        more.append(Hit("stalked", VIOLENCE))
    for sentence in prepared.sentences:
        whole = " ".join(sentence)
        if _TO_MYSELF.search(whole) and _HARM_CONTEXT.search(whole):
            more.append(Hit("done_to_myself", SUICIDE))
        if _WEAPON_TAKEN.search(whole) and _THREAT_SAID.search(whole):
            more.append(Hit("weapon_taken", VIOLENCE))
    return more


def classify(found: list[Hit], prepared: Prepared) -> str | None:
    """The kind of crisis the hits amount to, or None."""
    found = found + _text_hits(found, prepared)
    kinds = {hit.kind for hit in found} - {_HISTORY}
    psychosis = [hit for hit in found if hit.kind == PSYCHOSIS]
    if psychosis:
        strong = any(hit.rule in ("voices", "poisoned") for hit in psychosis) or len(psychosis) >= 2
        if not (strong or len(psychosis) >= 2 or _FEAR.search(prepared.flat)):
            kinds.discard(PSYCHOSIS)
    if SUICIDE in kinds and _now(prepared):
        kinds.add(ACUTE)
    return next((kind for kind in _PRIORITY if kind in kinds), None)


def detect_kind(text: str) -> str | None:
    """The crisis kind the lexical layer finds in a text, or None."""
    found, prepared = hits(text)
    return classify(found, prepared)
