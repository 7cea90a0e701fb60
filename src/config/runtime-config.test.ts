import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataConfig } from './data-config.js';
import { resolveRuntimeConfig } from './runtime-config.js';
import { refusal } from '../testing/refusal.js';

describe('resolveRuntimeConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const home = join(homedir(), '.cache', 'ftdojo');
    expect(resolveRuntimeConfig({})).toEqual({
      home,
      pythonEnvDir: join(home, 'python', 'venv'),
      python: join(home, 'python', 'venv', 'bin', 'python'),
      externalPython: false,
      bootstrapPython: 'python3',
      modelsDir: join(home, 'models'),
      logsDir: join(home, 'logs'),
      threads: availableParallelism(),
      online: false,
      device: 'auto',
      gpus: null,
      evalBackend: 'auto',
      cpuPrecision: 'auto',
      warmWorker: true,
      hub: { endpoint: 'https://huggingface.co', token: null, offline: null },
      baseEnv: {},
    });
  });

  it('puts everything under FTDOJO_HOME', () => {
    const config = resolveRuntimeConfig({ FTDOJO_HOME: '/srv/ftdojo' });
    expect(config.pythonEnvDir).toBe('/srv/ftdojo/python/venv');
    expect(config.python).toBe('/srv/ftdojo/python/venv/bin/python');
    expect(config.modelsDir).toBe('/srv/ftdojo/models');
    expect(config.logsDir).toBe('/srv/ftdojo/logs');
  });

  it('resolves the same home as the data config', () => {
    const envs = [{}, { FTDOJO_HOME: '' }, { FTDOJO_HOME: '~/x' }, { FTDOJO_HOME: 'rel/dir' }, { FTDOJO_HOME: ' /abs ' }];
    for (const env of envs) expect(resolveRuntimeConfig(env, { cwd: '/work' }).home).toBe(resolveDataConfig(env, { cwd: '/work' }).cacheDir);
    expect(resolveRuntimeConfig({ FTDOJO_HOME: '/a' }, { home: '/b' }).home).toBe(resolveDataConfig({ FTDOJO_HOME: '/a' }, { cacheDir: '/b' }).cacheDir);
  });

  it('uses FTDOJO_PYTHON as an external interpreter and creates no venv for it', () => {
    const config = resolveRuntimeConfig({ FTDOJO_PYTHON: '/tmp/lf-venv/bin/python', FTDOJO_HOME: '/h' });
    expect(config.python).toBe('/tmp/lf-venv/bin/python');
    expect(config.externalPython).toBe(true);
    expect(config.pythonEnvDir).toBe('/h/python/venv');
  });

  it('resolves a relative FTDOJO_PYTHON path against cwd and keeps a bare command name', () => {
    expect(resolveRuntimeConfig({ FTDOJO_PYTHON: 'venv/bin/python' }, { cwd: '/work' }).python).toBe('/work/venv/bin/python');
    expect(resolveRuntimeConfig({ FTDOJO_PYTHON: 'python3.11' }).python).toBe('python3.11');
    expect(resolveRuntimeConfig({ FTDOJO_BOOTSTRAP_PYTHON: '/usr/bin/python3.11' }).bootstrapPython).toBe('/usr/bin/python3.11');
  });

  it('lets flags win over the environment', () => {
    const config = resolveRuntimeConfig(
      { FTDOJO_PYTHON: '/env/python', FTDOJO_THREADS: '3', FTDOJO_DEVICE: 'auto' },
      { python: '/flag/python', threads: 5, device: 'cpu', online: true },
    );
    expect(config).toMatchObject({ python: '/flag/python', threads: 5, device: 'cpu', online: true });
  });

  it('reads threads, online and device from the environment', () => {
    const config = resolveRuntimeConfig({ FTDOJO_THREADS: '2', FTDOJO_ONLINE: '1', FTDOJO_DEVICE: 'CPU' });
    expect(config).toMatchObject({ threads: 2, online: true, device: 'cpu' });
    expect(resolveRuntimeConfig({ FTDOJO_ONLINE: 'false' }).online).toBe(false);
  });

  it('keeps the caller environment for child processes', () => {
    const env = { PATH: '/usr/bin', HF_HOME: '/hf' };
    expect(resolveRuntimeConfig(env).baseEnv).toBe(env);
  });

  it('refuses bad values with a fix', () => {
    for (const threads of ['0', '-1', '1.5', 'many']) {
      const error = refusal(() => resolveRuntimeConfig({ FTDOJO_THREADS: threads }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain('FTDOJO_THREADS');
    }
    expect(refusal(() => resolveRuntimeConfig({ FTDOJO_DEVICE: 'gpu' })).hint).toContain('FTDOJO_DEVICE=cpu');
    expect(refusal(() => resolveRuntimeConfig({ FTDOJO_ONLINE: 'maybe' })).code).toBe('INVALID_INPUT');
  });

  it('reads the GPU count and the evaluation engine, flags first', () => {
    expect(resolveRuntimeConfig({ FTDOJO_GPUS: '2', FTDOJO_EVAL_BACKEND: 'HF' })).toMatchObject({ gpus: 2, evalBackend: 'hf' });
    expect(resolveRuntimeConfig({ FTDOJO_GPUS: '2', FTDOJO_EVAL_BACKEND: 'hf' }, { gpus: 4, evalBackend: 'vllm' })).toMatchObject({
      gpus: 4,
      evalBackend: 'vllm',
    });
    expect(refusal(() => resolveRuntimeConfig({ FTDOJO_GPUS: '0' })).message).toContain('FTDOJO_GPUS must be a positive whole number of GPUs');
    expect(refusal(() => resolveRuntimeConfig({ FTDOJO_EVAL_BACKEND: 'fast' })).hint).toContain('FTDOJO_EVAL_BACKEND=hf');
  });

  it('reads the CPU precision override: auto (the check decides) unless forced, flags first', () => {
    expect(resolveRuntimeConfig({}).cpuPrecision).toBe('auto');
    expect(resolveRuntimeConfig({ FTDOJO_CPU_PRECISION: ' BF16 ' }).cpuPrecision).toBe('bf16');
    expect(resolveRuntimeConfig({ FTDOJO_CPU_PRECISION: 'bf16' }, { cpuPrecision: 'fp32' }).cpuPrecision).toBe('fp32');
    expect(resolveRuntimeConfig({ FTDOJO_CPU_PRECISION: '' }).cpuPrecision).toBe('auto');
    const wrong = refusal(() => resolveRuntimeConfig({ FTDOJO_CPU_PRECISION: 'fp16' }));
    expect(wrong.message).toContain('FTDOJO_CPU_PRECISION must be "auto", "bf16" or "fp32"');
    expect(wrong.hint).toContain('FTDOJO_CPU_PRECISION=fp32');
  });

  it('runs a warm worker per run unless FTDOJO_WARM_WORKER=0 (or the flag) says otherwise', () => {
    expect(resolveRuntimeConfig({ FTDOJO_WARM_WORKER: '0' }).warmWorker).toBe(false);
    expect(resolveRuntimeConfig({ FTDOJO_WARM_WORKER: 'on' }).warmWorker).toBe(true);
    expect(resolveRuntimeConfig({ FTDOJO_WARM_WORKER: '1' }, { warmWorker: false }).warmWorker).toBe(false);
    expect(refusal(() => resolveRuntimeConfig({ FTDOJO_WARM_WORKER: 'warm' })).hint).toContain('FTDOJO_WARM_WORKER=0');
  });
});
