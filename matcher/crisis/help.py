"""The help each kind of crisis gets first: one source for every front.

Static data only — no database, no model — so it can always be shown. The web
renders `actions` as tap-to-call buttons; Telegram and the command line print
`text()`. The order is the advice: the first contact is the first thing to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.crisis.lexicon import ACUTE, PSYCHOSIS, SUICIDE, VIOLENCE


@dataclass(frozen=True)
class Contact:
    """One way to get help now."""

    label: str
    how: str
    when: str


@dataclass(frozen=True)
class Action:
    """A tap-to-call (or chat) link."""

    label: str
    href: str


@dataclass(frozen=True)
class CrisisHelp:
    """The block a front shows first for one kind of crisis."""

    kind: str
    title: str
    intro: str
    contacts: tuple[Contact, ...]
    actions: tuple[Action, ...]
    closing: str

    def text(self) -> str:
        """The block as plain text (Telegram, command line)."""
        lines = [f"• {c.label}: {c.how} ({c.when})" for c in self.contacts]
        return "\n".join([self.title, "", self.intro, "", *lines, "", self.closing])


CALL_113 = Action("Bel 113", "tel:113")
CALL_0800_0113 = Action("Bel gratis 0800-0113", "tel:08000113")
CHAT_113 = Action("Chat op 113.nl", "https://www.113.nl/")
CALL_112 = Action("Bel 112", "tel:112")
CALL_VEILIG_THUIS = Action("Bel Veilig Thuis: 0800-2000", "tel:08002000")

LINE_113 = Contact(
    "113 Zelfmoordpreventie",
    "bel 113 of gratis 0800-0113, of chat op 113.nl",
    "dag en nacht, anoniem",
)
LINE_112 = Contact("Direct gevaar", "bel 112", "altijd")
LINE_VEILIG_THUIS = Contact(
    "Veilig Thuis",
    "bel gratis 0800-2000, ook als je je zorgen maakt om een ander",
    "dag en nacht, je mag anoniem blijven",
)
LINE_HAP = Contact(
    "Huisartsenpost", "bel de huisartsenpost in je regio", "'s avonds, 's nachts en in het weekend"
)
LINE_GP = Contact("Je eigen huisarts", "bel je huisarts", "overdag op werkdagen")

CLOSING = "Praten helpt. Het kan weer beter worden, en hulp is dichtbij."

HELP: dict[str, CrisisHelp] = {
    SUICIDE: CrisisHelp(
        SUICIDE,
        "Je hoeft dit niet alleen te dragen",
        "Wat je schrijft klinkt alsof het nu heel zwaar is. Er zijn mensen die nu met je "
        "willen praten, dag en nacht.",
        (LINE_113, LINE_112, LINE_HAP, LINE_GP),
        (CALL_113, CALL_0800_0113, CHAT_113, CALL_112),
        CLOSING,
    ),
    ACUTE: CrisisHelp(
        ACUTE,
        "Bel nu 112",
        "Wat je schrijft klinkt alsof je leven nu in gevaar is. Bel nu 112, of vraag iemand bij "
        "je om te bellen. Heb je iets ingenomen of ben je gewond? Zeg dat meteen.",
        (LINE_112, LINE_113, LINE_HAP),
        (CALL_112, CALL_113, CALL_0800_0113, CHAT_113),
        "Je hoeft nu niets anders te doen dan bellen. Hulp komt naar je toe.",
    ),
    VIOLENCE: CrisisHelp(
        VIOLENCE,
        "Je veiligheid gaat voor",
        "Wat je schrijft klinkt alsof iemand je pijn doet of bedreigt, of alsof een kind niet "
        "veilig is. Dat is nooit jouw schuld. Ben je nu in gevaar? Bel 112. Veilig Thuis "
        "denkt met je mee, ook als je twijfelt.",
        (LINE_112, LINE_VEILIG_THUIS, LINE_GP),
        (CALL_112, CALL_VEILIG_THUIS),
        "Je hoeft het niet alleen op te lossen. Er is hulp, ook anoniem.",
    ),
    PSYCHOSIS: CrisisHelp(
        PSYCHOSIS,
        "Hulp bij grote angst of verwarring",
        "Wat je schrijft klinkt alsof er nu veel op je afkomt en je erg bang bent. Bel de "
        "huisartsenpost of je eigen huisarts: zij kunnen snel iemand sturen. Is er direct "
        "gevaar? Bel 112.",
        (LINE_HAP, LINE_GP, LINE_112, LINE_113),
        (CALL_112, CALL_113),
        "Je hoeft dit niet alleen te doen. Vraag iemand die je vertrouwt om bij je te blijven.",
    ),
}

# The page /hulp-nu: every line of help, for oneself or for someone else.
HELP_NOW_CONTACTS = (LINE_113, LINE_112, LINE_VEILIG_THUIS, LINE_HAP, LINE_GP)
HELP_NOW_ACTIONS = (CALL_113, CALL_0800_0113, CALL_112, CALL_VEILIG_THUIS, CHAT_113)


def help_for(kind: str | None) -> CrisisHelp:
    """The help for a crisis kind; an unknown or missing kind gets the 113 block (never nothing)."""
    return HELP.get(kind or SUICIDE, HELP[SUICIDE])
