"""The benchmark runner: every filter key exactly as the bench README's passes(), metrics, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from matcher import bench
from matcher.filters import passes
from matcher.pipeline import MatchIndex

DATA = Path(__file__).parent / "data"
ROW = {
    "online": "no",
    "municipality": "Zwolle",
    "weekday": "di",
    "referral_required": "no",
    "audience": "volwassenen",
}
KEY_CASES = [
    ({"online_ok": False}, {"online": "yes", "municipality": ""}, False),
    ({"online_ok": True}, {"online": "yes", "municipality": ""}, True),
    ({"online_ok": False, "municipality": "Kampen"}, {}, False),
    ({"online_ok": True, "municipality": "Kampen"}, {"online": "yes", "municipality": ""}, True),
    ({"online_ok": False, "weekday": ["ma"]}, {}, False),
    ({"online_ok": False, "weekday": ["ma"]}, {"weekday": ""}, True),
    ({"online_ok": False, "no_referral": True}, {"referral_required": "yes"}, False),
    ({"online_ok": False, "no_referral": False}, {"referral_required": "yes"}, True),
    ({"online_ok": False, "audience": "ouderen 65+"}, {}, True),
    ({"online_ok": False, "audience": "jongeren 16-27"}, {}, False),
    ({"online_ok": False, "audience": "vrouwen"}, {"audience": "mannen"}, False),
    ({"online_ok": False, "audience": ["naasten", "iedereen"]}, {"audience": "naasten"}, True),
    ({"online_ok": False, "audience": ["naasten", "iedereen"]}, {}, False),
    ({"online_ok": False, "municipalities": ["Kampen", "Zwolle"]}, {}, True),
    ({"online_ok": False, "municipalities": ["Kampen"]}, {}, False),
    ({"online_ok": True, "municipalities": []}, {}, False),
    ({"online_ok": True, "municipalities": []}, {"online": "yes", "municipality": ""}, True),
    ({"online_ok": False, "municipality": "Zwolle", "municipalities": ["Kampen"]}, {}, False),
    ({"online_ok": False, "audience": "naasten"}, {"audience": "naasten"}, True),
    ({"online_ok": False, "audience": "naasten"}, {}, False),
]


@pytest.mark.parametrize(("filters", "changes", "expected"), KEY_CASES)
def test_each_filter_key_matches_the_reference(
    filters: dict[str, Any], changes: dict[str, str], expected: bool
) -> None:
    row = {
        **ROW,
        "id": "x",
        "title": "t",
        "description": "",
        "domain": "welzijn",
        "provider": "p",
        "open_group": "yes",
        "tags": "",
        "cost": "gratis",
        **changes,
    }
    assert bench.reference_passes(row, filters) is expected
    record = bench.record_from_row(0, row)
    assert passes(record, bench.constraints_from_filters(filters)) is expected


def test_metrics_follow_the_readme() -> None:
    rel = {"a": 2, "b": 1}
    assert bench.recall_at_5(["x", "a", "y", "z", "w", "b"], rel) == 0.5
    assert bench.mrr_at_10(["x", "b"], rel) == 0.5
    assert bench.ndcg_at_10(["a", "b"], rel) == pytest.approx(1.0)
    assert bench.ndcg_at_10(["b", "a"], rel) < 1.0


def test_runs_on_a_second_file_without_model() -> None:
    data = bench.load(DATA / "groups.csv", DATA / "queries.jsonl")
    report = bench.run(data, MatchIndex(data.records))
    assert report["filter_violations"] == 0
    assert report["crisis"] == {"recall": 1.0, "false_positive_rate": 0.0}
    assert set(report["variants"]) == {"lexical", "fuzzy", "dense", "hybrid", "full"}
    assert report["variants"]["full"]["ndcg@10"] >= 0.8
    assert report["groups"] == 8 and report["queries"] == 7


def test_cli_prints_the_documented_json(tmp_path: Path) -> None:
    env = {**os.environ, "GROEPENWIJZER_INSTANCE": str(tmp_path), "GROEPENWIJZER_MODEL": "none"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "web.cli",
            "bench",
            "--groups",
            str(DATA / "groups.csv"),
            "--queries",
            str(DATA / "queries.jsonl"),
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(out.stdout)
    for variant in report["variants"].values():
        assert set(variant) == {"recall@5", "mrr@10", "ndcg@10"}
        assert all(0.0 <= v <= 1.0 for v in variant.values())
    assert set(report["latency_ms"]) == {"median", "p95", "embed_median"}
    assert isinstance(report["filter_violations"], int)
    assert "kon niet laden" not in out.stderr  # "none" is a choice, not a failure
