import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoPythonDir } from '../python-env/index.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-adapter-sha-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** weight_hashes.adapter_sha256 of a folder, run with the system Python (it needs only the standard library). */
function adapterSha256(folder: string): string {
  const code = 'import sys; from ftdojo_runtime.weight_hashes import adapter_sha256; print(adapter_sha256(sys.argv[1], None))';
  return execFileSync('python3', ['-c', code, folder], { env: { ...process.env, PYTHONPATH: repoPythonDir() }, encoding: 'utf8' }).trim();
}

function adapter(name: string, config: Record<string, unknown>, weights = 'lora weights'): string {
  const folder = join(root, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'adapter_model.safetensors'), weights);
  writeFileSync(join(folder, 'adapter_config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(folder, 'README.md'), `written ${name}`);
  return folder;
}

describe("an adapter's sha256 in evaluation fingerprints", () => {
  it('is the same for one training run twice: the target module set in any order, the base model at any path', () => {
    // PEFT writes target_modules from a Python set: its order follows the process's string hashing.
    const first = adapter('first', { r: 8, lora_alpha: 16, target_modules: ['q_proj', 'v_proj', 'k_proj'], base_model_name_or_path: '/home/a/models/smol' });
    const again = adapter('again', {
      base_model_name_or_path: '/cluster/node7/models/smol',
      target_modules: ['k_proj', 'q_proj', 'v_proj'],
      lora_alpha: 16,
      r: 8,
    });
    expect(adapterSha256(again)).toBe(adapterSha256(first));
  });

  it('differs when the weights or what the config means differ', () => {
    const base = adapterSha256(adapter('base', { r: 8, target_modules: ['q_proj'] }));
    expect(adapterSha256(adapter('rank', { r: 16, target_modules: ['q_proj'] }))).not.toBe(base);
    expect(adapterSha256(adapter('modules', { r: 8, target_modules: ['q_proj', 'v_proj'] }))).not.toBe(base);
    expect(adapterSha256(adapter('weights', { r: 8, target_modules: ['q_proj'] }, 'other weights'))).not.toBe(base);
  });
});
