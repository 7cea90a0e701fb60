import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentPlannerFlag, resolveAgentLlmConfig } from './agent-llm-config.js';
import { refusal } from '../testing/refusal.js';

const SHARED = { FTDOJO_LLM_BASE_URL: 'https://api.openai.com/v1', FTDOJO_LLM_API_KEY: 'sk-shared', FTDOJO_LLM_MODEL: 'gpt-4o-mini' };

describe('resolveAgentLlmConfig', () => {
  it('is the heuristic planner when nothing is configured, or when --llm heuristic says so', () => {
    expect(resolveAgentLlmConfig({})).toEqual({ kind: 'heuristic', reason: 'unconfigured' });
    expect(resolveAgentLlmConfig({ FTDOJO_LLM_BASE_URL: ' ', FTDOJO_AGENT_LLM_TIMEOUT_MS: '5000' })).toEqual({ kind: 'heuristic', reason: 'unconfigured' });
    expect(resolveAgentLlmConfig(SHARED, { llm: 'heuristic' })).toEqual({ kind: 'heuristic', reason: 'flag' });
    expect(resolveAgentLlmConfig(SHARED, { llm: 'Heuristic' })).toEqual({ kind: 'heuristic', reason: 'flag' });
  });

  it('shares the LLM gateway provider by default, with the defaults', () => {
    expect(resolveAgentLlmConfig(SHARED)).toEqual({
      kind: 'openai-compatible',
      coder: { kind: 'llm', repairRounds: 3 },
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-shared',
      model: 'gpt-4o-mini',
      timeoutMs: 180_000,
      maxRetries: 4,
      responseFormat: 'json-schema',
      price: null,
      callTime: { share: 0.1, capSeconds: 300 },
      sources: { baseUrl: 'FTDOJO_LLM_BASE_URL', apiKey: 'FTDOJO_LLM_API_KEY', model: 'FTDOJO_LLM_MODEL' },
    });
  });

  it('lets the model write the code by default, or keeps the template (FTDOJO_AGENT_CODER), and refuses anything else', () => {
    expect(resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_CODER: 'template', FTDOJO_AGENT_CODER_REPAIRS: '1' })).toMatchObject({
      coder: { kind: 'template', repairRounds: 1 },
    });
    expect(refusal(() => resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_CODER: 'claude' })).message).toContain('FTDOJO_AGENT_CODER must be llm or template');
    expect(refusal(() => resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_CODER_REPAIRS: '-1' })).message).toContain('FTDOJO_AGENT_CODER_REPAIRS');
  });

  it('lets FTDOJO_AGENT_LLM_* override the shared variables for the agent only', () => {
    const env = {
      ...SHARED,
      FTDOJO_AGENT_LLM_MODEL: 'gpt-4.1',
      FTDOJO_AGENT_LLM_API_KEY: 'sk-agent',
      FTDOJO_AGENT_LLM_TIMEOUT_MS: '60000',
      FTDOJO_AGENT_LLM_MAX_RETRIES: '0',
      FTDOJO_AGENT_LLM_RESPONSE_FORMAT: 'prompt',
    };
    expect(resolveAgentLlmConfig(env)).toMatchObject({
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-agent',
      model: 'gpt-4.1',
      timeoutMs: 60_000,
      maxRetries: 0,
      responseFormat: 'prompt',
      sources: { apiKey: 'FTDOJO_AGENT_LLM_API_KEY', model: 'FTDOJO_AGENT_LLM_MODEL' },
    });
  });

  it('lets --llm <url> win over both base URLs', () => {
    const env = { ...SHARED, FTDOJO_AGENT_LLM_BASE_URL: 'http://gpu-box:8000/v1' };
    expect(resolveAgentLlmConfig(env)).toMatchObject({ baseUrl: 'http://gpu-box:8000/v1', sources: { baseUrl: 'FTDOJO_AGENT_LLM_BASE_URL' } });
    expect(resolveAgentLlmConfig(env, { llm: 'http://localhost:11434/v1' })).toMatchObject({
      baseUrl: 'http://localhost:11434/v1',
      model: 'gpt-4o-mini',
      sources: { baseUrl: '--llm' },
    });
  });

  it('never sends the shared key to an agent-only URL', () => {
    expect(resolveAgentLlmConfig(SHARED, { llm: 'http://localhost:11434/v1' })).toMatchObject({ apiKey: null, sources: { apiKey: null } });
    expect(resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_LLM_BASE_URL: 'https://api.deepseek.com' })).toMatchObject({ apiKey: null });
    expect(resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_LLM_BASE_URL: 'https://api.deepseek.com', FTDOJO_AGENT_LLM_API_KEY: 'sk-ds' })).toMatchObject({
      apiKey: 'sk-ds',
    });
    // The same URL as the shared one (give or take a trailing slash) is the shared provider.
    expect(resolveAgentLlmConfig(SHARED, { llm: 'https://api.openai.com/v1/' })).toMatchObject({ apiKey: 'sk-shared' });
  });

  it('asks DeepSeek for json_object, which is all it takes, unless told otherwise', () => {
    const env = { FTDOJO_LLM_BASE_URL: 'https://api.deepseek.com', FTDOJO_LLM_MODEL: 'deepseek-chat', FTDOJO_LLM_API_KEY: 'sk-ds' };
    expect(resolveAgentLlmConfig(env)).toMatchObject({ responseFormat: 'json-object' });
    expect(resolveAgentLlmConfig({ ...env, FTDOJO_AGENT_LLM_RESPONSE_FORMAT: 'prompt' })).toMatchObject({ responseFormat: 'prompt' });
  });

  it('reads a price from both price variables', () => {
    const config = resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_LLM_INPUT_PRICE: '0.15', FTDOJO_AGENT_LLM_OUTPUT_PRICE: '0.6' });
    expect(config).toMatchObject({ price: { inputPerMillion: 0.15, outputPerMillion: 0.6 } });
  });

  it('refuses a half-configured provider, saying what to set', () => {
    const noBase = refusal(() => resolveAgentLlmConfig({ FTDOJO_LLM_MODEL: 'gpt-4o-mini', FTDOJO_LLM_API_KEY: 'sk-x' }));
    expect(noBase.code).toBe('INVALID_INPUT');
    expect(noBase.message).toContain('FTDOJO_LLM_MODEL and FTDOJO_LLM_API_KEY are set');
    expect(noBase.hint).toContain('FTDOJO_LLM_BASE_URL');
    expect(noBase.hint).toContain('--llm heuristic');
    expect(refusal(() => resolveAgentLlmConfig({ FTDOJO_AGENT_LLM_API_KEY: 'sk-x' })).message).toContain('FTDOJO_AGENT_LLM_API_KEY is set');

    // A base URL alone is enough: the server's only model is asked for at the edge (withServedModel).
    expect(resolveAgentLlmConfig({}, { llm: 'http://localhost:8000/v1' })).toMatchObject({ model: null, sources: { model: null } });
    expect(refusal(() => resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_LLM_CALL_SHARE: '2' })).hint).toContain('FTDOJO_AGENT_LLM_CALL_SHARE=0.1');

    const halfPrice = refusal(() => resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_LLM_INPUT_PRICE: '1' }));
    expect(halfPrice.message).toContain('FTDOJO_AGENT_LLM_INPUT_PRICE is set without the other');
  });

  it('picks a local GGUF model from --llm gguf:<path> or FTDOJO_AGENT_LLM_GGUF, over the shared provider', () => {
    expect(resolveAgentLlmConfig(SHARED, { llm: 'gguf:/models/smol.gguf' })).toEqual({
      kind: 'local-gguf',
      coder: { kind: 'llm', repairRounds: 3 },
      modelPath: '/models/smol.gguf',
      callTime: { share: 0.1, capSeconds: 300 },
      contextSize: 8192,
      threads: null,
      responseFormat: 'json-schema',
      sources: { modelPath: '--llm' },
    });
    // What a run records, so that resume selects the same model again.
    expect(agentPlannerFlag(resolveAgentLlmConfig({}, { llm: 'gguf:/models/smol.gguf' }))).toBe('gguf:/models/smol.gguf');
    expect(agentPlannerFlag(resolveAgentLlmConfig(SHARED))).toBe('https://api.openai.com/v1');
    expect(agentPlannerFlag(resolveAgentLlmConfig({}))).toBe('heuristic');
    const env = {
      ...SHARED,
      FTDOJO_AGENT_LLM_GGUF: '/models/qwen.gguf',
      FTDOJO_AGENT_LLM_GGUF_CONTEXT_SIZE: '4096',
      FTDOJO_AGENT_LLM_GGUF_THREADS: '2',
      FTDOJO_AGENT_LLM_RESPONSE_FORMAT: 'prompt',
    };
    expect(resolveAgentLlmConfig(env)).toMatchObject({
      kind: 'local-gguf',
      modelPath: '/models/qwen.gguf',
      contextSize: 4096,
      threads: 2,
      responseFormat: 'prompt',
      sources: { modelPath: 'FTDOJO_AGENT_LLM_GGUF' },
    });
    // The flag wins either way: a URL over the GGUF variable, a GGUF over the URL variables.
    expect(resolveAgentLlmConfig(env, { llm: 'http://localhost:11434/v1' })).toMatchObject({ kind: 'openai-compatible', baseUrl: 'http://localhost:11434/v1' });
    expect(resolveAgentLlmConfig({ FTDOJO_AGENT_LLM_BASE_URL: 'http://gpu-box:8000/v1' }, { llm: 'GGUF:/models/smol.gguf' })).toMatchObject({
      kind: 'local-gguf',
      modelPath: '/models/smol.gguf',
    });
    expect(resolveAgentLlmConfig(env, { llm: 'heuristic' })).toEqual({ kind: 'heuristic', reason: 'flag' });
  });

  it('expands ~ and relative GGUF paths, and reads back the --llm value it records', () => {
    const home = resolveAgentLlmConfig({}, { llm: 'gguf:~/models/smol.gguf' });
    expect(home).toMatchObject({ modelPath: join(homedir(), 'models', 'smol.gguf') });
    const relative = resolveAgentLlmConfig({ FTDOJO_AGENT_LLM_GGUF: 'models/smol.gguf' });
    expect(relative).toMatchObject({ modelPath: resolve('models/smol.gguf') });
    // run and bench record agentPlannerFlag as the planner; a resume passes it back to --llm.
    expect(resolveAgentLlmConfig({}, { llm: agentPlannerFlag(relative) })).toEqual({ ...relative, sources: { modelPath: '--llm' } });
  });

  it('refuses an empty GGUF path, two agent models at once, and bad GGUF settings', () => {
    expect(refusal(() => resolveAgentLlmConfig({}, { llm: 'gguf: ' })).message).toContain('--llm gguf: names no file');
    const both = refusal(() => resolveAgentLlmConfig({ FTDOJO_AGENT_LLM_GGUF: '/m.gguf', FTDOJO_AGENT_LLM_BASE_URL: 'http://gpu-box:8000/v1' }));
    expect(both.message).toContain('FTDOJO_AGENT_LLM_GGUF and FTDOJO_AGENT_LLM_BASE_URL are both set');
    expect(both.hint).toContain('--llm gguf:<path>');
    for (const [name, value] of [
      ['FTDOJO_AGENT_LLM_GGUF_CONTEXT_SIZE', '100'],
      ['FTDOJO_AGENT_LLM_GGUF_THREADS', '0'],
    ] as const) {
      const error = refusal(() => resolveAgentLlmConfig({ FTDOJO_AGENT_LLM_GGUF: '/m.gguf', [name]: value }));
      expect(error.message).toContain(name);
      expect(error.hint).toContain(`${name}=`);
    }
  });

  it('refuses bad values with a fix', () => {
    const badFlag = refusal(() => resolveAgentLlmConfig(SHARED, { llm: 'gpt-4o' }));
    expect(badFlag.message).toContain('--llm must be the http(s) base URL');
    expect(badFlag.hint).toContain('"heuristic"');
    expect(badFlag.hint).toContain('gguf:<path>');
    expect(refusal(() => resolveAgentLlmConfig({ ...SHARED, FTDOJO_LLM_BASE_URL: 'ftp://x' })).message).toContain('FTDOJO_LLM_BASE_URL must be');
    for (const [name, value] of [
      ['FTDOJO_AGENT_LLM_TIMEOUT_MS', '0'],
      ['FTDOJO_AGENT_LLM_TIMEOUT_MS', 'soon'],
      ['FTDOJO_AGENT_LLM_MAX_RETRIES', '-1'],
      ['FTDOJO_AGENT_LLM_MAX_RETRIES', '1.5'],
    ] as const) {
      const error = refusal(() => resolveAgentLlmConfig({ ...SHARED, [name]: value }));
      expect(error.message).toContain(name);
      expect(error.hint).toContain(`${name}=`);
    }
    expect(refusal(() => resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_LLM_RESPONSE_FORMAT: 'xml' })).hint).toContain('DeepSeek');
    expect(refusal(() => resolveAgentLlmConfig({ ...SHARED, FTDOJO_AGENT_LLM_INPUT_PRICE: '-1', FTDOJO_AGENT_LLM_OUTPUT_PRICE: '1' })).code).toBe(
      'INVALID_INPUT',
    );
  });
});
