import { delimiter } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { pythonCommand, pythonEnvironment } from './python-command.js';
import { repoPythonDir } from './repo-paths.js';

describe('pythonEnvironment', () => {
  it('switches the hub off, sets threads and PYTHONPATH, keeps the caller environment', () => {
    const env = pythonEnvironment(
      resolveRuntimeConfig({ PATH: '/usr/bin', HF_HOME: '/hf', PYTHONPATH: '/mine', CUDA_VISIBLE_DEVICES: '1', FTDOJO_THREADS: '3' }),
    );
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HF_HOME: '/hf',
      HF_HUB_OFFLINE: '1',
      HF_DATASETS_OFFLINE: '1',
      TRANSFORMERS_OFFLINE: '1',
      CUDA_VISIBLE_DEVICES: '1',
      OMP_NUM_THREADS: '3',
      TOKENIZERS_PARALLELISM: 'false',
      PYTHONPATH: `${repoPythonDir()}${delimiter}/mine`,
    });
  });

  it('leaves the hub to the user when online and hides GPUs when forced to the CPU', () => {
    const env = pythonEnvironment(resolveRuntimeConfig({ FTDOJO_ONLINE: '1', HF_HUB_OFFLINE: '0', FTDOJO_DEVICE: 'cpu' }));
    expect(env.HF_HUB_OFFLINE).toBe('0');
    expect(env.TRANSFORMERS_OFFLINE).toBeUndefined();
    expect(env.CUDA_VISIBLE_DEVICES).toBe('');
    expect(env.PYTHONPATH).toBe(repoPythonDir());
  });

  it('gives the interpreter and its bin folder', () => {
    const command = pythonCommand(resolveRuntimeConfig({ FTDOJO_PYTHON: '/tmp/lf-venv/bin/python' }));
    expect(command.command).toBe('/tmp/lf-venv/bin/python');
    expect(command.binDir).toBe('/tmp/lf-venv/bin');
  });
});
