import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { buildEvaluationFingerprint } from '../../eval/index.js';
import { fakeDeviceProbe, H100 } from '../../testing/device-probes.js';
import { testRuntime } from '../../testing/runtime.js';
import { chooseEvaluationBackend, evaluationBackendNeedsProbe, resolveEvaluationBackend } from './evaluation-backend.js';
import { DoneEventSchema } from './generate-events.js';
import { createLocalBackend, generateSettings, sameGenerateSettings } from './local-backend.js';

const work = mkdtempSync(join(tmpdir(), 'ftdojo-eval-backend-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const withVllm = fakeDeviceProbe([H100], { vllm: true });
const withoutVllm = fakeDeviceProbe([H100]);
const noGpu = fakeDeviceProbe([], { vllm: true });

describe('chooseEvaluationBackend', () => {
  it('takes vLLM where it imports and a GPU is visible, transformers otherwise', () => {
    expect(chooseEvaluationBackend({ setting: 'auto', device: 'auto', probe: withVllm })).toEqual({
      backend: 'vllm',
      reason: 'vLLM 0.11.0 imports and 1 GPU(s) are visible',
    });
    expect(chooseEvaluationBackend({ setting: 'auto', device: 'auto', probe: withoutVllm })).toEqual({ backend: 'hf', reason: 'vLLM is not installed' });
    expect(chooseEvaluationBackend({ setting: 'auto', device: 'auto', probe: noGpu })).toEqual({ backend: 'hf', reason: 'no CUDA GPU visible' });
    expect(chooseEvaluationBackend({ setting: 'auto', device: 'cpu', probe: null })).toEqual({ backend: 'hf', reason: 'FTDOJO_DEVICE=cpu' });
    expect(chooseEvaluationBackend({ setting: 'auto', device: 'auto', probe: null, probeError: 'no python' })).toEqual({
      backend: 'hf',
      reason: 'device probe failed: no python',
    });
  });

  it('says why a vLLM that installed does not import', () => {
    const broken = {
      ...withVllm,
      packages: { ...withVllm.packages, vllm: { installed: true, version: '0.11.0', importable: false, error: 'ImportError: undefined symbol' } },
    };
    expect(chooseEvaluationBackend({ setting: 'auto', device: 'auto', probe: broken }).reason).toBe(
      'vLLM 0.11.0 does not import: ImportError: undefined symbol',
    );
  });

  it('keeps transformers where asked, and for the one-at-a-time reference', () => {
    expect(chooseEvaluationBackend({ setting: 'hf', device: 'auto', probe: withVllm }).backend).toBe('hf');
    expect(chooseEvaluationBackend({ setting: 'auto', device: 'auto', oneAtATime: true, probe: withVllm }).backend).toBe('hf');
  });

  it('refuses FTDOJO_EVAL_BACKEND=vllm where vLLM cannot run, with the fix', () => {
    expect(() => chooseEvaluationBackend({ setting: 'vllm', device: 'auto', probe: withoutVllm })).toThrow(/vLLM is not installed/);
    expect(() => chooseEvaluationBackend({ setting: 'vllm', device: 'cpu', probe: null })).toThrow(/FTDOJO_DEVICE=cpu hides them/);
    expect(() => chooseEvaluationBackend({ setting: 'vllm', device: 'auto', probe: noGpu })).toThrow(/needs a CUDA GPU and none is visible/);
    expect(chooseEvaluationBackend({ setting: 'vllm', device: 'auto', probe: withVllm }).backend).toBe('vllm');
  });

  it('probes only when the answer depends on the device', () => {
    expect(evaluationBackendNeedsProbe({ setting: 'hf', device: 'auto' })).toBe(false);
    expect(evaluationBackendNeedsProbe({ setting: 'auto', device: 'cpu' })).toBe(false);
    expect(evaluationBackendNeedsProbe({ setting: 'auto', device: 'auto', oneAtATime: true })).toBe(false);
    expect(evaluationBackendNeedsProbe({ setting: 'auto', device: 'auto' })).toBe(true);
  });
});

describe('the local backend', () => {
  const config = resolveRuntimeConfig({ FTDOJO_HOME: work, FTDOJO_PYTHON: '/nonexistent/python', FTDOJO_DEVICE: 'cpu' });

  it("tells generate.py which engine to run ('hf' unless chosen)", () => {
    const folder = join(work, 'model');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'config.json'), '{}');
    const model = { kind: 'local', path: folder } as const;
    expect(generateSettings(config, model, {}, { maxNewTokens: 8 }).backend).toBe('hf');
    expect(generateSettings(config, model, { backend: 'vllm' }, { maxNewTokens: 8 }).backend).toBe('vllm');
  });

  it('tells generate.py the options of constrained choice decoding, or null for free generation', () => {
    const folder = join(work, 'model');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'config.json'), '{}');
    const model = { kind: 'local', path: folder } as const;
    expect(generateSettings(config, model, {}, { maxNewTokens: 8 }).choices).toBeNull();
    expect(generateSettings(config, model, {}, { maxNewTokens: 8, choices: [] }).choices).toBeNull();
    expect(generateSettings(config, model, {}, { maxNewTokens: 8, choices: ['A', 'B'] }).choices).toEqual(['A', 'B']);
  });

  it('evaluates a fully fine-tuned model folder handed on as "the adapter" as the model itself', () => {
    const trained = join(work, 'full-output');
    mkdirSync(trained, { recursive: true });
    writeFileSync(join(trained, 'config.json'), '{}');
    const settings = generateSettings(config, { kind: 'adapter', base: { kind: 'local', path: trained }, path: trained }, {}, { maxNewTokens: 8 });
    expect(settings).toMatchObject({ model_path: trained, adapter_path: null });
  });

  it('resumes a work folder whose settings were written before the engine or the decoding was recorded, as transformers generating freely', () => {
    const settings = { model_path: '/m', backend: 'hf', choices: null };
    const current = JSON.stringify(settings, null, 2);
    expect(sameGenerateSettings(JSON.stringify({ model_path: '/m' }, null, 2), current)).toBe(true);
    expect(sameGenerateSettings(JSON.stringify({ model_path: '/m', backend: 'hf' }, null, 2), current)).toBe(true);
    expect(sameGenerateSettings(JSON.stringify({ model_path: '/m' }, null, 2), JSON.stringify({ ...settings, backend: 'vllm' }, null, 2))).toBe(false);
    expect(sameGenerateSettings(JSON.stringify({ model_path: '/other' }, null, 2), current)).toBe(false);
    // Free generations are not resumed into a constrained evaluation.
    expect(
      sameGenerateSettings(JSON.stringify({ model_path: '/m', backend: 'hf' }, null, 2), JSON.stringify({ ...settings, choices: ['A', 'B'] }, null, 2)),
    ).toBe(false);
  });

  it('reads the engine from generate.py\'s last line ("hf" for lines written before it was recorded)', () => {
    const done = {
      event: 'done',
      engine: 'transformers',
      versions: { torch: '2.8.0' },
      device: 'cpu',
      dtype: 'fp32',
      threads: 2,
      chat_template: { name: 'n', system: null, rendered: 'r', sha256: 's', source_sha256: null },
      stop_token_ids: [2],
      model_sha256: null,
      adapter_sha256: null,
      load_s: 1,
      batch_size: 8,
      batches: 1,
      padding_tolerance: 0.2,
      one_at_a_time: false,
      max_new_tokens: 8,
      seed: 0,
      samples: 1,
      resumed: 0,
      generated_tokens: 4,
      prompt_tokens: 10,
      seconds: 1,
      tokens_per_s: 4,
      samples_per_s: 1,
    };
    expect(DoneEventSchema.parse(done).backend).toBe('hf');
    // Written before the decoding was recorded: free generation.
    expect(DoneEventSchema.parse(done).decoding).toEqual({ mode: 'free' });
    const choice = { mode: 'choice', choices: ['A', 'B'], token_ids: { A: [49, 330], B: [50, 389] } };
    expect(DoneEventSchema.parse({ ...done, decoding: choice }).decoding).toEqual(choice);
    expect(DoneEventSchema.parse({ ...done, engine: 'vllm', backend: 'vllm' })).toMatchObject({ engine: 'vllm', backend: 'vllm' });
  });

  it('resolves to transformers without probing on FTDOJO_DEVICE=cpu', async () => {
    await expect(resolveEvaluationBackend(config)).resolves.toEqual({ backend: 'hf', reason: 'FTDOJO_DEVICE=cpu' });
  });

  const runtime = testRuntime();
  it.skipIf('skip' in runtime)(
    'here (no vLLM, no GPU) generates with transformers, and the fingerprint says hf',
    async () => {
      if ('skip' in runtime) return;
      // The runtime as configured (FTDOJO_DEVICE unset: the choice probes the device), its cache in this test's home.
      const local = { ...runtime.config, home: work, device: 'auto' as const, evalBackend: 'auto' as const };
      const backend = createLocalBackend(local, runtime.model, { promptFormat: runtime.promptFormat });
      const workDir = join(work, 'generate');
      const result = await backend.generate([{ id: 'q1', messages: [{ role: 'user', content: 'What is 2+2?' }] }], { maxNewTokens: 4, workDir });
      expect(backend.name).toBe('transformers');
      expect(JSON.parse(readFileSync(join(workDir, 'generate-settings.json'), 'utf8')).backend).toBe('hf');
      expect(result.engine).toMatchObject({ engine: 'transformers', backend: 'hf' });
      const fingerprint = buildEvaluationFingerprint({
        task: { id: 't', profile: 'mini', split: 'validation', limit: null },
        sampleIds: ['q1'],
        model: backend.model,
        engine: result.engine,
        maxNewTokens: 4,
        seed: 0,
        scoring: 'corrected',
      });
      expect(fingerprint.engine).toMatchObject({ name: 'transformers', backend: 'hf' });
    },
    180_000,
  );
});
