import { describe, expect, it } from 'vitest';
import { baseModel, defaultPromptFormat, EMBEDDED_PROMPT_FORMAT, promptFormatFor } from './prompt-format.js';

describe('defaultPromptFormat', () => {
  it("prompts the embedded model and adapters trained on it with LLaMA-Factory's smollm2 template and no system prompt", () => {
    expect(EMBEDDED_PROMPT_FORMAT).toEqual({ kind: 'llamafactory', template: 'smollm2', system: '' });
    expect(defaultPromptFormat({ kind: 'embedded' })).toEqual(EMBEDDED_PROMPT_FORMAT);
    expect(defaultPromptFormat({ kind: 'adapter', base: { kind: 'embedded' }, path: '/runs/r1/adapter' })).toEqual(EMBEDDED_PROMPT_FORMAT);
  });

  it('prompts any other model with its own chat template and default system prompt', () => {
    expect(defaultPromptFormat({ kind: 'hub', id: 'Qwen/Qwen2.5-7B-Instruct' })).toEqual({ kind: 'chat-template', system: null });
    expect(defaultPromptFormat({ kind: 'adapter', base: { kind: 'local', path: '/m' }, path: '/a' })).toEqual({ kind: 'chat-template', system: null });
    expect(baseModel({ kind: 'adapter', base: { kind: 'hub', id: 'a/b' }, path: '/a' })).toEqual({ kind: 'hub', id: 'a/b' });
  });
});

describe('promptFormatFor', () => {
  it('renders prompts with the template training uses, and its default system prompt', () => {
    expect(promptFormatFor({ template: 'smollm2', defaultSystem: '' })).toEqual(EMBEDDED_PROMPT_FORMAT);
    expect(promptFormatFor({ template: 'qwen', defaultSystem: 'You are Qwen.' })).toEqual({ kind: 'llamafactory', template: 'qwen', system: 'You are Qwen.' });
  });
});
