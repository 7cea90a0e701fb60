import { describe, expect, it } from 'vitest';
import type { HubFile } from '../../hub/index.js';
import { hasModelWeights, selectModelFiles } from './model-files.js';

const file = (path: string): HubFile => ({ path, size: 1, expected: { algorithm: 'sha256', hex: '0'.repeat(64) } });
const paths = (names: string[]) => selectModelFiles(names.map(file)).map((kept) => kept.path);

describe('selectModelFiles', () => {
  it('keeps the top-level config, tokenizer and safetensors weights, small files first', () => {
    expect(
      paths([
        'model-00002-of-00002.safetensors',
        'model-00001-of-00002.safetensors',
        'model.safetensors.index.json',
        'config.json',
        'generation_config.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'tokenizer.model',
        'merges.txt',
        'vocab.json',
        'chat_template.jinja',
        'LICENSE',
        'pytorch_model.bin',
        'tf_model.h5',
        'flax_model.msgpack',
        'model.gguf',
        '.gitattributes',
        'original/consolidated.00.pth',
        'original/tokenizer.model',
        'onnx/model.onnx',
      ]),
    ).toEqual([
      'LICENSE',
      'chat_template.jinja',
      'config.json',
      'generation_config.json',
      'merges.txt',
      'model.safetensors.index.json',
      'tokenizer.json',
      'tokenizer.model',
      'tokenizer_config.json',
      'vocab.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
    ]);
  });

  it('falls back to pytorch_model*.bin only when there are no safetensors', () => {
    expect(paths(['config.json', 'pytorch_model.bin', 'training_args.bin'])).toEqual(['config.json', 'pytorch_model.bin']);
    expect(hasModelWeights([file('config.json'), file('pytorch_model.bin')])).toBe(true);
    expect(hasModelWeights([file('config.json'), file('model.gguf'), file('original/model.safetensors')])).toBe(false);
  });
});
