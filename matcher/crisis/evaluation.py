"""Measuring the detector on labelled texts: recall per kind, false alarms per category.

Format (JSON lines): {"text", "label": "crisis"|"none", "kind", "style"}; for crisis
lines `kind` is the expected crisis kind, for calm lines the kind of hard negative.
People bereaved by suicide ("bereaved") are scored apart from the other negatives.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

TUNE_SET = Path(__file__).parent / "data" / "tune.jsonl"
BEREAVED = "bereaved"


@dataclass(frozen=True)
class Case:
    text: str
    label: str
    kind: str
    style: str = ""


def load(path: Path) -> list[Case]:
    """Cases of a JSON-lines file, each text once."""
    seen: set[str] = set()
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["text"] in seen:
            continue
        seen.add(row["text"])
        cases.append(Case(row["text"], row["label"], row["kind"], row.get("style", "")))
    return cases


@dataclass
class Report:
    """Counts of one run; rates are derived."""

    caught: Counter[str] = field(default_factory=Counter)  # crisis kind -> flagged
    right_help: Counter[str] = field(default_factory=Counter)  # crisis kind -> same kind
    crisis: Counter[str] = field(default_factory=Counter)
    alarms: Counter[str] = field(default_factory=Counter)  # calm category -> flagged
    calm: Counter[str] = field(default_factory=Counter)
    missed: list[Case] = field(default_factory=list)
    false_alarms: list[Case] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.caught.values()) / max(1, sum(self.crisis.values()))

    @property
    def kind_accuracy(self) -> float:
        return sum(self.right_help.values()) / max(1, sum(self.crisis.values()))

    def false_alarm_rate(self, *, bereaved: bool = False) -> float:
        keys = [k for k in self.calm if (k == BEREAVED) == bereaved]
        return sum(self.alarms[k] for k in keys) / max(1, sum(self.calm[k] for k in keys))

    def lines(self) -> list[str]:
        """A small table for the terminal."""
        out = [
            f"  recall {self.recall:6.1%} ({sum(self.caught.values())}/{sum(self.crisis.values())})"
            f"   right first help {self.kind_accuracy:6.1%}"
            f"   false alarms {self.false_alarm_rate():6.1%}"
            f"   bereaved flagged {self.false_alarm_rate(bereaved=True):6.1%}"
        ]
        for kind in sorted(self.crisis):
            out.append(
                f"    crisis {kind:<10} caught {self.caught[kind]:3}/{self.crisis[kind]:<3}"
                f" right help {self.right_help[kind]:3}"
            )
        for kind in sorted(self.calm):
            out.append(f"    calm   {kind:<10} flagged {self.alarms[kind]:3}/{self.calm[kind]:<3}")
        return out


def evaluate(cases: Iterable[Case], detector: Callable[[str], str | None]) -> Report:
    """Run `detector` (text -> crisis kind or None) over the cases."""
    report = Report()
    for case in cases:
        kind = detector(case.text)
        if case.label == "crisis":
            report.crisis[case.kind] += 1
            if kind is not None:
                report.caught[case.kind] += 1
                report.right_help[case.kind] += kind == case.kind
            else:
                report.missed.append(case)
        else:
            report.calm[case.kind] += 1
            if kind is not None:
                report.alarms[case.kind] += 1
                report.false_alarms.append(case)
    return report
