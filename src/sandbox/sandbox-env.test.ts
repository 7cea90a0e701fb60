import { describe, expect, it } from 'vitest';
import { isFtdojoError } from '../core/index.js';
import { buildSandboxEnv, looksLikeSecretName } from './sandbox-env.js';

describe('buildSandboxEnv', () => {
  it('is a fixed allow-list, PATH in the given order', () => {
    expect(buildSandboxEnv({ path: ['/venv/bin', '/usr/bin'] })).toEqual({
      PATH: '/venv/bin:/usr/bin',
      HOME: '/workspace',
      LANG: 'C.UTF-8',
      TMPDIR: '/tmp',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONHASHSEED: '0',
    });
  });

  it('adds what the caller passes explicitly, which may override the defaults', () => {
    const env = buildSandboxEnv({ path: ['/usr/bin'] }, { OMP_NUM_THREADS: '2', TOKENIZERS_PARALLELISM: 'false', LANG: 'en_US.UTF-8' });
    expect(env).toMatchObject({ OMP_NUM_THREADS: '2', TOKENIZERS_PARALLELISM: 'false', LANG: 'en_US.UTF-8' });
  });

  it.each(['OPENAI_API_KEY', 'HF_TOKEN', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'client_secret', 'KEY', 'GOOGLE_APPLICATION_CREDENTIALS'])(
    'refuses %s, whose name looks like a secret',
    (name) => {
      let caught: unknown;
      try {
        buildSandboxEnv({ path: [] }, { [name]: 'sk-real-looking-value' });
      } catch (error) {
        caught = error;
      }
      expect(isFtdojoError(caught) && caught.code).toBe('INVALID_INPUT');
      expect((caught as Error).message).toContain(name);
      expect((caught as Error).message).not.toContain('sk-real-looking-value');
    },
  );

  it('does not mistake ordinary names for secrets', () => {
    for (const name of ['TOKENIZERS_PARALLELISM', 'MONKEY_COUNT', 'KEYBOARD', 'PATH', 'SEED']) expect(looksLikeSecretName(name), name).toBe(false);
  });

  it('refuses malformed names and values', () => {
    expect(() => buildSandboxEnv({ path: [] }, { 'A=B': 'x' })).toThrow(/invalid environment variable name/);
    expect(() => buildSandboxEnv({ path: [] }, { A: 'x\0y' })).toThrow(/NUL/);
  });
});
