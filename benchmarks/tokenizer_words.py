"""Does the model's tokenizer keep residents' words in memory? Scans this process.

    python benchmarks/tokenizer_words.py [--keep-cache] [--rounds N]

Embeds 200 made-up words as queries (as a chat message would be), then N
rounds of 200 other made-up words, and scans every readable region of its own
memory (/proc/self/mem) for the words as the tokenizer writes them ("▁" +
word). Words still found were kept, or lie in freed memory not yet reused.
With `--keep-cache` the tokenizer's own word cache is left on, as HF tokenizers
ship it. Prints numbers, never texts. Linux only.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue.settings import Settings  # noqa: E402
from matcher.dense import load_embedder  # noqa: E402

WORDS = 200
# The words as the pre-tokenizer writes them: "▁" and six consonant-vowel pairs.
SHAPE = re.compile(b"\xe2\x96\x81((?:[bdfgklmnprstvz][aeiou]){6})(?![a-z])")


def _words(rng: random.Random, n: int) -> list[str]:
    return [
        "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(6))
        for _ in range(n)
    ]


def _digest(word: bytes) -> bytes:
    return hashlib.blake2b(word, digest_size=8).digest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-cache", action="store_true")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    settings = Settings.from_env()
    embedder = load_embedder(settings.model, settings.model_cache).embedder
    if embedder is None:
        raise SystemExit("no model loaded")
    if args.keep_cache:
        embedder.model.tokenizer.backend_tokenizer.model._resize_cache(10_000)
    probe = _words(random.Random(7), WORDS)
    wanted = {_digest(w.encode()) for w in probe}  # digests only: the scan must not find us
    embedder.queries([" ".join(probe[i : i + 10]) for i in range(0, WORDS, 10)])
    del probe
    other = random.Random(99)
    for _ in range(args.rounds):
        embedder.queries([" ".join(_words(other, 10)) for _ in range(20)])
    gc.collect()
    found: set[bytes] = set()
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            if "r" not in fields[1] or "[v" in line:
                continue
            low, high = (int(x, 16) for x in fields[0].split("-"))
            try:
                mem.seek(low)
                chunk = mem.read(high - low)
            except (OSError, ValueError, OverflowError):
                continue
            found |= {_digest(m.group(1)) for m in SHAPE.finditer(chunk)} & wanted
    cache = "kept (as shipped)" if args.keep_cache else "off (as Groepenwijzer runs it)"
    print(f"tokenizer word cache {cache}; {args.rounds} rounds of other words after the probe")
    print(f"probe words still in process memory: {len(found)} of {WORDS}")


if __name__ == "__main__":
    main()
