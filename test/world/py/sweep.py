"""Code-point sweep: token ids of 'a' + chr(c) + 'b' for every BMP code point (surrogates aside) and the emoji blocks,
from both references (transformers' SiglipTokenizer; open_clip's HFTokenizer on the Immich tokenizer), padding cut.

    .venv/bin/python test/world/py/sweep.py --models test/world/models --out test/golden/codepoint-sweep.json.gz
"""
import argparse
import gzip
import json
import os

import torchvision_stub  # noqa: F401  (before transformers / open_clip)
from open_clip.tokenizer import HFTokenizer
from transformers import SiglipTokenizer

POINTS = [c for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF] + list(range(0x1F000, 0x1FB00))


def unpadded(ids: list[int], eos: int) -> list[int]:
    """The ids up to and including the first </s> (everything after is padding)."""
    return ids[: ids.index(eos) + 1] if eos in ids else ids


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--models", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    texts = ["a" + chr(c) + "b" for c in POINTS]
    hf = SiglipTokenizer.from_pretrained(os.path.join(a.models, "checkpoint"))
    hf_ids = hf(texts, padding="max_length", truncation=True, max_length=64)["input_ids"]
    oc = HFTokenizer(os.path.join(a.models, "immich", "textual"), context_length=64, clean="canonicalize")
    oc_ids = oc(texts).tolist()
    out = {"points": POINTS, "transformers": [unpadded(x, 1) for x in hf_ids], "open_clip": [unpadded(x, 1) for x in oc_ids]}
    with gzip.open(a.out, "wt", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"{len(POINTS)} code points written to {a.out}")


if __name__ == "__main__":
    main()
