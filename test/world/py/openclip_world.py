"""The world SigLIP as open_clip builds SigLIPs (a timm ViT with MAP pooling + open_clip's text transformer), and the
weight copy from the transformers checkpoint, as the timm/open_clip SigLIP weights mirror the big_vision ones."""
import json
import os
import tempfile

import torchvision_stub  # noqa: F401  (before open_clip: see torchvision_stub.py)
import open_clip
import timm
import torch
from timm.models import register_model
from timm.models.vision_transformer import _create_vision_transformer

MODEL_NAME = "ViT-World-SigLIP"
TIMM_NAME = "vit_world_siglip"
_WIDTHS = {}


@register_model
def vit_world_siglip(pretrained: bool = False, **kwargs):
    """The world SigLIP's vision tower in timm: no class token, MAP head, tanh GELU (as transformers' SigLIP)."""
    w = _WIDTHS
    args = dict(img_size=w["image_size"], patch_size=w["patch_size"], embed_dim=w["width"], depth=w["layers"],
                num_heads=w["heads"], mlp_ratio=w["mlp_ratio"], class_token=False, global_pool="map", act_layer="gelu_tanh")
    return _create_vision_transformer(TIMM_NAME, pretrained=pretrained, **dict(args, **kwargs))


def model_config(cfg) -> dict:
    """open_clip model config (what Immich writes as config.json) for a transformers SiglipConfig."""
    t, v = cfg.text_config, cfg.vision_config
    return {
        "embed_dim": v.hidden_size,
        "init_logit_bias": -10,
        "custom_text": True,
        "vision_cfg": {"image_size": v.image_size, "timm_model_name": TIMM_NAME, "timm_model_pretrained": False,
                       "timm_pool": "map", "timm_proj": "none"},
        "text_cfg": {"context_length": t.max_position_embeddings, "vocab_size": t.vocab_size,
                     "hf_tokenizer_name": "shoebox/world-siglip", "tokenizer_kwargs": {"clean": "canonicalize"},
                     "width": t.hidden_size, "heads": t.num_attention_heads, "layers": t.num_hidden_layers,
                     "mlp_ratio": t.intermediate_size / t.hidden_size, "no_causal_mask": True, "proj_bias": True,
                     "pool_type": "last", "norm_kwargs": {"eps": t.layer_norm_eps}, "act_kwargs": {"approximate": "tanh"}},
    }


def build_open_clip(cfg):
    """open_clip.create_model on the registered world config; returns (model, model_cfg)."""
    v = cfg.vision_config
    _WIDTHS.update(image_size=v.image_size, patch_size=v.patch_size, width=v.hidden_size, layers=v.num_hidden_layers,
                   heads=v.num_attention_heads, mlp_ratio=v.intermediate_size / v.hidden_size)
    mc = model_config(cfg)
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, f"{MODEL_NAME}.json"), "w") as f:
            json.dump(mc, f)
        open_clip.add_model_config(d)
    return open_clip.create_model(MODEL_NAME, pretrained=None), mc


@torch.no_grad()
def copy_weights(hf, oc) -> None:
    """Copies every weight of a transformers SiglipModel into the open_clip model (shapes checked by copy_)."""
    vm, tm, trunk, text = hf.vision_model, hf.text_model, oc.visual.trunk, oc.text
    trunk.patch_embed.proj.weight.copy_(vm.embeddings.patch_embedding.weight)
    trunk.patch_embed.proj.bias.copy_(vm.embeddings.patch_embedding.bias)
    trunk.pos_embed.copy_(vm.embeddings.position_embedding.weight.unsqueeze(0))
    for src, dst in zip(vm.encoder.layers, trunk.blocks):
        a = src.self_attn
        dst.norm1.load_state_dict(src.layer_norm1.state_dict())
        dst.attn.qkv.weight.copy_(torch.cat([a.q_proj.weight, a.k_proj.weight, a.v_proj.weight]))
        dst.attn.qkv.bias.copy_(torch.cat([a.q_proj.bias, a.k_proj.bias, a.v_proj.bias]))
        dst.attn.proj.load_state_dict(a.out_proj.state_dict())
        dst.norm2.load_state_dict(src.layer_norm2.state_dict())
        dst.mlp.fc1.load_state_dict(src.mlp.fc1.state_dict())
        dst.mlp.fc2.load_state_dict(src.mlp.fc2.state_dict())
    trunk.norm.load_state_dict(vm.post_layernorm.state_dict())
    head, pool, d = vm.head, trunk.attn_pool, vm.config.hidden_size
    pool.latent.copy_(head.probe)
    pool.q.weight.copy_(head.attention.in_proj_weight[:d])
    pool.q.bias.copy_(head.attention.in_proj_bias[:d])
    pool.kv.weight.copy_(head.attention.in_proj_weight[d:])
    pool.kv.bias.copy_(head.attention.in_proj_bias[d:])
    pool.proj.load_state_dict(head.attention.out_proj.state_dict())
    pool.norm.load_state_dict(head.layernorm.state_dict())
    pool.mlp.fc1.load_state_dict(head.mlp.fc1.state_dict())
    pool.mlp.fc2.load_state_dict(head.mlp.fc2.state_dict())

    text.token_embedding.weight.copy_(tm.embeddings.token_embedding.weight)
    text.positional_embedding.copy_(tm.embeddings.position_embedding.weight)
    for src, dst in zip(tm.encoder.layers, text.transformer.resblocks):
        a = src.self_attn
        dst.ln_1.load_state_dict(src.layer_norm1.state_dict())
        dst.attn.in_proj_weight.copy_(torch.cat([a.q_proj.weight, a.k_proj.weight, a.v_proj.weight]))
        dst.attn.in_proj_bias.copy_(torch.cat([a.q_proj.bias, a.k_proj.bias, a.v_proj.bias]))
        dst.attn.out_proj.load_state_dict(a.out_proj.state_dict())
        dst.ln_2.load_state_dict(src.layer_norm2.state_dict())
        dst.mlp.c_fc.load_state_dict(src.mlp.fc1.state_dict())
        dst.mlp.c_proj.load_state_dict(src.mlp.fc2.state_dict())
    text.ln_final.load_state_dict(tm.final_layer_norm.state_dict())
    text.text_projection.load_state_dict(tm.head.state_dict())
    oc.logit_scale.copy_(hf.logit_scale.reshape(oc.logit_scale.shape))
    oc.logit_bias.copy_(hf.logit_bias.reshape(oc.logit_bias.shape))
