"""`groepenwijzer match`: ranked JSON, and crisis contacts first — even when the input is bad."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from matcher.crisis import SUICIDE, help_for


def _match(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GROEPENWIJZER_INSTANCE": str(tmp_path), "GROEPENWIJZER_MODEL": "none"}
    subprocess.run(
        [sys.executable, "-m", "web.cli", "seed"], env=env, check=True, capture_output=True
    )
    return subprocess.run(
        [sys.executable, "-m", "web.cli", "match", *args], env=env, capture_output=True, text=True
    )


def test_json_lists_explained_options_without_referral(tmp_path: Path) -> None:
    done = _match(
        tmp_path,
        "--text",
        "ik voel me eenzaam",
        "--municipality",
        "Deventer",
        "--no-referral",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["crisis"] is False and report["options"]
    for option in report["options"]:
        assert {"group_id", "score", "why", "when", "where", "how"} <= set(option)
        assert option["needs_referral"] is False


def test_crisis_block_comes_first_even_with_an_unknown_place(tmp_path: Path) -> None:
    done = _match(tmp_path, "--text", "ik wil er niet meer zijn", "--municipality", "Deventr")
    assert done.returncode == 2
    assert done.stdout.startswith(help_for(SUICIDE).text())
    assert "Deventer" in done.stderr  # the closest name is suggested
    as_json = _match(tmp_path, "--text", "ik wil dood", "--municipality", "Deventr", "--json")
    assert json.loads(as_json.stdout)["crisis"] is True


def test_odd_digits_are_a_clear_error_after_the_crisis_contacts(tmp_path: Path) -> None:
    # `str.isdigit` accepts '²' and `int` reads '٣٤' as 34: options use ASCII digits only.
    env = {**os.environ, "GROEPENWIJZER_INSTANCE": str(tmp_path), "GROEPENWIJZER_MODEL": "none"}
    for option, value in (("--municipality", "²"), ("--age", "٣٤"), ("--age", "²")):
        done = subprocess.run(
            [sys.executable, "-m", "web.cli", "match", "--text", "ik wil dood", option, value],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout.startswith(help_for(SUICIDE).text())
        assert "Traceback" not in done.stderr and "Fout:" in done.stderr
