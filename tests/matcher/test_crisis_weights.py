"""The semantic crisis layer's stored weights: the same decisions as scikit-learn, trained once.

A process that finds the weights stored reads two small matrices instead of
importing scikit-learn and training (docs/deploy.md, "Memory"). The embedder here
is a small deterministic stand-in: what is under test is the classifier's
arithmetic and storage, not the model (tests/matcher/test_crisis_semantic.py
runs the layer with the real one).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from matcher.crisis.semantic import CrisisClassifier, LinearModel, train
from tests.matcher.crisis_stand_in import CASES, KINDS, HashEmbedder

ROOT = Path(__file__).resolve().parents[2]


def test_the_plain_arrays_decide_as_scikit_learn_does() -> None:
    rng = np.random.default_rng(11)
    vectors = rng.normal(size=(300, 16))
    labels = vectors[:, 0] + 0.3 * rng.normal(size=300) > 0
    kinds = np.array(KINDS)[np.argmax(vectors[:, 1:5], axis=1)]
    binary = LogisticRegression(C=10.0).fit(vectors, labels)
    several = LogisticRegression(C=10.0).fit(vectors, kinds)
    flag, kind = LinearModel.of(binary), LinearModel.of(several)
    for vector in rng.normal(size=(200, 16)):
        row = vector.reshape(1, -1)
        assert flag.probability_last(row) == pytest.approx(
            binary.predict_proba(row)[0, 1], abs=1e-12
        )
        assert flag.predict(row) == binary.predict(row)[0]
        assert kind.predict(row) == several.predict(row)[0]


def test_weights_are_trained_once_and_read_after(tmp_path: Path) -> None:
    first_embedder = HashEmbedder()
    first = CrisisClassifier(first_embedder, CASES, store=tmp_path)
    assert first_embedder.embedded == len(CASES) + 1  # the examples and the probe
    assert len(list(tmp_path.glob("crisis-*.npz"))) == 1
    again_embedder = HashEmbedder()
    again = CrisisClassifier(again_embedder, CASES, store=tmp_path)
    assert again_embedder.embedded == 1  # only the probe: nothing trained
    probe = HashEmbedder().queries(["ik wil niet meer"])[0]
    assert again.probability(probe) == first.probability(probe)
    assert again.judge_vector(probe) == first.judge_vector(probe)
    fitted_flag, _kind = train(HashEmbedder().queries([c.text for c in CASES]), CASES)
    # scikit-learn scores float32 vectors in float32; the stored weights score in float64.
    assert first.probability(probe) == pytest.approx(
        fitted_flag.predict_proba(probe.reshape(1, -1))[0, 1], abs=1e-6
    )


def test_other_examples_or_another_model_train_anew(tmp_path: Path) -> None:
    CrisisClassifier(HashEmbedder(), CASES, store=tmp_path)
    fewer = HashEmbedder()
    CrisisClassifier(fewer, CASES[:-1], store=tmp_path)
    assert fewer.embedded == len(CASES)  # trained: other examples, other fingerprint
    other = HashEmbedder()
    other.name = "another-model"
    CrisisClassifier(other, CASES, store=tmp_path)
    assert other.embedded == len(CASES) + 1
    assert len(list(tmp_path.glob("crisis-*.npz"))) == 3


def test_a_damaged_store_means_training_again(tmp_path: Path) -> None:
    CrisisClassifier(HashEmbedder(), CASES, store=tmp_path)
    (stored,) = tmp_path.glob("crisis-*.npz")
    whole = stored.read_bytes()
    for damaged in (b"not an npz", whole[: len(whole) // 2]):  # garbage; a cut-off zip
        stored.write_bytes(damaged)
        again = HashEmbedder()
        CrisisClassifier(again, CASES, store=tmp_path)
        assert again.embedded == len(CASES) + 1
        assert stored.read_bytes() == whole  # written again, whole


def test_reading_stored_weights_does_not_import_scikit_learn(tmp_path: Path) -> None:
    CrisisClassifier(HashEmbedder(), CASES, store=tmp_path)
    script = f"""
import sys
sys.path[:0] = [{str(ROOT)!r}, {str(Path(__file__).parent)!r}]
from crisis_stand_in import CASES, HashEmbedder
from matcher.crisis.semantic import CrisisClassifier
from pathlib import Path
classifier = CrisisClassifier(HashEmbedder(), CASES, store=Path({str(tmp_path)!r}))
classifier.judge_kind("ik wil niet meer")
print("sklearn" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "False"
