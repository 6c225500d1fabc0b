"""Dutch lexical scoring: BM25 over weighted fields, stems, compound parts and theme concepts.

Documents are turned into one bag of weighted terms (title and tags count
more than the description; themes found by the lay-language layer add a
concept term). The BM25 weights are precomputed into a sparse matrix, so a
query costs one sparse column slice and a sum, even at 100,000 groups.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from catalogue.records import GroupRecord
from matcher.concepts import concept_token, find_themes
from matcher.text import content_words, expand_compounds, lexical_tokens

FIELD_WEIGHTS = {"title": 3.0, "tags": 2.0, "summary": 1.0, "description": 1.0, "concepts": 2.0}
K1 = 1.2
EXPLAIN_SHARE = 0.12  # words in more than this share of groups are too common to explain
B = 0.6


def record_fields(record: GroupRecord) -> dict[str, str]:
    """The texts of a group that lexical scoring reads, by field."""
    return {
        "title": record.title,
        "tags": " ; ".join(record.tags),
        "summary": record.summary,
        "description": record.description,
    }


def record_themes(record: GroupRecord) -> set[str]:
    """Themes of a group: its declared themes plus those its texts mention."""
    text = " . ".join(record_fields(record).values())
    return set(record.themes) | {hit.theme for hit in find_themes(text)}


@dataclass
class QueryTerms:
    """A query as weighted lexical terms, with the words behind them (for explanations)."""

    weights: dict[str, float]
    sources: dict[str, str]
    # Themes that come only from ticked samen-begrijpen contexts, not from the words.
    context_themes: frozenset[str] = frozenset()
    # The speller's answer for each query word (None: kept as written), so the
    # evidence words need not ask again: answers are not remembered between queries.
    repairs: dict[str, str | None] = dataclasses.field(default_factory=dict)


class LexicalIndex:
    """BM25 weights of all groups, as a (terms × groups) sparse matrix."""

    def __init__(self, records: Sequence[GroupRecord]) -> None:
        # Themes of each group (declared or found in its text), kept for explanations too.
        self.doc_themes = [record_themes(record) for record in records]
        bags = [self._bag(r, t) for r, t in zip(records, self.doc_themes, strict=True)]
        self.known_stems = frozenset(t for bag in bags for t in bag if t[0] not in "§~")
        # Second pass: split compounds now that the corpus vocabulary is known.
        bags = [self._add_compounds(bag, record) for bag, record in zip(bags, records, strict=True)]
        self.vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[float] = []
        for doc, bag in enumerate(bags):
            for term, count in bag.items():
                rows.append(self.vocab.setdefault(term, len(self.vocab)))
                cols.append(doc)
                tfs.append(count)
        n_docs = max(len(records), 1)
        lengths = np.array([sum(bag.values()) for bag in bags] or [0.0], dtype=np.float32)
        avg = float(lengths.mean()) or 1.0
        tf = np.array(tfs, dtype=np.float32)
        doc_idx = np.array(cols, dtype=np.int64)
        df = np.bincount(np.array(rows, dtype=np.int64), minlength=len(self.vocab))
        idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = K1 * (1.0 - B + B * lengths[doc_idx] / avg)
        weights = idf[np.array(rows, dtype=np.int64)] * tf * (K1 + 1.0) / (tf + norm)
        self.matrix = sparse.csr_matrix(
            (weights, (rows, cols)), shape=(len(self.vocab), len(records)), dtype=np.float32
        )
        self.idf = idf
        self.df = df
        self.explain_df = max(2, int(EXPLAIN_SHARE * n_docs))
        self.size = len(records)

    @staticmethod
    def _bag(record: GroupRecord, themes: set[str]) -> dict[str, float]:
        bag: dict[str, float] = defaultdict(float)
        for field, text in record_fields(record).items():
            for word in content_words(text):
                for token, weight in lexical_tokens(word):
                    bag[token] += FIELD_WEIGHTS[field] * weight
        for theme in themes:
            bag[concept_token(theme)] += FIELD_WEIGHTS["concepts"]
        return bag

    def _add_compounds(self, bag: dict[str, float], record: GroupRecord) -> dict[str, float]:
        for field in ("title", "tags"):
            words = content_words(record_fields(record)[field])
            for part in expand_compounds([], words, self.known_stems):
                bag[part] += FIELD_WEIGHTS[field] * 0.5
        return bag

    def scores(self, query: QueryTerms) -> np.ndarray:
        """BM25 score of every group for the query (zeros where nothing matches)."""
        ids = [self.vocab[t] for t in query.weights if t in self.vocab]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        weights = np.array(
            [query.weights[t] for t in query.weights if t in self.vocab], dtype=np.float32
        )
        return np.asarray(self.matrix[ids].T @ weights, dtype=np.float32).ravel()

    def matched_terms(self, query: QueryTerms, doc: int) -> list[str]:
        """Query words that occur in one group, strongest evidence first (for explanations)."""
        found: dict[str, float] = {}
        for term in query.weights:
            i = self.vocab.get(term)
            # Words found in many groups ("voel", "groep") explain nothing: leave them out.
            if term in query.sources and i is not None and self.df[i] <= self.explain_df:
                weight = float(self.matrix[i, doc])
                if weight > 0:
                    word = query.sources[term]
                    found[word] = max(found.get(word, 0.0), weight)
        return sorted(found, key=lambda word: -found[word])
