/** Config and tokenizer files that turn the shape-true ONNX towers into loadable Immich and Xenova model folders. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildVocab, CONTEXT_LENGTH, SPECIAL_IDS, tokenizerConfig, tokenizerJson } from '../fixtures/tokenizer-json.js';

const json = (path: string, value: unknown): Promise<void> => writeFile(path, JSON.stringify(value));
const HALF = [0.5, 0.5, 0.5];

/**
 * A SentencePiece-style vocabulary of exactly `size` pieces (the text tower's embedding table has that many rows): the
 * fixture's words, sub-words and letters, then synthetic word pieces. Real SigLIP-multilingual has 250k.
 */
function vocabOf(size: number): [string, number][] {
  const vocab = buildVocab();
  for (let i = 0; vocab.length < size; i++) vocab.push([`▁w${i.toString(36)}`, -12 - i / size]);
  return vocab.slice(0, size);
}

/** Writes configs, preprocess files and tokenizers for both layouts under `dir/immich` and `dir/xenova`. */
export async function writeModelConfigs(dir: string, o: { imageSize: number; vocab: number; layers: number }): Promise<void> {
  const tokenizer = tokenizerJson(vocabOf(o.vocab));
  const immich = join(dir, 'immich');
  const xenova = join(dir, 'xenova');
  await mkdir(join(immich, 'visual'), { recursive: true });
  await mkdir(join(immich, 'textual'), { recursive: true });
  await mkdir(xenova, { recursive: true });
  await json(join(immich, 'config.json'), {
    embed_dim: 768,
    vision_cfg: { image_size: o.imageSize, timm_model_name: 'vit_base_patch16_siglip_256', timm_pool: 'map', timm_proj: 'none' },
    text_cfg: { context_length: CONTEXT_LENGTH, vocab_size: o.vocab, width: 768, heads: 12, layers: o.layers, pool_type: 'last' },
  });
  await json(join(immich, 'visual', 'preprocess_cfg.json'), {
    size: [o.imageSize, o.imageSize],
    mode: 'RGB',
    mean: HALF,
    std: HALF,
    interpolation: 'bicubic',
    resize_mode: 'squash',
    fill_color: 0,
  });
  await json(join(immich, 'textual', 'tokenizer.json'), tokenizer);
  await json(join(immich, 'textual', 'tokenizer_config.json'), tokenizerConfig());
  const common = {
    hidden_size: 768,
    intermediate_size: 3072,
    num_attention_heads: 12,
    num_hidden_layers: o.layers,
    layer_norm_eps: 1e-6,
    hidden_act: 'gelu_pytorch_tanh',
  };
  await json(join(xenova, 'config.json'), {
    architectures: ['SiglipModel'],
    model_type: 'siglip',
    text_config: {
      ...common,
      model_type: 'siglip_text_model',
      max_position_embeddings: CONTEXT_LENGTH,
      vocab_size: o.vocab,
      pad_token_id: SPECIAL_IDS.eos,
      eos_token_id: SPECIAL_IDS.eos,
    },
    vision_config: { ...common, model_type: 'siglip_vision_model', image_size: o.imageSize, patch_size: 16, num_channels: 3 },
    transformers_version: '4.37.0',
  });
  await json(join(xenova, 'preprocessor_config.json'), {
    do_resize: true,
    size: { height: o.imageSize, width: o.imageSize },
    resample: 3,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: HALF,
    image_std: HALF,
    image_processor_type: 'SiglipImageProcessor',
    processor_class: 'SiglipProcessor',
  });
  await json(join(xenova, 'tokenizer.json'), tokenizer);
  await json(join(xenova, 'tokenizer_config.json'), tokenizerConfig());
}
