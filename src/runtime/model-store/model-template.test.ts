import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { refusal } from '../../testing/refusal.js';
import type { TinyModelOptions } from '../../testing/tiny-model.js';
import { writeTinyModel } from '../../testing/tiny-model.js';
import { chatStyleOf, modelTemplate, QWEN_DEFAULT_SYSTEM, readChatTemplate } from './model-template.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-model-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

function model(options: TinyModelOptions & { modelType?: string } = {}): string {
  const folder = writeTinyModel(join(root, `model-${(folders += 1)}`), options);
  if (options.modelType) writeFileSync(join(folder, 'config.json'), JSON.stringify({ model_type: options.modelType }));
  return folder;
}

describe('modelTemplate', () => {
  it("picks the LLaMA-Factory template of the model's family, by name, then by config.json", () => {
    const chatml = model();
    expect(modelTemplate(chatml, { name: 'embedded SmolLM2-135M-Instruct' })).toMatchObject({ template: 'smollm2', defaultSystem: '', source: 'name' });
    expect(modelTemplate(chatml, { name: 'Qwen/Qwen2.5-7B-Instruct' })).toMatchObject({
      template: 'qwen',
      defaultSystem: QWEN_DEFAULT_SYSTEM,
      family: 'Qwen2.5',
    });
    expect(modelTemplate(chatml, { name: 'Qwen/Qwen3-8B' }).template).toBe('qwen3_nothink');
    expect(modelTemplate(model({ style: 'llama3' }), { name: 'meta-llama/Llama-3.2-1B-Instruct' })).toMatchObject({
      template: 'llama3',
      tokenizerStyle: 'llama3',
    });
    // A name that says nothing: config.json's model_type decides (a Gemma 2 without a chat template).
    expect(modelTemplate(model({ chatTemplate: false, modelType: 'gemma2' }), { name: '/models/merged' })).toMatchObject({
      template: 'gemma2',
      source: 'config',
    });
    expect(modelTemplate(model({ chatTemplate: false, modelType: 'mistral' }), { name: '/models/m' }).template).toBe('mistral');
  });

  it("takes the tokenizer's style when the family is unknown (model_type llama says nothing)", () => {
    expect(modelTemplate(model({ style: 'llama3' }), { name: 'someone/tiny' })).toMatchObject({ template: 'llama3', source: 'chat-template' });
    expect(modelTemplate(model(), { name: '/models/tiny' })).toMatchObject({ template: 'chatml', source: 'chat-template' });
  });

  it("refuses a family whose template does not match the tokenizer's, and says the fix", () => {
    const error = refusal(() => modelTemplate(model(), { name: 'meta-llama/Meta-Llama-3-8B-Instruct' }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('looks like a Llama 3 model (by its name; LLaMA-Factory template llama3)');
    expect(error.message).toContain("its tokenizer's chat template is ChatML");
    expect(error.hint).toContain('pass --template chatml');
    expect(error.hint).toContain('smollm2 if it is a SmolLM2 model');
    const gemma = refusal(() => modelTemplate(model({ style: 'llama3' }), { name: 'google/gemma-2-2b-it' }));
    expect(gemma.hint).toContain('--template llama3');
  });

  it('needs --template when neither the family nor the tokenizer tells, and takes it as given', () => {
    const bare = model({ chatTemplate: false });
    const error = refusal(() => modelTemplate(bare, { name: '/models/bare' }));
    expect(error.message).toContain('its tokenizer has no chat template');
    expect(error.hint).toContain('pass --template NAME');
    expect(modelTemplate(bare, { name: '/models/bare', template: 'qwen' })).toMatchObject({
      template: 'qwen',
      defaultSystem: QWEN_DEFAULT_SYSTEM,
      source: 'given',
    });
    // Given wins over a mismatch too: the user said so.
    expect(modelTemplate(model(), { name: 'meta-llama/Meta-Llama-3-8B', template: 'chatml' }).template).toBe('chatml');
  });
});

describe('readChatTemplate', () => {
  it('reads tokenizer_config.json (a string or named templates), else chat_template.jinja', () => {
    const listed = model({ chatTemplate: false });
    writeFileSync(
      join(listed, 'tokenizer_config.json'),
      JSON.stringify({
        chat_template: [
          { name: 'tool_use', template: '[INST]' },
          { name: 'default', template: '<start_of_turn>' },
        ],
      }),
    );
    expect(readChatTemplate(listed)).toBe('<start_of_turn>');
    const jinja = model({ chatTemplate: false });
    writeFileSync(join(jinja, 'chat_template.jinja'), '<|im_start|>');
    expect(readChatTemplate(jinja)).toBe('<|im_start|>');
    expect(readChatTemplate(join(root, 'nowhere'))).toBeNull();
  });

  it('tells the styles apart by their turn tokens', () => {
    expect(chatStyleOf('<|start_header_id|>user<|end_header_id|>')).toBe('llama3');
    expect(chatStyleOf('<start_of_turn>user')).toBe('gemma');
    expect(chatStyleOf('<|im_start|>user')).toBe('chatml');
    expect(chatStyleOf('[INST] {{ m }} [/INST]')).toBe('mistral');
    expect(chatStyleOf('[INST] <<SYS>> [/INST]')).toBe('llama2');
    expect(chatStyleOf('{{ messages }}')).toBeNull();
  });
});
