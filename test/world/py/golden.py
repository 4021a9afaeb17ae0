"""Golden outputs of the reference implementations for the world SigLIP, for Shoebox's tests to compare against:

- transformers (the `xenova/` layout's source): SiglipTokenizer ids, SiglipModel text and image features (no attention
  mask, as SigLIP was trained and as the ONNX towers run), images through transformers' load_image (EXIF transpose)
  and the PIL SiglipImageProcessor;
- open_clip (the `immich/` layout's source): HFTokenizer with clean='canonicalize' on textual/, the open_clip model's
  encode_text / encode_image, images through open_clip's own preprocess built from visual/preprocess_cfg.json.

Colour-managed files (an embedded ICC profile that is not sRGB) are given to both references after converting to sRGB
with LittleCMS (PIL ImageCms, perceptual intent as sharp uses), because Shoebox deliberately shows and embeds them in their true
colours; the JSON marks them `converted`. Files PIL cannot open (HEIC) are listed as `unreadable`.

    .venv/bin/python test/world/py/golden.py --models test/world/models --corpus ../shared/corpus/real --out test/golden/world-golden.json
"""
import argparse
import io
import json
import os

import torchvision_stub  # noqa: F401  (before transformers / open_clip: see torchvision_stub.py)
import numpy as np
import open_clip
import torch
from open_clip.tokenizer import HFTokenizer
from open_clip.transform import PreprocessCfg, image_transform_v2
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from transformers import SiglipModel, SiglipTokenizer
from transformers.image_utils import load_image
from transformers.models.siglip.image_processing_pil_siglip import SiglipImageProcessorPil

from openclip_world import build_open_clip, copy_weights
from queries import QUERIES

SRGB = ImageCms.createProfile("sRGB")


def rounded(v: torch.Tensor) -> list[float]:
    return [float(f"{x:.7g}") for x in v.tolist()]


def png_16_bit(path: str) -> bool:
    with open(path, "rb") as f:
        head = f.read(25)
    return head[:8] == b"\x89PNG\r\n\x1a\n" and head[24] == 16


def colour_managed(img: Image.Image, sixteen_bit: bool) -> Image.Image | None:
    """The picture converted to sRGB by its embedded profile (alpha dropped), or None when it has no or an sRGB profile."""
    icc = img.info.get("icc_profile")
    if not icc:
        return None
    src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    if "srgb" in ImageCms.getProfileDescription(src).strip().lower():
        return None
    space = src.profile.xcolor_space.strip()
    if space == "GRAY" and sixteen_bit:
        return None  # sharp leaves 16-bit grey (libvips GREY16) in its own values
    if space == "GRAY":
        img = img.getchannel(0) if img.mode != "L" else img
    elif space == "RGB":
        img = img.convert("RGB")
    return ImageCms.profileToProfile(img, src, SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB")


def open_photo(path: str) -> tuple[Image.Image, str | None]:
    """As transformers' load_image (EXIF transpose, first frame, convert to RGB), with the profile conversion Shoebox
    applies first for colour-managed files."""
    img = ImageOps.exif_transpose(Image.open(path))  # raises for files PIL cannot identify
    converted = colour_managed(img, png_16_bit(path))
    if converted is not None:
        return converted, "converted to sRGB by its ICC profile"
    return load_image(path), None


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--models", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--standins", help="folder of <name>.png written by test/golden/heic-standins.ts for files PIL cannot open")
    a = p.parse_args()
    torch.set_num_threads(2)
    ckpt = os.path.join(a.models, "checkpoint")
    hf = SiglipModel.from_pretrained(ckpt).eval()
    hf_tok = SiglipTokenizer.from_pretrained(ckpt)
    processor = SiglipImageProcessorPil.from_pretrained(os.path.join(a.models, "xenova"))
    oc, _ = build_open_clip(hf.config)
    copy_weights(hf, oc)
    oc.eval()
    immich = os.path.join(a.models, "immich")
    with open(os.path.join(immich, "visual", "preprocess_cfg.json")) as f:
        pp = json.load(f)
    oc_preprocess = image_transform_v2(PreprocessCfg(**pp), is_train=False)
    oc_tok = HFTokenizer(os.path.join(immich, "textual"), context_length=64, clean="canonicalize")

    out = {"transformers": {"queries": [], "images": []}, "open_clip": {"queries": [], "images": []}, "unreadable": []}
    with torch.no_grad():
        for q in QUERIES:
            ids = hf_tok(q, padding="max_length", truncation=True, max_length=64)["input_ids"]
            emb = torch.nn.functional.normalize(hf.get_text_features(input_ids=torch.tensor([ids])).pooler_output, dim=-1)[0]
            out["transformers"]["queries"].append({"text": q, "ids": ids, "embedding": rounded(emb)})
            oc_ids = oc_tok([q])
            oc_emb = oc.encode_text(oc_ids.to(torch.int32), normalize=True)[0]
            out["open_clip"]["queries"].append({"text": q, "ids": oc_ids[0].tolist(), "embedding": rounded(oc_emb)})
        for name in sorted(os.listdir(a.corpus)):
            path = os.path.join(a.corpus, name)
            if name.lower().endswith(".md"):
                continue
            try:
                img, note = open_photo(path)
            except (UnidentifiedImageError, OSError) as e:
                out["unreadable"].append({"file": name, "reason": f"PIL: {e}"})
                standin = os.path.join(a.standins or "", f"{name}.png")
                if not a.standins or not os.path.exists(standin):
                    continue
                img, note = load_image(standin), "PIL cannot read HEIC: the references ran on libheif's pixels (heic-decode) saved as PNG"
            px = processor(images=img, return_tensors="pt")["pixel_values"]
            emb = torch.nn.functional.normalize(hf.get_image_features(pixel_values=px).pooler_output, dim=-1)[0]
            entry = {"file": name, "embedding": rounded(emb)}
            if note:
                entry["note"] = note
            out["transformers"]["images"].append(entry)
            oc_px = oc_preprocess(img).unsqueeze(0)
            oc_emb = oc.encode_image(oc_px, normalize=True)[0]
            oc_entry = {"file": name, "embedding": rounded(oc_emb)}
            if note:
                oc_entry["note"] = note
            out["open_clip"]["images"].append(oc_entry)
            agree = float(torch.dot(emb, oc_emb))
            print(f"{name}: transformers vs open_clip image cos {agree:.6f}{' (' + note + ')' if note else ''}")
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
        f.write("\n")
    print(f"{len(QUERIES)} queries, {len(out['transformers']['images'])} images, unreadable: {[u['file'] for u in out['unreadable']]}")


if __name__ == "__main__":
    main()
