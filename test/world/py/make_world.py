"""Writes held-out world photos as a camera would (JPEG with EXIF make, model and dates) plus world.json, their truth.

Needs only Pillow (Debian's python3-pil is enough), so tests and the bench can generate the photos without the venv:

    python3 test/world/py/make_world.py --out DIR --count 2000
"""
import argparse
import json
import os

from world import HELDOUT_SEED, JPEG_QUALITY, PHOTO_SIZE, exif_for, render, scene


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--count", type=int, default=2000)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    photos = []
    for i in range(a.count):
        s = scene(HELDOUT_SEED, i)
        name = f"world-{i:05d}.jpg"
        render(s, *PHOTO_SIZE).save(os.path.join(a.out, name), "JPEG", quality=JPEG_QUALITY, exif=exif_for(s).tobytes())
        photos.append({"file": name, "concepts": s.concepts, "captions": s.captions})
    with open(os.path.join(a.out, "world.json"), "w", encoding="utf-8") as f:
        json.dump({"seed": HELDOUT_SEED, "photos": photos}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
