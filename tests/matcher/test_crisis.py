"""Crisis detection: measured on a held-out set, plus the rules of the issue that must hold.

The held-out set (data/crisis/heldout.jsonl) was written blind by two writers
and committed before the detector was changed; the detector is tuned only on
matcher/crisis/data/tune.jsonl. The floors below are today's measured held-out
numbers (`python benchmarks/crisis_eval.py`): they guard against regressions;
the issue's targets (95 % lexical, 100 % with the model) are not reached yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.crisis import (
    ACUTE,
    HELP,
    KINDS,
    PSYCHOSIS,
    SUICIDE,
    VIOLENCE,
    CrisisDetector,
    detect,
    help_for,
    ngrams,
    semantic,
)
from matcher.crisis.evaluation import TUNE_SET, evaluate, load
from matcher.crisis.lexical import detect_kind

HELD_OUT = Path(__file__).parent / "data" / "crisis" / "heldout.jsonl"
# 200 ordinary first messages of residents, written blind and never trained on (72e0b28).
CALM_RESIDENTS = Path(__file__).parent / "data" / "crisis" / "residents_calm_heldout.jsonl"


def _kind(text: str) -> str | None:
    return detect(text).kind


def test_held_out_half_lexical_layer() -> None:
    report = evaluate(load(HELD_OUT), _kind)
    assert sum(report.crisis.values()) >= 150 and sum(report.calm.values()) >= 150
    assert report.recall >= 0.91, [c.kind for c in report.missed]
    assert report.false_alarm_rate() <= 0.04
    assert report.false_alarm_rate(bereaved=True) <= 0.05
    for kind in KINDS:  # every kind is found, not only the frequent one
        assert report.caught[kind] / report.crisis[kind] >= 0.75, kind


def test_tune_half_rules() -> None:
    """The rules alone (the n-gram layer was trained on this half: its numbers here are
    in-sample; benchmarks/crisis_eval.py cross-validates them)."""
    report = evaluate(load(TUNE_SET), detect_kind)
    # Rounds T and V joined (2026-12-02): 91.3 % recall, 2.8 % false alarms measured;
    # after the round X concepts 91.5 % and 2.1 %; rounds Z and BB joined (2026-12-03,
    # BB mostly hard negatives): 91.1 % and 2.6 %; round DD joined (2026-12-03, its crisis
    # texts mostly indirect: the rules caught 63 % of them before): 89.2 % and 2.6 %;
    # round FF joined (2026-12-03, 400 more; the rules caught 69 % of its crisis texts and
    # flagged 7 % of its hard negatives before its concepts were written): 88.7 % and 2.8 %;
    # round HH joined (2026-12-03, 400 more, mostly indirect; no rules were written for it,
    # it trains the n-gram and semantic layers): 85.3 % and 3.1 %; round JJ joined
    # (2026-12-03, 400 more, mostly what is over, denied or someone else's; guards written,
    # no rules for its crisis texts, which the rules caught 72 % of): 84.6 % and 3.1 %.
    assert report.recall >= 0.845 and report.false_alarm_rate() <= 0.032


# Phrasings named in the issue, which the old detector missed, with the help each needs first.
ISSUE_CRISIS = [
    ("ik maak er vanavond een einde aan", ACUTE),
    ("ik wil echt dood", SUICIDE),
    ("ik zie geen uitweg meer", SUICIDE),
    ("ik heb net alle pillen uit het kastje ingenomen", ACUTE),
    ("ik ga vannacht springen", ACUTE),
    ("ik ben het leven zat", SUICIDE),
    ("ik ben bang dat ik mezelf iets aandoe", SUICIDE),
    ("ik ga me van kant maken", SUICIDE),
    ("Mevrouw (50) heeft een concreet plan om een einde aan haar leven te maken.", ACUTE),
    ("soms denk ik dat iedereen beter af is zonder mij", SUICIDE),
    ("twee jaar geleden een poging, nu weer zelfmoordgedachten", SUICIDE),
    ("ik heb vroeger een poging gedaan en nu wil ik weer dood", SUICIDE),
    ("mijn man slaat me en ik durf niet naar huis", VIOLENCE),
    ("hij heeft een mes en zegt dat hij me gaat vermoorden", VIOLENCE),
    ("de stemmen zeggen dat ik moet opletten want de buren willen me vergiftigen", PSYCHOSIS),
]
ISSUE_CALM = [
    "ik ga dood van de stress",
    "ik ben bang voor de trein",
    "ik ga het morgen doen, me aanmelden voor een groep",
    "ik lees een boek over zelfmoord voor school",
    "Geen suïcidale gedachten. Wel somber en moe.",
    "Jaren geleden een suïcidepoging; nu stabiel en geen suïcidale gedachten.",
    "Hij ontkent suïcidaliteit.",
    "mijn broer heeft vorig jaar zelfmoord gepleegd, ik zoek lotgenoten",
]


@pytest.mark.parametrize(("text", "kind"), ISSUE_CRISIS)
def test_issue_phrasings_get_the_right_help_first(text: str, kind: str) -> None:
    signal = detect(text)
    assert signal.crisis and signal.kind == kind and signal.layer == "lexical"


@pytest.mark.parametrize("text", ISSUE_CALM)
def test_issue_false_alarms_stay_calm(text: str) -> None:
    assert not detect(text).crisis


def test_history_never_cancels_the_present_but_does_cancel_itself() -> None:
    assert not detect("heb 10 jaar geleden een poging gedaan, nu gaat het goed").crisis
    assert detect("heb 10 jaar geleden een poging gedaan, nu denk ik er weer aan").crisis
    assert detect("een uur geleden heb ik alle pillen ingenomen").kind == ACUTE  # recent


def test_a_denial_only_cancels_what_it_denies() -> None:
    assert not detect("Suïcidale gedachten worden door haar expliciet ontkend.").crisis
    assert detect("ik heb geen hoop meer en wil dood").crisis
    assert detect("ik kan niet meer, ik wil er niet meer zijn").crisis
    assert detect("mijn ouders weten niet dat ik mezelf snij").crisis


def test_negation_scope_is_the_signal_not_a_condition_or_a_clause() -> None:
    assert detect("als het niet snel beter gaat stap ik eruit, uit alles").crisis
    assert detect("ik weet niet of ik er volgend jaar nog ben").crisis
    assert not detect("het is niet dat ik er niet meer wil zijn, ik wil rust").crisis
    assert not detect("Gevraagd naar doodswensen; zij herkent zich daar niet in.").crisis


# Constructions generalised from blind round R, in words of our own.
CONSTRUCTIONS = [
    ("waarom ben ik er eigenlijk nog", SUICIDE),
    ("de kinderen zijn zonder mij beter af", SUICIDE),
    ("hij slaat zichzelf tegen zijn hoofd als hij iets fout doet", SUICIDE),
    ("mijn opa geeft al zijn spullen weg", SUICIDE),
    ("kon ik maar gaan slapen, voor altijd", SUICIDE),
    ("mijn been blijft maar bloeden", ACUTE),
    ("ze zegt dat ze vannacht van de parkeergarage springt", ACUTE),
    ("hij zei: als je aangifte doet maak ik je af", VIOLENCE),
    ("ik hoor de buren gillen en dan een harde klap", VIOLENCE),
    ("ze hebben iets in mijn koffie gedaan", PSYCHOSIS),
]
CONSTRUCTIONS_CALM = [
    "alles ligt klaar voor het feest vanavond",
    "ik heb iets ingenomen tegen de hoofdpijn, hoeveel mag dat per dag",
    "ik sla me er wel doorheen",
    "zin om even te springen op de trampoline?",
    "we gaan naar de brug en komen niet meer terug voor het eten",
]


@pytest.mark.parametrize(("text", "kind"), CONSTRUCTIONS)
def test_generalised_constructions(text: str, kind: str) -> None:
    assert detect(text).kind == kind


@pytest.mark.parametrize("text", CONSTRUCTIONS_CALM)
def test_generalised_constructions_stay_calm(text: str) -> None:
    assert detect_kind(text) is None  # the rules' guards; n-grams: see below


# Concepts generalised from blind round T (half T1 only), in words of our own.
ROUND_T_CONSTRUCTIONS = [
    ("ik sta helemaal aan het eind van het perron", ACUTE),  # the edge of a height
    ("ze belt vanaf het dak van de parkeergarage", ACUTE),  # writing from a height
    ("hij zit in de garage met een draaiende automotor", ACUTE),  # compounds of motor
    ("het water in het bad kleurt rood", ACUTE),
    ("het touw zit al om", ACUTE),  # means made ready
    ("ik heb een plek uitgezocht", SUICIDE),  # a plan chosen, no ordinary purpose after it
    ("ze wil haar man achterna", SUICIDE),
    ("de kinderen weten niet dat dit de laatste avond is", SUICIDE),
    ("er is geen morgen meer voor mij", SUICIDE),
    ("mijn gedachten zeggen de hele nacht dat ik moet verdrinken", PSYCHOSIS),
    ("de deur is op slot gedraaid en de sleutel is meegenomen, ik kom er niet uit", VIOLENCE),
]
ROUND_T_CALM = [
    "we hebben een datum geprikt voor de bruiloft",
    "de fiets staat op slot, ik kan er niet bij",
    "ik chat vanaf het balkon van ons vakantiehuis",
    "ik heb een brief geschreven voor mijn oma",
    "de riem zit om mijn broek",
    "ik kan er niet uit komen welke groep ik kies",
]


@pytest.mark.parametrize(("text", "kind"), ROUND_T_CONSTRUCTIONS)
def test_round_t_concepts(text: str, kind: str) -> None:
    assert detect(text).kind == kind


@pytest.mark.parametrize("text", ROUND_T_CALM)
def test_round_t_concepts_stay_calm(text: str) -> None:
    assert not detect(text).crisis


# Concepts generalised from rounds X and W (tuning data since measured), in words of our own.
# The comment names the rule or text-level signal each sentence depends on.
ROUND_X_CONSTRUCTIONS = [
    ("ik heb opgeschreven wie wat krijgt, de rest mag weg", SUICIDE),  # farewell_acts
    ("de muziek voor mijn uitvaart heb ik vandaag uitgekozen", SUICIDE),  # farewell_acts
    ("de konijnen heb ik gisteren naar mijn nicht gebracht", SUICIDE),  # farewell_acts
    ("pak mijn boeken maar, ik heb ze dan toch niet meer nodig", SUICIDE),  # farewell_acts
    ("Ik heb voor iedereen een brief geschreven. Voor later.", SUICIDE),  # letters_for_later
    (
        "heb mijn insta en tiktok verwijderd. wilde nog 1 keer zeggen dat ik van jullie hou",
        SUICIDE,
    ),  # accounts_deleted
    ("zeg het etentje maar af, ik ben er dan toch niet meer", SUICIDE),  # not_be_here
    ("waarom moet ik hier nog blijven", SUICIDE),  # not_be_here
    ("ik wil gewoon voorgoed uitloggen", SUICIDE),  # slang_exit
    ("ik ga mezelf gewoon deleten", SUICIDE),  # slang_exit
    ("dit leven is een level zonder respawn", SUICIDE),  # slang_exit
    ("ik wil slapen, en nooit meer terugkomen", SUICIDE),  # slang_exit
    ("elke avond bid ik dat de heer me komt halen", SUICIDE),  # slang_exit
    ("ik hoop dat god me snel tot zich neemt", SUICIDE),  # slang_exit
    ("morgen stap ik uit de bus van het leven", SUICIDE),  # slang_exit
    ("opa zegt dat hij geen zin heeft nog een kerst mee te maken", SUICIDE),  # slang_exit
    ("ik hoop soms dat een bus me schept", SUICIDE),  # wish_struck
    ("ik ben echt done met mijn leven", SUICIDE),  # klaar_with_life
    ("i keep thinking about ending it all", SUICIDE),  # english
    ("ik neem binnenkort de laatste bus, als je begrijpt wat ik bedoel", SUICIDE),  # hinted_ending
    ("Binnenkort maak ik de laatste reis. Letterlijk.", SUICIDE),  # hinted_ending
    ("ik wil de stekker eruit trekken, bij mezelf bedoel ik", SUICIDE),  # hinted_ending
    ("ik kan niet meer. ik wil niet meer.", SUICIDE),  # cannot_will_not
    ("Mijn vader is al drie jaar dood. Ik wil naar hem toe.", SUICIDE),  # join_the_dead
    (
        "er ligt een touw in de schuur en ik weet niet hoe lang ik het nog volhoud",
        SUICIDE,
    ),  # means_and_despair
    ("ik denk steeds aan doodgaan", SUICIDE),  # think_of_death
    ("de wonden op zijn benen zijn zelf toegebracht", SUICIDE),  # self_inflicted
    ("ik verdien het om pijn te voelen", SUICIDE),  # self_inflicted
    ("het bloedt weer maar ik doe het mezelf aan", SUICIDE),  # done_to_myself
    ("het bloeden wil niet stoppen", ACUTE),  # bleeding
    ("i just took 20 pills and feel weird", ACUTE),  # english_acute
    ("hij zei dat hij tegen een vrachtwagen aan wil rijden", ACUTE),  # lethal_means
    ("Mijn zus stuurde een foto van al haar pillen. Ze neemt niet op.", ACUTE),  # photo_of_means
    ("sta nu langs het spoor, de trein komt over 5 minuten", ACUTE),  # rails_train_time
    ("vannacht heb ik de hele strip genome", ACUTE),  # means_taken
    ("er is iemand in mijn kamer die zegt dat ik een mes moet pakken", PSYCHOSIS),  # voices
    ("de engelen fluisteren dat ik moet gaan vliegen", PSYCHOSIS),  # voices
    ("de stemmen willen dat ik de buurman straf", PSYCHOSIS),  # voices
    ("ik weet niet meer wat real is, ik ben zo bang", PSYCHOSIS),  # unreal
    ("de muren ademen en ik weet niet of ik nog leef", PSYCHOSIS),  # unreal
    ("ik word al dagen gevolgd, ze weten waar ik slaap", PSYCHOSIS),  # paranoia
    (
        "er zit iets in mijn arm, ik voel het in mijn lichaam kruipen, ik moet het eruit snijden",
        PSYCHOSIS,
    ),  # unreal
    ("hij reageert zich af op mij als hij verliest", VIOLENCE),  # abuse_act
    ("de vriend van mijn moeder doet enge dingen bij mij", VIOLENCE),  # abuse_act
    ("mijn broer greep een mes en schreeuwde dat ik moest oppassen", VIOLENCE),  # weapon_taken
    ("hij zegt dat hij me te grazen neemt", VIOLENCE),  # threat
    ("de huisbaas dreigde dat hij het me zou laten voelen", VIOLENCE),  # threat
    ("hij heeft de deur kapotgeslagen en mij ook", VIOLENCE),  # hit
    ("een onbekende stuurt steeds foto's van onze voordeur", VIOLENCE),  # unsafe
    ("de buren laten hun peuter vaak uren alleen", VIOLENCE),  # child_danger
    ("het kindje zat alleen in de hete auto op de parkeerplaats", VIOLENCE),  # child_danger
    ("hij zei dat er een ongelukje gebeurt als ik ga scheiden", VIOLENCE),  # conditional_threat
    ("hij staat met een hamer te schreeuwen dat hij me komt halen", VIOLENCE),  # coming_for_me
    ("er is huiselijk geweld bij ons thuis, ik ben bang", VIOLENCE),  # violence_term
]
# Stay flagged: the new guards (idioms, recovery, denial) must not swallow these.
ROUND_X_STILL_FLAGGED = [
    ("hij zegt dat hij me vermoordt met zijn blote handen", VIOLENCE),
    ("mijn zus denkt dat alles goed gaat, maar dat is niet zo, ik wil dood", SUICIDE),
    ("Gisteren wilde ik dood, nu gaat het beter", SUICIDE),
    ("ik wilde dood en nu gaat het nog steeds niet goed", SUICIDE),
    ("ik heb er bijna een eind aan gemaakt", SUICIDE),
    ("Ik heb maanden pillen gespaard, ze liggen in de la", SUICIDE),
]
# Hard negatives: figures of speech, past that is over, denials, the bereaved, topics,
# and ordinary uses of the words the new concepts are made of.
ROUND_X_CALM = [
    "we zoeken muziek voor de uitvaart van mijn vader",
    "met kerst maken we een lijst wie wat krijgt",
    "ik ga voorgoed uitloggen bij instagram, scheelt tijd",
    "game over voor mij in dit toernooi",
    "dat restaurant? daar wil ik nooit meer terugkomen",
    "waarom zou ik nog blijven bij deze vereniging",
    "ik ben er dan niet, want ik ben op vakantie",
    "ik hoop niet dat die auto me raakt als ik oversteek",
    "ik bid dat god mijn zoon beschermt",
    "ik ben done met mijn huiswerk",
    "ik heb geen zin nog een kerst mee te maken met die schoonfamilie",
    "neem de winterjas maar, ik heb hem in Spanje niet meer nodig",
    "ik heb letterlijk de laatste trein gehaald",
    "ik heb de laatste trein gemist, dus ik slaap bij een vriend",
    "na 30 km fietsen kan ik niet meer",
    "Ik schrijf een brief aan de gemeente. Voor later bewaar ik een kopie.",
    "ik heb al mijn social media accounts verwijderd en voel me veel rustiger",
    "ik wil naar oma toe, ze is jarig",
    "ik weet niet hoe lang ik het nog volhoud met deze buren",
    "we trekken de stekker eruit bij dat project",
    "ik verdien pijnlijk weinig bij die baas",
    "i took my pills this morning like the doctor said",
    "gisteren reed een auto tegen een boom in onze straat",
    "ik stuur een foto van mijn pillen naar de apotheek, sorry voor de vraag",
    "wij wonen vlak bij het spoor, de trein om 6 uur maakt me altijd wakker",
    "mijn moeder zegt dat ik het mes moet pakken om de taart te snijden",
    "ik moet de splinter eruit halen",
    "mijn vader pakte een mes en zei dat het eten klaar was",
    "mijn coach wil me laten voelen hoe het is om te winnen",
    "ik heb mijn telefoon kapotgeslagen van woede",
    "ik stuur je foto's van mijn huis voor de verkoop",
    "mag ik mijn dochter van 14 een uurtje alleen laten?",
    "die tentamenweek vermoordt me nog met al dat leeswerk",
    "deze hitte gaat me echt vermoorden",
    "ik kon wel van de brug springen van vreugde toen ik het hoorde",
    "mijn laptop is gisteren overleden, dus ik mail later",
    "ik kan me wel ophangen na die nederlaag",
    "er komt maar geen eind aan die regen",
    "vrijdag neem ik afscheid van mijn team, na twintig jaar",
    "Ik wilde een tijd lang dood, maar inmiddels gaat het prima",
    "Op Aruba, lang geleden dus, deed ik een poging. Nu gaat het goed.",
    "mijn zus denkt dat ik suïcidaal ben, maar dat is niet zo",
    "mijn vriend vroeg gisteren bezorgd of ik mezelf iets aandoe. welnee.",
    "Ik heb nooit pillen gespaard, ik wil alleen beter slapen",
    "mijn collega heeft er in de zomer een einde aan gemaakt, ik zoek lotgenoten",
    "lost my brother to suicide, zoek een groep",
    "voor mijn studie schrijf ik over kindermishandeling",
    "we organiseren een avond over zelfdoding in de wijk",
    "Zegt soms 'ik zie het niet zitten'; bij doorvragen geen doodswens.",
    "mijn neef stapte vorig jaar uit het leven",
]
# Money that goes "weg" is spent or gambled, not given away as a goodbye.
MONEY_CALM = [
    "mijn broer speelt al zijn geld weg in de gokhal",
    "ik vergok al mijn spaargeld weg met sportweddenschappen",
    "hij zuipt al zijn loon weg",
    "ze geeft al haar centen weg aan kleding",
]


@pytest.mark.parametrize(("text", "kind"), ROUND_X_CONSTRUCTIONS + ROUND_X_STILL_FLAGGED)
def test_round_x_concepts(text: str, kind: str) -> None:
    assert detect(text).kind == kind


@pytest.mark.parametrize("text", ROUND_X_CALM + MONEY_CALM)
def test_round_x_concepts_stay_calm(text: str) -> None:
    assert detect_kind(text) is None  # the rules' guards; n-grams: see below


def test_help_kinds_put_the_right_line_first() -> None:
    assert help_for(SUICIDE).actions[0].href == "tel:113"
    assert help_for(ACUTE).actions[0].href == "tel:112"
    assert [a.href for a in help_for(VIOLENCE).actions] == ["tel:112", "tel:08002000"]
    assert help_for(PSYCHOSIS).contacts[0].label == "Huisartsenpost"
    for kind in KINDS:  # 112 can be tapped in every block
        assert "tel:112" in [a.href for a in HELP[kind].actions]
    assert help_for(None) is HELP[SUICIDE]  # never no help at all
    assert "0800-2000" in help_for(VIOLENCE).text()


class _Judge:
    def __init__(self, answer: str | None = None, fail: bool = False) -> None:
        self.answer, self.fail = answer, fail
        self.evidence: list[float] = []

    def judge_kind(self, text: str, ngram_log_odds: float = 0.0) -> str | None:
        self.evidence.append(ngram_log_odds)
        if self.fail:
            raise RuntimeError("model gone")
        return self.answer


def test_semantic_layer_can_add_a_flag_but_never_breaks_the_check() -> None:
    unseen = "opgeven klinkt steeds aantrekkelijker, voorgoed"
    assert not detect(unseen).crisis
    added = CrisisDetector(_Judge(SUICIDE)).detect(unseen)
    assert added.crisis and added.layer == "semantic"
    assert not CrisisDetector(_Judge(fail=True)).detect(unseen).crisis
    # The lexical answer stands whatever the judge says.
    assert CrisisDetector(_Judge(fail=True)).detect("ik wil dood").kind == SUICIDE


def test_the_semantic_layer_weighs_meaning_with_what_the_n_grams_made_of_the_text() -> None:
    judge = _Judge()
    detector = CrisisDetector(judge)
    detector.detect("ik zoek een wandelgroep op dinsdag in Deventer voor mijn somberheid")
    detector.detect("ok")  # too short for the n-grams: no opinion
    calm, short = judge.evidence
    assert calm < -2.0 and short == 0.0
    assert calm == pytest.approx(
        ngrams.log_odds("ik zoek een wandelgroep op dinsdag in Deventer voor mijn somberheid")
    )
    # The same meaning flags or not by what the n-grams say; a certain meaning is capped.
    meaning = 0.9
    assert semantic.combined_probability(meaning, 3.0) >= semantic.THRESHOLD
    assert semantic.combined_probability(meaning, -3.0) < semantic.THRESHOLD
    assert semantic.combined_probability(1.0, -13.8) < semantic.THRESHOLD
    # ... but a sure meaning flags whatever the n-grams say (they learnt from Dutch only).
    assert semantic.flags(0.96, -13.8) and not semantic.flags(0.9, -3.0)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_detect_never_raises_on_any_text(text: str) -> None:
    signal = detect(text)
    assert signal.kind in (None, *KINDS)


def test_long_text_is_read_at_its_start_and_end() -> None:
    filler = "ik zoek een wandelgroep. " * 4000
    assert detect(filler + "ik wil dood").crisis
    assert detect("ik wil dood. " + filler).crisis
    assert not detect(filler).crisis


@pytest.mark.parametrize(
    "text",
    [
        "door mijn studie wil ik dood",
        "ik wil dood en mijn hond is het enige wat ik nog heb",
        "ik lees een boek maar eigenlijk wil ik mezelf iets aandoen",
    ],
)
def test_a_topic_word_never_hides_a_first_person_risk(text: str) -> None:
    assert detect(text).crisis


# Round Z concepts (own sentences, written after round Z became tuning data): looking up
# how, rehearsing, going "voorgoed", letters for loved ones, exhaust in a garage, a cord
# behind a locked door, an open window high up, last words then silence, poison drunk,
# a stalking ex, fear of his moods, forced marriage, cigarette burns, inverted voices.
ROUND_Z_FLAGGED = [
    ("ik heb op internet opgezocht hoeveel paracetamol je nodig hebt", "suicide"),
    ("zoek al dagen uit hoe het zonder pijn kan", "suicide"),
    ("hoe hoog moet een flat zijn om het niet te overleven", "suicide"),
    ("s avonds oefen ik met een touw aan de zolderbalk", "suicide"),
    ("bij elke bocht denk ik aan één stuurbeweging", "suicide"),
    ("ik wil niet meer.", "suicide"),
    ("als ik er morgen niet ben, weet dan dat het niet aan jou lag", "suicide"),
    ("alles is opgezegd zodat niemand na mij iets hoeft te doen", "suicide"),
    ("ik wil verdwijnen, voorgoed", "suicide"),
    ("I don't want to exist anymore", "suicide"),
    ("ik heb brieven aan mijn kinderen geschreven, ze liggen in de la", "suicide"),
    ("mijn oom zit in zijn auto in de garage. de motor draait", "acute"),
    ("mijn zus zit met een touw op zolder, de deur zit op slot en ze reageert niet", "acute"),
    ("ik woon op de 12e verdieping en het raam staat wijd open", "acute"),
    ("hij appte 'zorg goed voor mama' en neemt niet op", "acute"),
    ("mijn vader heeft antivries gedronken", "acute"),
    ("ik zit op de brugleuning", "acute"),
    ("de volgende trein is voor mij", "acute"),
    ("ik lig in bad met een mesje", "acute"),
    ("mijn ex staat elke avond voor mijn flat te wachten", "violence"),
    ("ik ben zo bang voor zijn woede", "violence"),
    ("ze moet trouwen met iemand die ze niet kent", "violence"),
    ("hij dreigt mijn naaktfoto's te verspreiden", "violence"),
    ("het jongetje heeft brandplekken, die lijken van een sigaret", "violence"),
    ("ik zit op de badkamer op slot, hij is dronken", "violence"),
    ("zei de stem vannacht dat ik moet boeten", "psychosis"),
    ("de buren willen ons vergassen en niemand anders ruikt het", "psychosis"),
]
ROUND_Z_CALM = [
    "ik heb opgezocht hoeveel uur slaap je nodig hebt",
    "ik wil niet meer naar die groep, te ver weg",
    "we hebben de spullen van oma verdeeld na de verhuizing",
    "mijn moeder zit in de garage te klussen, de radio staat aan",
    "ik werk op de 12e verdieping, heerlijk uitzicht",
    "als huisarts wil ik leren vragen naar doodswensen",
    "mijn broer maakte er vorig jaar zelf een einde aan, ik zoek lotgenoten",
    "we leren in de cursus hoe je het gesprek aangaat",
    "ik ben bang voor zijn reactie als ik zeg dat ik naar een groep ga",
    "ik ben gestopt met roken, voorgoed hoop ik",
]


@pytest.mark.parametrize(("text", "kind"), ROUND_Z_FLAGGED)
def test_round_z_concepts(text: str, kind: str) -> None:
    assert detect(text).kind == kind


@pytest.mark.parametrize("text", ROUND_Z_CALM)
def test_round_z_concepts_stay_calm(text: str) -> None:
    assert detect_kind(text) is None  # the rules' guards; n-grams: see below


# Guards written on round DD's false alarms (new sentences, not the round's own).
ROUND_DD_CALM = [
    "Cliënte ontkent suïcidale gedachten en zelfbeschadiging, wel veel piekeren.",
    "Suïcidaliteit besproken, geen aanwijzingen. Zoekt een groep bij rouw.",
    "Ik ben niet in gevaar en niemand bedreigt me, ik wil alleen praten over mijn stress.",
    "Mijn zelfmoordgedachten zijn al jaren verdwenen en ik wil nu anderen helpen.",
    "Historie van automutilatie, laatste keer 8 jaar geleden. Nu vooral stress op het werk.",
    "Die presentatie van donderdag vermoordt me echt, nog drie slides te gaan.",
    "Voor ons toneelstuk zoeken we advies over een scène met een zelfmoordpoging.",
]
ROUND_DD_CRISIS = [
    ("niemand weet dat hij me slaat", VIOLENCE),
    ("ik heb geen hoop meer en wil dood", SUICIDE),
    ("ik ontken het altijd maar ik snij mezelf elke avond", SUICIDE),
]


# Round FF (training texts) showed concepts the rules had no word for, and denials they
# misread. New sentences, not FF's own.
ROUND_FF_CRISIS = [
    ("ik wil gewoon gaan slapen en nooit meer opstaan", SUICIDE),
    ("wie zou me nou eigenlijk missen als ik er niet ben", SUICIDE),
    ("ik wil nie meer leve", SUICIDE),
    ("hoe lang duurt het voordat je doodgaat van honger", SUICIDE),
    ("ik spaar al weken mijn slaappillen op", SUICIDE),
    ("mijn slaappillen heb ik de afgelopen weken allemaal opgespaard", SUICIDE),
    ("naast haar lagen lege doordrukstrips", ACUTE),
    ("mijn oom dwingt me tot seks", VIOLENCE),
    ("mijn zusje wordt elke avond door haar vriend geslagen", VIOLENCE),
    ("hij heeft mijn telefoon afgepakt en de deur op slot gedaan", VIOLENCE),
    ("de overheid stuurt me berichten via de tv en iedereen op straat weet wat ik denk", PSYCHOSIS),
    ("ze hebben een chip in mijn hoofd gestopt", PSYCHOSIS),
    ("zelfmoordgedachten heb ik niet onder controle", SUICIDE),
    ("ik doe mezelf elke avond pijn", SUICIDE),
]
ROUND_FF_CALM = [
    "Niet dat ik dood wil hoor, ik ben gewoon heel erg moe.",
    "Ik ben vaak somber, maar niet op een manier dat ik er niet meer wil zijn.",
    "Zelfmoordgedachten heb ik niet, ik zoek een groep voor mijn stress.",
    "Suïcidaal? Nee. Wel erg eenzaam.",
    "Mijn zus wordt nooit geslagen, ze is alleen heel eenzaam.",
    "Ik doe mezelf geen pijn, ik wil alleen praten met lotgenoten.",
    "Ik moet elke maand sparen voor mijn medicijnen, de eigen bijdrage is zo hoog.",
    "Ik neem braaf mijn medicijnen en spaar voor een weekje weg.",
]

# Round JJ (training texts about what is over, denied or someone else's) showed guards
# the rules lacked. New sentences, not JJ's own.
ROUND_JJ_CALM = [
    "not suicidal hoor, wel heel moe van alles",
    "Dhr. (52), somber na ontslag. Suïcidaliteit: geen doodswens, geen plannen.",
    "Mijn poging was in mei 2015. Elk jaar in mei denk ik er even aan terug, met dankbaarheid.",
    "Mijn tante is vermoord door haar ex. Ik zoek een groep voor nabestaanden.",
    "mama slaat het avondeten over zodat wij genoeg hebben",
]
ROUND_JJ_CRISIS = [
    ("Suïcidaliteit: geen plannen, wel doodswens sinds vorige week.", SUICIDE),
    ("Zelfmoordgedachten: nee. Zelfbeschadiging: ja, snijdt zich sinds een maand.", SUICIDE),
    ("vorig jaar een poging en nu komen de gedachten terug", SUICIDE),
    ("in 2019 een poging gedaan, sinds kort denk ik er weer aan", SUICIDE),
    ("hij slaat me en de kinderen", VIOLENCE),
    ("mijn broer is vermoord en zijn moordenaar zegt dat hij mij ook komt vermoorden", VIOLENCE),
]


@pytest.mark.parametrize("text", ROUND_DD_CALM + ROUND_FF_CALM + ROUND_JJ_CALM)
def test_later_rounds_guards_stay_calm(text: str) -> None:
    assert detect_kind(text) is None  # the rules' guards; n-grams: see below


@pytest.mark.parametrize(("text", "kind"), ROUND_DD_CRISIS + ROUND_FF_CRISIS + ROUND_JJ_CRISIS)
def test_later_rounds_crisis_texts_get_their_kind_from_the_rules(text: str, kind: str) -> None:
    assert detect_kind(text) == kind


def test_the_n_gram_layer_rarely_flags_the_near_misses() -> None:
    """The near-miss sentences above are built to look like crisis and test the rules'
    guards; the n-gram layer knows no guards and flags some ("mijn vader pakte een mes en
    zei dat het eten klaar was"). Measured 8 of 83 on 2026-12-03, 9 after round DD joined
    the training data, 12 after round HH joined and the threshold went from 0.9 to 0.8
    (which raised rules + n-grams recall on three held-out rounds by 4.5-5.6 points): a
    ceiling, not a goal."""
    near_misses = (
        ISSUE_CALM + CONSTRUCTIONS_CALM + ROUND_T_CALM + ROUND_X_CALM + MONEY_CALM + ROUND_Z_CALM
    )
    flagged = [text for text in near_misses if detect(text).crisis]
    assert len(flagged) <= 12, flagged
    assert not [text for text in ISSUE_CALM + ROUND_T_CALM if detect(text).crisis]


def test_ordinary_resident_messages_rarely_get_the_crisis_block() -> None:
    """Without the model, on blind ordinary messages: 4 of 200 flagged at their first
    measurement, 5 after the n-gram threshold went to 0.8 (2026-12-03). A ceiling with
    one message of margin; the crisis block after a false alarm still offers the themes."""
    cases = load(CALM_RESIDENTS)
    assert len(cases) == 200 and all(c.label != "crisis" for c in cases)
    flagged = sum(detect(c.text).crisis for c in cases)
    assert flagged <= 6, flagged
