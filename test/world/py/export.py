"""Exports the trained world SigLIP the way the real exports are made:

- `checkpoint/`: the transformers checkpoint (config.json, model.safetensors with logit_scale and logit_bias, the
  SentencePiece tokenizer), as google/siglip-* repos hold it;
- `xenova/`: transformers.js layout, towers exported from the loaded SiglipModel with optimum's input/output names and
  dynamic axes (onnx/vision_model.onnx, onnx/text_model.onnx), tokenizer.json, preprocessor_config.json, config.json;
- `immich/`: the same weights loaded into an open_clip model (timm ViT with MAP pooling + open_clip text transformer,
  as open_clip builds ViT-B-16-SigLIP), exported as Immich's exporter does (visual/model.onnx `image` → `embedding`,
  textual/model.onnx int32 `text` → `embedding`, both normalised, batch 1), with config.json, visual/preprocess_cfg.json
  and the tokenizer files.

    .venv/bin/python test/world/py/export.py --checkpoint .cache/world/checkpoint --out test/world/models
"""
import argparse
import json
import os
import shutil

import torchvision_stub  # noqa: F401  (before transformers / open_clip: see torchvision_stub.py)
import torch
from tokenizers import processors
from transformers import SiglipImageProcessor, SiglipModel, SiglipTokenizer, T5TokenizerFast
from transformers.convert_slow_tokenizer import SpmConverter

from openclip_world import build_open_clip, copy_weights

OPSET = 17


class SiglipConverter(SpmConverter):
    """SentencePiece → tokenizer.json as for T5 (SigLIP's tokenizer family): `</s>` appended to every sequence."""

    def post_processor(self):
        eos = self.original_tokenizer.convert_tokens_to_ids("</s>")
        return processors.TemplateProcessing(single=["$A", "</s>"], pair=["$A", "</s>", "$B", "</s>"], special_tokens=[("</s>", eos)])


def write_json(path: str, value) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)
        f.write("\n")


class VisionOut(torch.nn.Module):
    def __init__(self, model: SiglipModel):
        super().__init__()
        self.vision = model.vision_model

    def forward(self, pixel_values):
        out = self.vision(pixel_values=pixel_values)
        return out.last_hidden_state, out.pooler_output


class TextOut(torch.nn.Module):
    def __init__(self, model: SiglipModel):
        super().__init__()
        self.text = model.text_model

    def forward(self, input_ids):
        out = self.text(input_ids=input_ids)
        return out.last_hidden_state, out.pooler_output


def export_xenova(model: SiglipModel, tok: SiglipTokenizer, ckpt: str, out: str) -> None:
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    cfg = model.config
    size = cfg.vision_config.image_size
    pixels = torch.zeros(1, 3, size, size)
    ids = torch.ones(1, cfg.text_config.max_position_embeddings, dtype=torch.int64)
    torch.onnx.export(VisionOut(model), (pixels,), os.path.join(out, "onnx", "vision_model.onnx"), opset_version=OPSET, dynamo=False,
                      input_names=["pixel_values"], output_names=["last_hidden_state", "pooler_output"],
                      dynamic_axes={"pixel_values": {0: "batch_size", 1: "num_channels", 2: "height", 3: "width"},
                                    "last_hidden_state": {0: "batch_size", 1: "sequence_length"}, "pooler_output": {0: "batch_size"}})
    torch.onnx.export(TextOut(model), (ids,), os.path.join(out, "onnx", "text_model.onnx"), opset_version=OPSET, dynamo=False,
                      input_names=["input_ids"], output_names=["last_hidden_state", "pooler_output"],
                      dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                                    "last_hidden_state": {0: "batch_size", 1: "sequence_length"}, "pooler_output": {0: "batch_size"}})
    SiglipConverter(tok).converted().save(os.path.join(out, "tokenizer.json"))
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        if os.path.exists(os.path.join(ckpt, name)):
            shutil.copy(os.path.join(ckpt, name), os.path.join(out, name))
    shutil.copy(os.path.join(ckpt, "config.json"), os.path.join(out, "config.json"))
    SiglipImageProcessor(size={"height": size, "width": size}).save_pretrained(out)


def export_immich(model: SiglipModel, ckpt: str, out: str, xenova: str) -> None:
    oc, model_cfg = build_open_clip(model.config)
    copy_weights(model, oc)
    oc.eval()
    os.makedirs(os.path.join(out, "visual"), exist_ok=True)
    os.makedirs(os.path.join(out, "textual"), exist_ok=True)
    size = model.config.vision_config.image_size
    context = model.config.text_config.max_position_embeddings

    class Visual(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.m = oc

        def forward(self, image):
            return self.m.encode_image(image, normalize=True)

    class Textual(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.m = oc

        def forward(self, text):
            return self.m.encode_text(text, normalize=True)

    torch.onnx.export(Visual(), (torch.zeros(1, 3, size, size),), os.path.join(out, "visual", "model.onnx"), opset_version=OPSET,
                      dynamo=False, input_names=["image"], output_names=["embedding"])
    torch.onnx.export(Textual(), (torch.ones(1, context, dtype=torch.int32),), os.path.join(out, "textual", "model.onnx"),
                      opset_version=OPSET, dynamo=False, input_names=["text"], output_names=["embedding"])
    write_json(os.path.join(out, "config.json"), model_cfg)
    write_json(os.path.join(out, "visual", "preprocess_cfg.json"), {
        "size": [size, size], "mode": "RGB", "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5],
        "interpolation": "bicubic", "resize_mode": "squash", "fill_color": 0})
    # open_clip's HFTokenizer loads the T5-family fast tokenizer (as timm/ViT-B-16-SigLIP ships it); Immich saves it.
    fast = T5TokenizerFast(tokenizer_file=os.path.join(xenova, "tokenizer.json"), eos_token="</s>", pad_token="</s>",
                           unk_token="<unk>", extra_ids=0, additional_special_tokens=[], model_max_length=context)
    fast.save_pretrained(os.path.join(out, "textual"))
    for extra in ("spiece.model",):
        path = os.path.join(out, "textual", extra)
        if os.path.exists(path):
            os.remove(path)
    torch.save  # noqa: B018  (weights stay in the ONNX files; the checkpoint keeps the logits)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(2)
    model = SiglipModel.from_pretrained(a.checkpoint).eval()
    tok = SiglipTokenizer.from_pretrained(a.checkpoint)
    ckpt_out = os.path.join(a.out, "checkpoint")
    os.makedirs(ckpt_out, exist_ok=True)
    for name in ("config.json", "model.safetensors", "spiece.model", "tokenizer_config.json", "special_tokens_map.json", "training.json"):
        if os.path.exists(os.path.join(a.checkpoint, name)):
            shutil.copy(os.path.join(a.checkpoint, name), os.path.join(ckpt_out, name))
    export_xenova(model, tok, a.checkpoint, os.path.join(a.out, "xenova"))
    export_immich(model, a.checkpoint, os.path.join(a.out, "immich"), os.path.join(a.out, "xenova"))
    print("exported to", a.out)


if __name__ == "__main__":
    main()
