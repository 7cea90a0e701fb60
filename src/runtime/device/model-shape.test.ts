import { describe, expect, it } from 'vitest';
import { MODEL_CONFIGS } from '../../testing/device-probes.js';
import { modelShape, parameterCount, parametersFromModelName } from './model-shape.js';

describe('model shapes', () => {
  it('counts parameters close to the published sizes (grouped-query attention, untied head)', () => {
    const qwen = modelShape(MODEL_CONFIGS.qwen25_7b)!;
    expect(qwen).toMatchObject({ kvHeads: 4, headDim: 128, tiedEmbeddings: false });
    // Qwen2.5-7B: 7.61B parameters.
    expect(parameterCount(qwen) / 1e9).toBeCloseTo(7.6, 1);
    // SmolLM2-135M: 134.5M with its tied embeddings (the CPU projection's count stays the older upper estimate).
    const smol = modelShape(MODEL_CONFIGS.smollm2_135m)!;
    expect(parameterCount(smol) / 1e6).toBeCloseTo(134.5, 0);
    expect(smol.parameters).toBe(49152 * 576 + 30 * (4 * 576 * 576 + 3 * 576 * 1536));
  });

  it('reads a wrapped language model, and refuses a config without dimensions', () => {
    expect(modelShape({ text_config: MODEL_CONFIGS.smollm2_135m })?.hiddenSize).toBe(576);
    expect(modelShape({ architectures: ['X'] })).toBeNull();
  });

  it('reads a size from a hub id when it carries one', () => {
    expect(parametersFromModelName('Qwen/Qwen2.5-7B-Instruct')).toBe(7e9);
    expect(parametersFromModelName('HuggingFaceTB/SmolLM2-135M-Instruct')).toBe(135e6);
    expect(parametersFromModelName('Qwen/Qwen2.5-0.5B-Instruct')).toBe(0.5e9);
    expect(parametersFromModelName('meta-llama/Llama-3.1-70B')).toBe(70e9);
    expect(parametersFromModelName('org/some-model')).toBeNull();
  });
});
