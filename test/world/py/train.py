"""Trains a small SigLIP on the generated world the SigLIP way (sigmoid loss, learned logit scale and bias) and saves it
as a transformers checkpoint (config.json + model.safetensors) with its SentencePiece model.

    .venv/bin/python test/world/py/train.py --out .cache/world/checkpoint

Time-boxed (--minutes), or a fixed number of steps (--steps: the learning-rate schedule then follows the step count,
not the clock, so a run is the same on a faster or busier machine). The committed checkpoint took 4,609 steps; to
reproduce it: `--steps 4609 --threads 1`. Prints held-out zero-shot accuracy at the end and writes it to
<out>/training.json.
"""
import argparse
import json
import os
import random
import re
import string
import time

import torchvision_stub  # noqa: F401  (before transformers: see torchvision_stub.py)
import numpy as np
import sentencepiece as spm
import torch
from transformers import SiglipConfig, SiglipModel, SiglipTokenizer

from data import heldout_pixels, to_tensor, train_pixels, zero_shot_prompts
from data import TRAIN_SEED
from world import scene

CONTEXT = 64
EOS = 1  # SigLIP: pad = eos = </s> (id 1), no attention mask


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--train", type=int, default=20000)
    p.add_argument("--heldout", type=int, default=1000)
    p.add_argument("--minutes", type=float, default=15)
    p.add_argument("--steps", type=int, default=None, help="train exactly this many steps (overrides --minutes)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--image-size", type=int, default=48)
    p.add_argument("--patch", type=int, default=12)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--vocab", type=int, default=800)
    return p.parse_args()


def build_tokenizer(out: str, texts: list[str], vocab: int) -> SiglipTokenizer:
    """A SentencePiece Unigram model (pad 0, eos 1, unk 2 like SigLIP's) trained on the canonicalised captions."""
    def canon(text: str) -> str:  # SiglipTokenizer.canonicalize_text: lower-case, drop punctuation, one space
        return re.sub(r"\s+", " ", text.lower().translate(str.maketrans("", "", string.punctuation))).strip()

    corpus = os.path.join(out, "corpus.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted({canon(t) for t in texts})) + "\n")
        f.write("the quick brown fox jumps over the lazy dog 0123456789\n")
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=os.path.join(out, "spiece"), model_type="unigram", vocab_size=vocab,
        pad_id=0, eos_id=1, unk_id=2, bos_id=-1, pad_piece="<pad>", eos_piece="</s>", unk_piece="<unk>",
        character_coverage=1.0, hard_vocab_limit=False, normalization_rule_name="nmt_nfkc", minloglevel=2,
    )
    os.remove(corpus)
    return SiglipTokenizer(vocab_file=os.path.join(out, "spiece.model"))


def encode(tok: SiglipTokenizer, text: str) -> list[int]:
    """The reference framing: SiglipTokenizer ids, truncated to 64 with </s> last, padded with </s>."""
    return tok(text, padding="max_length", truncation=True, max_length=CONTEXT)["input_ids"]


def sigmoid_loss(model: SiglipModel, ids: torch.Tensor, pixels: torch.Tensor) -> torch.Tensor:
    """SigLIP's pairwise sigmoid loss, -Σ log σ(z·(t·cos + b)) / batch, with z = +1 for every pair whose caption is the
    very same text (templated captions repeat within a batch; the plain loss would call those pairs negatives)."""
    img = torch.nn.functional.normalize(model.get_image_features(pixel_values=pixels).pooler_output, dim=-1)
    txt = torch.nn.functional.normalize(model.get_text_features(input_ids=ids).pooler_output, dim=-1)
    logits = img @ txt.T * model.logit_scale.exp() + model.logit_bias
    same = (ids.unsqueeze(1) == ids.unsqueeze(0)).all(-1).float()
    return -torch.nn.functional.logsigmoid((2 * same - 1) * logits).sum() / len(ids)


@torch.no_grad()
def zero_shot(model: SiglipModel, tok: SiglipTokenizer, images: torch.Tensor, scenes) -> dict[str, float]:
    model.eval()
    img = torch.cat([model.get_image_features(pixel_values=images[i:i + 256]).pooler_output for i in range(0, len(images), 256)])
    img = torch.nn.functional.normalize(img, dim=-1)
    results = {}
    for task, classes in zero_shot_prompts().items():
        embs = []
        for _, prompts in classes:
            ids = torch.tensor([encode(tok, p) for p in prompts])
            t = torch.nn.functional.normalize(model.get_text_features(input_ids=ids).pooler_output, dim=-1).mean(0)
            embs.append(torch.nn.functional.normalize(t, dim=0))
        pred = (img @ torch.stack(embs).T).argmax(1).tolist()
        names = [name for name, _ in classes]
        truth = [f"{s.colour} {s.shape}" if task == "colour+shape" else s.background for s in scenes]
        results[task] = sum(names[p] == t for p, t in zip(pred, truth)) / len(truth)
        if task == "colour+shape":
            results["colour"] = sum(names[p].split()[0] == s.colour for p, s in zip(pred, scenes)) / len(scenes)
            results["shape"] = sum(names[p].split()[1] == s.shape for p, s in zip(pred, scenes)) / len(scenes)
    model.train()
    return results


def main() -> None:
    a = parse()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    random.seed(0)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    scenes = [scene(TRAIN_SEED, i) for i in range(a.train)]
    captions = [[(lang, c) for lang, cs in s.captions.items() for c in cs] for s in scenes]
    tok = build_tokenizer(a.out, [c for cs in captions for _, c in cs], a.vocab)
    tok.save_pretrained(a.out)
    unique = {c: encode(tok, c) for c in sorted({c for cs in captions for _, c in cs})}
    ids = [[unique[c] for _, c in cs] for cs in captions]
    langs = [[lang for lang, _ in cs] for cs in captions]
    cache = os.path.join(os.path.dirname(os.path.abspath(a.out)), f"train-{a.train}-{a.image_size}.npy")
    if not os.path.exists(cache):
        np.save(cache, train_pixels(a.train, a.image_size))
    pixels = torch.from_numpy(to_tensor(np.load(cache)))
    held_scenes = [scene(2, i) for i in range(a.heldout)]
    held = torch.from_numpy(to_tensor(heldout_pixels(a.heldout, a.image_size)))
    print(f"data ready in {time.time() - t0:.0f}s: {a.train} train, {a.heldout} held-out, vocab {len(tok)}", flush=True)

    w = a.width
    common = dict(hidden_size=w, intermediate_size=2 * w, num_attention_heads=2, layer_norm_eps=1e-6, hidden_act="gelu_pytorch_tanh")
    config = SiglipConfig(
        text_config=dict(common, vocab_size=len(tok), max_position_embeddings=CONTEXT, num_hidden_layers=1, pad_token_id=EOS, eos_token_id=EOS, bos_token_id=None),
        vision_config=dict(common, image_size=a.image_size, patch_size=a.patch, num_hidden_layers=2, num_channels=3),
    )
    model = SiglipModel(config)
    with torch.no_grad():  # the SigLIP paper's initialisation: t' = log 10, b = -10
        model.logit_scale.fill_(np.log(10.0))
        model.logit_bias.fill_(-10.0)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    budget = a.minutes * 60
    start = time.time()
    step = 0
    lang_weight = {"en": 0.6, "de": 0.2, "fr": 0.2}
    rng = random.Random(0)
    while (step < a.steps) if a.steps else (time.time() - start < budget):
        frac = step / a.steps if a.steps else (time.time() - start) / budget
        lr = a.lr * min(1.0, (step + 1) / 30) * 0.5 * (1 + np.cos(np.pi * frac))
        for g in opt.param_groups:
            g["lr"] = lr
        idx = rng.sample(range(a.train), a.batch)
        batch_ids = []
        for i in idx:
            choices = list(range(len(ids[i])))
            k = rng.choices(choices, weights=[lang_weight[langs[i][c]] / langs[i].count(langs[i][c]) for c in choices])[0]
            batch_ids.append(ids[i][k])
        loss = sigmoid_loss(model, torch.tensor(batch_ids), pixels[idx])
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 20 == 0:
            print(f"step {step} {time.time() - start:.0f}s loss {loss.item():.4f} lr {lr:.2e} "
                  f"scale {model.logit_scale.exp().item():.1f} bias {model.logit_bias.item():.2f}", flush=True)
    train_seconds = time.time() - start
    acc = zero_shot(model, tok, held, held_scenes)
    print(f"trained {step} steps in {train_seconds:.0f}s; held-out zero-shot {acc}", flush=True)
    model.save_pretrained(a.out)
    with open(os.path.join(a.out, "training.json"), "w") as f:
        json.dump({"steps": step, "fixed_steps": bool(a.steps), "batch": a.batch, "train_seconds": round(train_seconds), "threads": a.threads,
                   "train_photos": a.train, "heldout_photos": a.heldout, "heldout_zero_shot": acc,
                   "logit_scale_exp": model.logit_scale.exp().item(), "logit_bias": model.logit_bias.item()}, f, indent=2)


if __name__ == "__main__":
    main()
