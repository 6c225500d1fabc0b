"""A resident's words do not outlive the match (DESIGN §6): no cache in the process keeps them.

The probe runs in a fresh interpreter (pytest itself keeps test parameters and
output), matches messages holding a made-up word through every matcher path a
front uses (crisis check, full match, the chat's candidates and shortlist), drops
its own references and then walks everything reachable from the loaded modules —
caches of functools, wordfreq, the stemmer and the indexes included — for a
string that still holds the word; a second probe does the same after a web chat's
turns (dialogue, chat state, the service's matcher). Re-adding an `lru_cache` on
`matcher.text.stem`, the speller's memo or a `wordfreq.zipf_frequency` call makes
them fail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import wordfreq

from matcher.evidence import evidence_words
from matcher.word_frequency import LANGUAGES, zipf

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, sys, uuid
from datetime import UTC, datetime
sys.path.insert(0, "tests/matcher")
from conftest import CORPUS, make_record
from matcher.pipeline import MatchIndex, match
from matcher.profile import Constraints, Profile
from matcher.shortlist import candidates, shortlist


def run(index, word):
    now = datetime.now(UTC)
    messages = [
        f"ik voel me zo {word} en eenzaam sinds de verhuizing",
        f"angst{word} en paniek, {word}-gevoel, ik slaap slecht",
        f"ik wil dood, {word}",
        f"mijn {word}ing is weg, ik ben somber",
    ]
    for text in messages:
        profile = Profile(text=text)
        match(index, profile, now=now, limit=5)
        found = candidates(index, profile, now=now)
        shortlist(index, found, Constraints(), (), now=now, limit=3)


def reachable_holding(needle):
    seen, stack, found = set(), list(sys.modules.values()), []
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            if needle in obj:
                found.append(obj[:80])
            continue
        if isinstance(obj, (bytes, bytearray)):
            if needle.encode() in obj:
                found.append(repr(bytes(obj[:80])))
            continue
        if isinstance(obj, dict):  # the collector skips the str keys of a dict
            stack.extend(obj.keys())
        stack.extend(gc.get_referents(obj))
    return found, len(seen)


def main():
    index = MatchIndex([make_record(i, **f) for i, f in enumerate(CORPUS)])
    sys.modules["__main__"].kept_index = index  # the index lives on, as in a server
    word = "zq" + uuid.uuid4().hex[:10]
    run(index, word)
    # What the walk must not find; our own local `word` is not reachable from modules.
    found, walked = reachable_holding(word)
    print(walked)
    print(found)


main()
"""


def test_no_word_of_a_message_stays_reachable_after_matching() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    walked, found = done.stdout.strip().splitlines()[-2:]
    assert int(walked) > 100_000  # the walk really went through the process
    assert found == "[]", f"a resident's word is still held: {found}"


CHAT_PROBE = """
import gc, sys, tempfile, uuid
from datetime import UTC, datetime
from pathlib import Path
from bot.chat.conversation import ChatService, service_matcher
from bot.chat.identity import MemoryStateStore
from bot.chat.messages import Event
from catalogue.db import make_engine
from matcher.service import MatchService
from tests.support import seeded_database

WALK = sys.argv[1]
exec(WALK)


def main():
    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{seeded_database(folder / 'chat.db')}")
    service = ChatService(
        channel="web", secret_key="k" * 32, store=MemoryStateStore(),
        matcher=service_matcher(MatchService(engine, model="none", cache_dir=folder / "cache")),
        engine=engine, clock=lambda: datetime.now(UTC), subscriptions=True,
    )
    sys.modules["__main__"].kept_service = service  # the service lives on, as in a server
    word = "zq" + uuid.uuid4().hex[:10]
    service.handle(1, Event.command("start"))
    service.handle(1, Event.text(f"ik voel me zo {word} en eenzaam, angst{word}"))
    service.handle(1, Event.text(f"Deventer {word}"))
    service.handle(1, Event.text(f"dinsdag {word}ing"))
    service.handle(2, Event.text(f"ik wil er niet meer zijn {word}"))
    service._background.shutdown(wait=True)
    found, walked = reachable_holding(word)
    print(walked)
    print(found)


main()
"""


def test_no_word_of_a_chat_message_stays_reachable_after_the_turns() -> None:
    """The same walk after a web chat (the dialogue, its matcher and the chat state)."""
    walk = PROBE.split("def reachable_holding", 1)[1].split("def main", 1)[0]
    done = subprocess.run(
        [sys.executable, "-c", CHAT_PROBE, "def reachable_holding" + walk],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    walked, found = done.stdout.strip().splitlines()[-2:]
    assert int(walked) > 100_000
    assert found == "[]", f"a resident's word is still held: {found}"


def test_word_frequencies_read_directly_equal_wordfreqs_own() -> None:
    """`matcher.word_frequency` replaced `wordfreq.zipf_frequency` (which caches): same values."""
    text = (ROOT / "seed_groups" / "groups.csv").read_text(encoding="utf-8")
    tune = (ROOT / "matcher" / "crisis" / "data" / "tune.jsonl").read_text(encoding="utf-8")
    extra = "burn-out 16-27 19e a10 50-plussers zelf-hulp qqqq-angst"
    vocabulary = set(evidence_words(f"{text} {tune[:200_000]} {extra}"))
    assert len(vocabulary) > 3_000
    for word in sorted(vocabulary):
        for lang in LANGUAGES:
            assert zipf(word, lang) == pytest.approx(wordfreq.zipf_frequency(word, lang), abs=0.006)
