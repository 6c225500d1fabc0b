"""Every sentence the chat says, in warm, short Dutch (B1), in one place.

Nothing here ever repeats what a resident typed: replies are built only from
our own words, taxonomy labels, municipality names and catalogue data.
"""

from __future__ import annotations

from catalogue.taxonomy import COSTS, THEMES, WEEKDAYS
from matcher.crisis import help_for
from matcher.pipeline import Option

GREETING = (
    "Hoi, fijn dat je er bent. Ik help je een groep te vinden waar je zelf naartoe kunt, "
    "bij jou in de buurt of online.\n\n"
    "Je bent hier anoniem. Ik bewaar je berichten niet en ik vraag niet naar je naam. "
    "Met /vergeet wis je alles wat bij dit gesprek hoort."
)
ASK_WHAT = "Wat speelt er bij jou? Vertel het in je eigen woorden. Een paar woorden is genoeg."
ASK_WHAT_AGAIN = (
    "Ik begrijp nog niet goed waar je een groep voor zoekt. Kies hieronder wat er het meest "
    "bij past, of vertel het op een andere manier."
)
HEARD = "Dank je dat je het vertelt. Ik zoek naar groepen over: {labels}."
ASK_WHERE = (
    "Waar woon je? Typ de naam van je gemeente of de 4 cijfers van je postcode. "
    "Liever vanuit huis? Tik dan op 'Online'."
)
PLACE_SUGGEST = "Die plaats ken ik niet. Bedoel je een van deze gemeenten?"
PLACE_UNKNOWN = (
    "Die plaats ken ik niet. Ik ken alleen de gemeenten in onze regio's. "
    "Typ je gemeente of de 4 cijfers van je postcode, of kies 'Online'."
)
POSTCODE_UNKNOWN = (
    "Die postcode ligt niet in een van onze regio's. Typ de naam van je gemeente, "
    "of kies 'Online' voor groepen vanuit huis."
)
PLACE_SET = "Goed, ik zoek in en rond {place}. Online groepen laat ik ook zien."
PLACE_SET_NO_ONLINE = "Goed, ik zoek groepen in en rond {place}, niet online."
ONLINE_SET = "Goed, ik zoek groepen die je online vanuit huis kunt volgen."
ASK_WHEN = (
    "Op welke dagen kun je meestal? Tik de dagen aan en dan op 'Klaar'. Of kies 'Maakt niet uit'."
)
WHEN_UNCLEAR = (
    "Dat snap ik niet helemaal. Noem een of meer dagen, zoals 'dinsdag en donderdag', "
    "of tik op 'Maakt niet uit'."
)
DAYS_CHOSEN = "Gekozen: {days}. Tik op 'Klaar' als dit klopt."
NO_DAYS_YET = "Je hebt nog geen dag gekozen. Tik een dag aan, of kies 'Maakt niet uit'."
RESULTS_INTRO = "Hier kun je zelf naartoe, zonder verwijzing:"
RESULTS_MORE_INTRO = "Nog meer groepen waar je zelf naartoe kunt:"
REFERRAL_INTRO = "Via de huisarts of het wijkteam (daar heb je een verwijzing voor nodig):"
RESULTS_HINT = "Tik op een nummer voor meer informatie."
NO_RESULTS = (
    "Ik vond helaas geen groep die goed past. Dat zegt niets over jou: het aanbod is "
    "nog niet overal even groot."
)
NO_MORE = "Meer groepen heb ik op dit moment niet voor je gevonden."
HUISARTS_TIP = (
    "Je kunt ook altijd met je huisarts of de praktijkondersteuner (POH-ggz) praten. "
    "Die denkt met je mee."
)
MATCHER_DOWN = (
    "Het zoeken lukt nu even niet. Probeer het over een paar minuten nog eens. "
    "Gaat het niet goed met je? Bel dan gratis 0800-0113, of 112 bij direct gevaar."
)
INFO_GONE = "Deze groep kan ik nu niet meer vinden. Misschien is er iets veranderd."
STALE_BUTTON = "Die knop hoort bij een eerder gesprek. Typ /start om opnieuw te beginnen."
AFTER_RESULTS = "Wil je iets anders zoeken? Vertel wat er speelt, of tik op 'Opnieuw'."
NOT_TEXT = (
    "Ik kan alleen getypte berichten lezen. Typ je bericht, of tik op een knop.\n"
    "Gaat het nu niet goed met je? Bel dan 113 (gratis: 0800-0113), of 112 bij direct gevaar."
)
AFTER_CRISIS = (
    "Ik ben hier ook nog. Als je wilt, zoeken we daarna samen verder naar een groep. "
    "Typ dan gewoon verder."
)
AFTER_CRISIS_THEMES = "Of kies hieronder waar je een groep over zoekt."
HELP = (
    "Zo werkt het:\n"
    "1. Vertel wat er speelt.\n"
    "2. Zeg waar je woont (gemeente of postcode), of kies online.\n"
    "3. Kies de dagen waarop je kunt.\n"
    "Dan krijg je groepen waar je zelf naartoe kunt.\n\n"
    "Opdrachten:\n"
    "/start of /opnieuw – opnieuw beginnen\n"
    "/privacy – wat ik wel en niet bewaar\n"
    "/vergeet – alles wissen wat bij dit gesprek hoort\n"
    "/hulp – deze uitleg\n\n"
    "Heb je nu hulp nodig? Bel 113 (gratis: 0800-0113) of chat op 113.nl. "
    "Bij direct gevaar: bel 112."
)
PRIVACY = (
    "Je bent hier anoniem.\n"
    "• Ik bewaar je berichten niet. Ik onthoud alleen kort waar we zijn in het gesprek: "
    "het onderwerp (zoals 'eenzaamheid'), je gemeente en je dagen.\n"
    "• Na 2 uur zonder bericht vergeet ik ook dat.\n"
    "• Voor de statistiek tellen we alleen anoniem: welk onderwerp, welke regio en welke "
    "groepen ik liet zien. Nooit je woorden.\n"
    "• Met /vergeet wis je direct alles, ook een melding die je aanzette."
)
FORGOTTEN = "Alles van dit gesprek is gewist. Wil je opnieuw beginnen? Typ dan /start."
SUBSCRIBED = (
    "Goed. Als er een nieuwe groep start die hierbij past, hoor je het de volgende keer "
    "dat je hier een bericht stuurt. Stoppen kan altijd met /vergeet."
)
NEW_SINCE_LAST = "Sinds je vorige bezoek is er een nieuwe groep gestart die bij je past:"

# Button labels.
BTN_ONLINE = "Online"
BTN_ANY_DAY = "Maakt niet uit"
BTN_DONE = "Klaar"
BTN_MORE = "Andere suggesties"
BTN_RESTART = "Opnieuw"
BTN_SUBSCRIBE = "Laat het me weten als er een nieuwe groep start"
BTN_FORGET = "Wis alles (/vergeet)"
BTN_ALL_DAYS = "Kijk naar alle dagen"
BTN_INFO = "Meer info {n}"


def crisis_block(kind: str | None) -> str:
    """The safe-messaging crisis block for a kind (matcher.crisis.help is the one source)."""
    return help_for(kind).text()


def theme_labels(themes: tuple[str, ...]) -> str:
    """'eenzaamheid en contact, en over rouw en verlies': labels hold 'en' themselves."""
    labels = [THEMES[t].label.lower() for t in themes if t in THEMES]
    return ", en over ".join(labels)


def day_list(days: tuple[str, ...]) -> str:
    """'maandag, dinsdag en vrijdag'."""
    names = [WEEKDAYS[d] for d in WEEKDAYS if d in days]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


def option_block(number: int, option: Option) -> str:
    """One group in the result list: why, when, where, how to sign up."""
    why = option.explanation
    lines = [f"{number}. {option.record.title}"]
    if why.evidence:
        lines.append(f"   Waarom: {why.why.lower()}")
    lines += [f"   Wanneer: {why.when}", f"   Waar: {why.where}", f"   Aanmelden: {why.how}"]
    if why.confirmed:
        lines.append(f"   {why.confirmed}")
    return "\n".join(lines)


def referral_line(option: Option) -> str:
    """One group that needs a referral, with the route."""
    return f"{option.record.title} – {option.explanation.how}"


def option_details(option: Option) -> str:
    """Everything a resident needs to decide and sign up."""
    record, why = option.record, option.explanation
    lines = [record.title]
    if record.organisation:
        lines.append(f"Door: {record.organisation}")
    if record.summary:
        lines += ["", record.summary]
    lines.append("")
    if why.evidence:
        lines.append(f"Waarom deze groep: {why.why.lower()}")
    lines.append(f"Wanneer: {why.when}")
    lines += why.cancelled  # said, not silently skipped: "Op … gaat de groep niet door."
    lines.append(f"Waar: {why.where}")
    if why.confirmed:
        lines.append(why.confirmed)
    if record.accessibility:
        lines.append(f"Toegankelijkheid: {record.accessibility}")
    cost = COSTS.get(record.cost, record.cost)
    lines.append(f"Kosten: {cost}" + (f" ({record.cost_note})" if record.cost_note else ""))
    lines.append(f"Aanmelden: {why.how}")
    contact = [c for c in (record.contact_phone, record.contact_email) if c]
    if contact:
        lines.append("Contact: " + ", ".join(contact))
    if record.registration_url and record.needs_referral:
        lines.append(f"Meer weten: {record.registration_url}")
    return "\n".join(lines)


# --- understanding, availability and "not enough fits" (issue 9) --------------------------

HEARD_WORDS = "Dank je dat je het vertelt. Ik zoek naar groepen die passen bij wat je schrijft"
HEARD_AGE = "{age} jaar"
HEARD_PLACE = "in {place}"
HEARD_ONLINE = "online"
BTN_WRONG = "Dat klopt niet"
BTN_BACK = "Terug naar de lijst"
PLACE_OUTSIDE = (
    "{place} ligt buiten de regio's waar ik groepen ken. Kies 'Online' voor groepen vanuit "
    "huis, of typ een gemeente in de buurt."
)
FEW_RESULTS = (
    "Ik vond minder dan drie groepen die hier echt bij passen. Dat zeg ik liever eerlijk dan "
    "dat ik groepen laat zien die niet passen."
)
FEW_NEARBY = (
    "In en rond {place} vond ik minder dan drie groepen die hier echt bij passen. Daarom laat "
    "ik ook groepen zien die je online vanuit huis kunt volgen."
)
ONLINE_INTRO = "Online, vanuit huis:"
UNAVAILABLE_INTRO = "Past ook, maar is nu vol of je kunt je nu niet aanmelden:"
NEXT_STEPS = "Wat je kunt doen:"
TIP_ALL_DAYS = "kijk naar alle dagen en tijden (knop hieronder)"
TIP_ONLINE = "kijk ook naar groepen online (knop hieronder)"
TIP_WIJKTEAM = "vraag het wijkteam of sociaal team van je gemeente: zij kennen meer hulp"
TIP_HUISARTS = "praat met je huisarts of de praktijkondersteuner (POH-ggz)"
TIP_113 = "is het zwaar? Chat anoniem op 113.nl of bel gratis 0800-0113"
_TIME_NAMES = {"ochtend": "'s ochtends", "middag": "'s middags", "avond": "'s avonds"}


def time_list(times: tuple[str, ...]) -> str:
    """ "'s ochtends of 's avonds"."""
    return " of ".join(_TIME_NAMES.get(t, t) for t in times)


def unavailable_line(option: Option) -> str:
    """A fitting group one cannot join now, with what is known about the next chance."""
    return f"{option.record.title} – {option.explanation.when}"
