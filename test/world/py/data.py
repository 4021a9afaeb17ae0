"""Pixels and captions of the generated world as the training script and the evaluations need them."""
import io

import numpy as np
from PIL import Image

from world import BACKGROUNDS, COLOURS, SHAPES, render, scene

from world import HELDOUT_SEED, JPEG_QUALITY, PHOTO_SIZE, TRAIN_DRAW, TRAIN_SEED  # noqa: F401  (re-exported)


def squash(img: Image.Image, size: int) -> np.ndarray:
    """uint8 HWC pixels of `img` resized to size×size (PIL bicubic, aspect ignored: SigLIP's squash)."""
    return np.asarray(img.convert("RGB").resize((size, size), Image.BICUBIC), dtype=np.uint8)


def photo_jpeg(index: int, seed: int = HELDOUT_SEED) -> bytes:
    """The JPEG bytes of held-out scene `index` (without EXIF; see make_world.py for the files Shoebox reads)."""
    buf = io.BytesIO()
    render(scene(seed, index), *PHOTO_SIZE).save(buf, "JPEG", quality=JPEG_QUALITY)
    return buf.getvalue()


def train_pixels(count: int, size: int) -> np.ndarray:
    return np.stack([squash(render(scene(TRAIN_SEED, i), *TRAIN_DRAW), size) for i in range(count)])


def heldout_pixels(count: int, size: int) -> np.ndarray:
    return np.stack([squash(Image.open(io.BytesIO(photo_jpeg(i))), size) for i in range(count)])


def to_tensor(pixels: np.ndarray) -> np.ndarray:
    """NCHW float32 in [-1, 1] (x/255 - 0.5) / 0.5, the SigLIP normalisation."""
    return ((pixels.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(0, 3, 1, 2).copy()


BG_PHRASE = {"grass": "on grass", "beach": "on a beach", "sky": "in the sky", "snow": "in the snow",
             "wall": "in front of a brick wall", "night": "at night"}


def zero_shot_prompts() -> dict[str, list[tuple[str, list[str]]]]:
    """Per task, the classes and the prompts whose mean embedding stands for each class."""
    return {
        "colour+shape": [(f"{c} {s}", [f"a photo of a {c} {s}"]) for c in COLOURS for s in SHAPES],
        "background": [(b, [f"a {c} {s} {BG_PHRASE[b]}" for c in COLOURS for s in SHAPES]) for b in BACKGROUNDS],
    }
