"""The matcher pipeline: profile → filters → retrieval → fusion → fit → diversity → explanation.

`MatchIndex` is built once per catalogue version (vectors come from the
cache); `match` is the one function the fronts call. `rank` exposes the
single retrieval variants for the benchmark.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

from catalogue.freshness import FLAG_DAYS, HIDE_DAYS
from catalogue.records import GroupRecord
from catalogue.schedules import AMSTERDAM
from catalogue.taxonomy import THEMES
from matcher import crisis as crisis_mod
from matcher.concepts import concept_token, find_themes, themes_for_contexts
from matcher.cues import Cues, audience_fit, read_cues, targeted_fit, with_situation
from matcher.dense import DenseIndex, Embedder, VectorCache
from matcher.diversify import diversify
from matcher.evidence import (
    GroupWords,
    QueryWord,
    evidence_words,
    query_evidence,
    shared_words,
)
from matcher.explain import Explanation, explain
from matcher.filters import FilterColumns
from matcher.fit import practical_fit
from matcher.fusion import convex, rescale
from matcher.fuzzy import FuzzyIndex, Speller, vocabulary_words
from matcher.lexical import LexicalIndex, QueryTerms
from matcher.profile import Profile, checked
from matcher.relevance import FLOOR, Evidence, RelevanceModel
from matcher.remote_embedder import EmbedderUnavailable
from matcher.text import expand_compounds, is_content, lexical_tokens, words

log = logging.getLogger(__name__)
VARIANTS = ("lexical", "fuzzy", "dense", "hybrid", "full")
# Fuzzy keyword scoring is kept as a variant but weighs 0 in fusion: on the two halves of
# ../shared/bench it gained +0.009 nDCG@10 on one and lost 0.007 on the other
# (benchmarks/adjustments_twofold.py); typos are repaired by the speller before BM25.
WEIGHTS = {"lexical": 0.65, "dense": 0.35, "fuzzy": 0.0}
CONCEPT_WEIGHT = 1.0
# A ticked context links to several themes at once ("levensfase": grief, ageing, ADHD …),
# so each weighs less than a theme the text itself names.
CONTEXT_WEIGHT = 0.4
TARGET_PRIOR = 0.3  # groups for specific people need evidence the person is one of them
PREFETCH = 300  # candidates kept after the cheap scorers, before fuzzy and fit
RANK_EXTRA = 10  # ranked beyond the limit, so options set apart still leave a full list
T = TypeVar("T", bound=Hashable)
_BUDDY = re.compile(r"\b(maatje|maatjes|buddy|een op een|1 op 1|individueel)")


@dataclass(frozen=True)
class Option:
    """One suggested group with its score, explanation and whether one can join it now."""

    record: GroupRecord
    score: float
    explanation: Explanation
    relevance: float = 1.0  # calibrated probability that the group fits (matcher.relevance)
    joinable: bool = True  # places left, enrolment open
    stale: bool = False  # not confirmed by its provider for over FLAG_DAYS (said with the date)


@dataclass(frozen=True)
class MatchResult:
    """Ranked options; `crisis` means: show the crisis block before anything else.

    `options` fit (above the relevance floor) and can be joined now;
    `unavailable` fit but are full or closed for enrolment, to be shown apart.
    """

    crisis: bool
    crisis_kind: str | None
    options: tuple[Option, ...]
    themes: tuple[str, ...]
    notices: tuple[str, ...] = ()
    unavailable: tuple[Option, ...] = ()


def _single_threaded_blas() -> None:
    """Keep numpy's BLAS to one thread.

    Its idle threads spin after each large mat-vec and fight torch's threads for
    the cores: at 100,000 groups that made the query embedding four times slower.
    """
    threadpool_limits(limits=1, user_api="blas")


class MatchIndex:
    """Everything precomputed about a catalogue that matching needs."""

    def __init__(
        self,
        records: Sequence[GroupRecord],
        *,
        embedder: Embedder | None = None,
        cache: VectorCache | None = None,
        model_notice: str = "",
    ) -> None:
        _single_threaded_blas()
        self.records = list(records)
        self.filters = FilterColumns(self.records)
        self.lexical = LexicalIndex(self.records)
        self.fuzzy = FuzzyIndex(self.records)
        self.speller = Speller(vocabulary_words(self.records))
        self.embedder = embedder
        self.dense = (
            DenseIndex.build_unless_away(self.records, embedder, cache or VectorCache(None))
            if embedder is not None and self.records
            else None
        )
        self.model_notice = model_notice
        self.themes = self.lexical.doc_themes
        self.domains = np.array([r.domain for r in self.records])
        self.online = self.filters.online
        self.in_person = self.filters.in_person
        self.buddy = np.array(
            [bool(_BUDDY.search(" ".join([r.title, *r.tags]).lower())) for r in self.records],
            dtype=bool,
        )
        self.audiences = [r.audience for r in self.records]
        self.targets = [
            frozenset({r.audience} - {"iedereen", "volwassenen"}) | frozenset(r.special_audiences)
            for r in self.records
        ]
        # The few distinct audiences and target sets, and each group's one as a code:
        # a cue then costs one call per distinct value and a numpy take, not one per group.
        self.audience_kinds, self.audience_codes = _codes(self.audiences)
        self.target_kinds, self.target_codes = _codes(self.targets)
        self._fit_day: date | None = None
        self._fit_cache = np.full(len(self.records), np.nan)
        self._words: dict[int, GroupWords] = {}
        self.position_of = {record.id: position for position, record in enumerate(self.records)}
        confirmed = [r.last_confirmed_at for r in self.records]
        # Never confirmed (None): kept, there is no date to judge it by.
        self._confirmed = np.array(
            [d.toordinal() if d is not None else np.iinfo(np.int64).max for d in confirmed],
            dtype=np.int64,
        )

    def fresh(self, now: datetime) -> np.ndarray:
        """Which groups were confirmed within HIDE_DAYS: the others are left out of matching."""
        today = now.astimezone(AMSTERDAM).date().toordinal()
        return (today - self._confirmed) <= HIDE_DAYS

    def group_words(self, position: int) -> GroupWords:
        """A group's distinctive words, built on first use (most groups are never shown)."""
        found = self._words.get(position)
        if found is None:
            found = self._words[position] = GroupWords(self.records[position])
        return found

    def query_terms(self, profile: Profile) -> tuple[QueryTerms, list[str]]:
        """Weighted lexical terms and the themes of a profile (after spelling repair)."""
        originals = words(f"{profile.text} {profile.matters}")
        repairs = {w: self.speller.correct(w) for w in dict.fromkeys(originals)}
        repaired = [repairs[w] or w for w in originals]
        weights: dict[str, float] = {}
        sources: dict[str, str] = {}
        for original, word in zip(originals, repaired, strict=True):
            if not is_content(word):
                continue
            for token, weight in lexical_tokens(word):
                weights[token] = min(weights.get(token, 0.0) + weight, 2.0 * weight)
                sources.setdefault(token, original)
        content = [w for w in repaired if is_content(w)]
        for part in expand_compounds([], content, self.lexical.known_stems):
            weights[part] = weights.get(part, 0.0) + 0.5
        found = [hit.theme for hit in find_themes(" ".join(repaired))]
        themes = with_situation(found, read_cues(profile.text))
        from_contexts = sorted(themes_for_contexts(list(profile.contexts)) - set(themes))
        for theme in themes:
            weights[concept_token(theme)] = weights.get(concept_token(theme), 0.0) + CONCEPT_WEIGHT
        for theme in from_contexts:
            weights[concept_token(theme)] = weights.get(concept_token(theme), 0.0) + CONTEXT_WEIGHT
        terms = QueryTerms(weights, sources, frozenset(from_contexts), repairs)
        return terms, themes + from_contexts

    def practical_fit(self, position: int, now: datetime) -> float:
        """Practical fit of one group, cached per day (schedules expand only once a day)."""
        return float(self.practical_fits(np.array([position]), now)[0])

    def forget_practical_fits(self) -> None:
        """Drop the cached practical fits: the next use computes them again."""
        self._fit_day = None

    def practical_fits(self, positions: np.ndarray, now: datetime) -> np.ndarray:
        """Practical fit of several groups, as `practical_fit`; only new ones are computed."""
        day = now.date()
        if self._fit_day != day:
            self._fit_day = day
            self._fit_cache = np.full(len(self.records), np.nan)
        found = self._fit_cache[positions]
        for position in positions[np.isnan(found)]:
            self._fit_cache[position] = practical_fit(self.records[position], now)
        return self._fit_cache[positions]

    def embed(self, text: str) -> np.ndarray | None:
        """The query vector, or None without a model (or when the embedding service is away)."""
        if self.embedder is None or self.dense is None:
            return None
        try:
            return self.embedder.queries([text])[0]
        except EmbedderUnavailable as exc:  # words and spelling still rank; say why in the log
            log.warning("query not embedded: %s", exc)
            return None


def _codes(values: Sequence[T]) -> tuple[list[T], np.ndarray]:
    """The distinct values (in first-seen order) and each value's index among them."""
    kinds: dict[T, int] = {}
    codes = np.array([kinds.setdefault(v, len(kinds)) for v in values], dtype=np.int64)
    return list(kinds), codes


@dataclass
class Scores:
    """Raw scores of one query against the whole catalogue (not only the candidates).

    The relevance floor needs scores on a scale that does not move with the
    filters: a group's BM25 against the best BM25 anywhere, its cosine as is.
    """

    terms: QueryTerms
    themes: list[str]
    lexical: np.ndarray
    dense: np.ndarray | None


def score_all(index: MatchIndex, profile: Profile) -> Scores:
    """Lexical (and, with a model, dense) scores of every group for one profile."""
    terms, themes = index.query_terms(profile)
    vector = index.embed(f"{profile.text} {profile.matters}".strip())
    dense = index.dense.scores(vector) if vector is not None and index.dense else None
    return Scores(terms, themes, index.lexical.scores(terms), dense)


def _parts(
    index: MatchIndex, profile: Profile, cand: np.ndarray, variant: str, scores: Scores
) -> dict[str, np.ndarray]:
    """Raw scores of the scorers a variant uses, restricted to the candidates."""
    parts: dict[str, np.ndarray] = {}
    if variant in ("lexical", "hybrid", "full"):
        parts["lexical"] = scores.lexical[cand]
    if variant in ("dense", "hybrid", "full") and scores.dense is not None:
        parts["dense"] = scores.dense[cand]
    if variant == "fuzzy":
        parts["fuzzy"] = index.fuzzy.scores(profile.text, cand)[cand]
    return parts


def rank(
    index: MatchIndex,
    profile: Profile,
    *,
    now: datetime,
    variant: str = "full",
    limit: int = 10,
    scores: Scores | None = None,
    diversified: bool = True,
    cues: Cues | None = None,
) -> tuple[list[int], list[float], QueryTerms, list[str]]:
    """Positions of the best `limit` groups (into index.records) for one variant.

    `diversified=False` keeps the plain score order (for candidate lists that are
    filtered later and diversified then). `cues`: the text's cues when the caller
    has read them already (reading them twice per match cost milliseconds).
    """
    scores = scores or score_all(index, profile)
    terms, themes = scores.terms, scores.themes
    cand = np.flatnonzero(index.filters.mask(profile.constraints) & index.fresh(now))
    if cand.size == 0:
        return [], [], terms, themes
    parts = _parts(index, profile, cand, variant, scores)
    if variant in ("lexical", "dense", "fuzzy"):
        found = parts.get(variant, parts.get("lexical", np.zeros(cand.size)))
        order = np.argsort(-found, kind="stable")[:limit]
        return [int(cand[i]) for i in order], [float(found[i]) for i in order], terms, themes
    fused = convex(parts, WEIGHTS)
    keep = np.argsort(-fused, kind="stable")[:PREFETCH]
    cand, fused = cand[keep], fused[keep]
    if WEIGHTS["fuzzy"] > 0:
        fuzzy = index.fuzzy.scores(profile.text, cand)[cand]
        fused = fused + WEIGHTS["fuzzy"] * rescale(fuzzy)
    if variant == "full":
        cues = cues if cues is not None else read_cues(profile.text)
        fused = fused + _adjustments(index, profile, cand, cues, now)
    order = np.argsort(-fused, kind="stable")
    if variant == "full" and diversified:
        top = order[: max(limit * 3, 15)]
        picks = diversify(
            [int(cand[i]) for i in top],
            [float(fused[i]) for i in top],
            [index.records[cand[i]].domain for i in top],
            [index.records[cand[i]].title for i in top],
            limit,
        )
        order = top[picks]
    order = order[:limit]
    return [int(cand[i]) for i in order], [float(fused[i]) for i in order], terms, themes


# The soft adjustments of the full variant, by name, so each can be checked on its own
# (benchmarks/adjustments_twofold.py sets one to 0 and measures both halves of the bench;
# docs/matching.md has the table). Kept although not a gain on both halves: practical
# fit (mixed, within ±0.002), and the neutral ones that act on input the bench barely
# has (domains, elements, the "geen therapie" / "groepen eng" cues).
ADJUSTMENTS = {
    "audience": 0.3,  # the text rules the group's audience out (age, gender)
    "targeted": TARGET_PRIOR,  # a group for specific people, no sign the person is one
    "online_no_place": 0.15,  # "liefst online" and no place given
    "online_with_place": 0.0,  # was 0.05: lowered nDCG@10 on both halves
    "no_treatment": 0.3,  # "wil geen therapie": ggz groups down
    "no_groups": 0.2,  # "groepen vind ik eng": buddy schemes up
    "domains": 0.1,  # a VG team's chosen domains
    "elements": 0.05,
    "practical": 0.05,  # can start soon, places left
}


def _adjustments(
    index: MatchIndex, profile: Profile, cand: np.ndarray, cues: Cues, now: datetime
) -> np.ndarray:
    """Soft cues, preferences and practical fit, as small additive terms."""
    w = ADJUSTMENTS
    adjust = np.zeros(cand.size, dtype=np.float32)
    audience = np.array([audience_fit(a, cues) for a in index.audience_kinds], dtype=np.float64)
    adjust += w["audience"] * audience[index.audience_codes[cand]]
    if isinstance(profile.constraints.audience, str):
        cues = replace(cues, audiences=cues.audiences | {profile.constraints.audience})
    targeted = np.array([targeted_fit(t, cues) for t in index.target_kinds], dtype=np.float64)
    adjust += w["targeted"] * targeted[index.target_codes[cand]]
    no_place = profile.constraints.municipality is None and not profile.constraints.municipalities
    if cues.wants_online:
        online, in_person = index.online[cand], index.in_person[cand]
        weight = w["online_no_place"] if no_place else w["online_with_place"]
        adjust += weight * online - weight * (in_person & ~online)
    if cues.avoids_treatment:
        adjust -= w["no_treatment"] * (index.domains[cand] == "ggz")
    if cues.avoids_groups:
        adjust += w["no_groups"] * index.buddy[cand]
    if profile.domains:
        adjust += w["domains"] * np.isin(index.domains[cand], list(profile.domains))
    if profile.elements:
        wanted = set(profile.elements)
        adjust += np.array(
            [w["elements"] * len(wanted & set(index.records[i].elements)) for i in cand]
        )
    adjust += w["practical"] * index.practical_fits(cand, now)
    return adjust


def match(
    index: MatchIndex,
    profile: Profile,
    *,
    now: datetime,
    limit: int = 5,
    crisis_check: Callable[[str], crisis_mod.CrisisSignal] = crisis_mod.detect,
    floor: float = FLOOR,
) -> MatchResult:
    """Crisis check first, then the ranked, diversified, explained options above the floor."""
    signal = crisis_check(f"{profile.text} {profile.matters}")
    checked(profile)
    scores = score_all(index, profile)
    cues = read_cues(profile.text)
    positions, fused, terms, themes = rank(
        index, profile, now=now, limit=limit + RANK_EXTRA, scores=scores, cues=cues
    )
    model = RelevanceModel(scores.lexical, scores.dense)
    written = query_words(index, profile, scores.terms.repairs)
    fitting = []
    for position, score in zip(positions, fused, strict=True):
        if not person_fits(index, position, cues):
            continue
        draft = draft_option(
            index, position, score, themes, written, model, now,
            contexts=profile.contexts, context_themes=terms.context_themes,
        )  # fmt: skip
        if draft.relevance >= floor:
            fitting.append(draft)
    # Only the options the result keeps are explained (schedules expanded, texts written).
    options = [finish_option(index, draft, now) for draft in shown(fitting, limit)]
    return assemble(index, options, themes, limit=limit, crisis=signal)


def shown(drafts: Sequence[Draft], limit: int) -> list[Draft]:
    """The drafts `assemble` keeps, in an order it keeps them in (joinable, then not)."""
    ordered = sorted(drafts, key=lambda d: set_back(d.stale, d.relevance))  # as in assemble
    joinable = [d for d in ordered if d.joinable][:limit]
    return joinable + [d for d in ordered if not d.joinable][:limit]


def person_fits(index: MatchIndex, position: int, cues: Cues) -> bool:
    """Whether what the text says about the person allows this group at all.

    A stated age or gender rules out groups for other ages or genders ("ik ben
    68": no youth group). A group for a special audience (parents, newcomers,
    LHBTIQ+, students, children of parents with problems) needs a sign in the
    text that the person is one, and a group in one language besides Dutch (a Polish
    meeting) someone who speaks it. Someone asking as a relative ("mijn zoon drinkt,
    hoe ga ik daarmee om") gets groups for relatives, and someone asking for
    themselves does not. Age/gender *audiences* without a sign stay a soft
    penalty: as a hard rule that cost 0.03 nDCG@10 on the bench's chat queries;
    the rules here left it unchanged (the bench has no special audiences).
    """
    record = index.records[position]
    if audience_fit(record.audience, cues) < 0:
        return False
    special = set(record.special_audiences) - {"mantelzorgers"}
    if special and not special & cues.audiences:
        return False
    if not _speaks_community_language(record.languages, cues.languages):
        return False
    return record.for_relatives == ("naasten" in cues.audiences)


def _speaks_community_language(languages: Sequence[str], spoken: frozenset[str]) -> bool:
    """A group in Dutch (or English) plus exactly one other language is that language's
    community ("Razem" in Polish, a Turkish women's morning): it fits someone whose words
    name that language or a country that speaks it. Groups in several languages are for
    everyone who speaks one of them, Dutch included."""
    community = set(languages) - {"nl", "en"}
    return len(community) != 1 or bool(community & spoken)


# A group its provider has not confirmed lately (FLAG_DAYS; after HIDE_DAYS it is left
# out) that clearly fits keeps its place, with "laatst bevestigd op …": in the example
# catalogue over a third of the groups were past it, and sorting every one of them below
# all confirmed groups put the one group that fitted a message behind four that barely did.
CLEAR_FIT = 0.5


def set_back(stale: bool, relevance: float) -> bool:
    """Whether an option goes after the confirmed ones: stale, and no clear fit."""
    return stale and relevance < CLEAR_FIT


def assemble(
    index: MatchIndex,
    fitting: Sequence[Option],
    themes: Sequence[str],
    *,
    limit: int,
    crisis: crisis_mod.CrisisSignal,
) -> MatchResult:
    """The result: confirmed before doubtful stale groups; joinable apart from full or closed."""
    ordered = sorted(fitting, key=lambda o: set_back(o.stale, o.relevance))  # stable
    notices = (index.model_notice,) if index.model_notice and index.dense is None else ()
    return MatchResult(
        crisis.crisis,
        crisis.kind,
        tuple(o for o in ordered if o.joinable)[:limit],
        tuple(themes),
        notices,
        unavailable=tuple(o for o in ordered if not o.joinable)[:limit],
    )


def query_words(
    index: MatchIndex, profile: Profile, repairs: dict[str, str | None] | None = None
) -> tuple[QueryWord, ...]:
    """The query's distinctive words as written, then their spelling repairs (for evidence).

    `repairs`: the speller's answers already known for this query (`QueryTerms.repairs`).
    """
    written = evidence_words(f"{profile.text} {profile.matters}")
    known = repairs or {}
    repaired = [
        known[w] if w in known else index.speller.correct(w) for w in written if "-" not in w
    ]
    return query_evidence([*written, *(w for w in repaired if w)])


@dataclass(frozen=True)
class Draft:
    """An option before its explanation: enough for the floor and for choosing what is shown."""

    position: int
    score: float
    relevance: float
    joinable: bool
    stale: bool
    themes: tuple[str, ...]  # shared themes the person's own words brought in
    words: tuple[str, ...]  # the group's forms of the distinctive query words it holds
    contexts: tuple[str, ...]  # ticked contexts that brought in a shared theme


def make_option(
    index: MatchIndex,
    position: int,
    score: float,
    themes: Sequence[str],
    query_words: Sequence[QueryWord],
    model: RelevanceModel | float,
    now: datetime,
    *,
    contexts: Sequence[str] = (),
    context_themes: frozenset[str] = frozenset(),
) -> Option:
    """One option with evidence-only reasons, its relevance and its availability.

    `model` is the query's relevance model, or a relevance computed earlier (the
    chat keeps only that between turns). A theme that only a ticked context brought
    in is named as that context ("past bij de context Levensfase"), never as if the
    person had said it.
    """
    draft = draft_option(
        index, position, score, themes, query_words, model, now,
        contexts=contexts, context_themes=context_themes,
    )  # fmt: skip
    return finish_option(index, draft, now)


def draft_option(
    index: MatchIndex,
    position: int,
    score: float,
    themes: Sequence[str],
    query_words: Sequence[QueryWord],
    model: RelevanceModel | float,
    now: datetime,
    *,
    contexts: Sequence[str] = (),
    context_themes: frozenset[str] = frozenset(),
) -> Draft:
    """Everything of `make_option` but the explanation, which only shown options need."""
    record = index.records[position]
    shared = [t for t in themes if t in index.themes[position]]
    said = [t for t in shared if t not in context_themes]
    linked = [
        c for c in contexts if any(c in THEMES[t].contexts for t in shared if t in context_themes)
    ]
    words = shared_words(query_words, index.group_words(position))
    relevance = (
        model.probability(position, Evidence(len(shared), len(words)))
        if isinstance(model, RelevanceModel)
        else model
    )
    stale = record.last_confirmed_at is not None and (
        (now.date() - record.last_confirmed_at).days > FLAG_DAYS
    )
    return Draft(
        position,
        round(score, 4),
        round(relevance, 4),
        record.can_join(now),
        stale,
        tuple(said),
        tuple(words),
        tuple(linked),
    )


def finish_option(index: MatchIndex, draft: Draft, now: datetime) -> Option:
    """The option of a draft, explained."""
    record = index.records[draft.position]
    explanation = explain(
        record,
        themes=list(draft.themes),
        words=list(draft.words),
        now=now,
        stale=draft.stale,
        contexts=draft.contexts,
    )
    return Option(record, draft.score, explanation, draft.relevance, draft.joinable, draft.stale)
