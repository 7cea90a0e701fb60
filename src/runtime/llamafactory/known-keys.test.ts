import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { repoPythonDir, runPython } from '../python-env/index.js';
import { KNOWN_TRAINING_KEYS, knownKey } from './known-keys.js';

const config = resolveRuntimeConfig(process.env);
const pythonHere = existsSync(config.python);
if (!pythonHere)
  console.warn(
    `known-keys: skipping the comparison with the installed LLaMA-Factory: no Python at ${config.python} (set FTDOJO_PYTHON or run \`ftdojo setup\`)`,
  );

describe('KNOWN_TRAINING_KEYS', () => {
  it('is the snapshot of LLaMA-Factory 0.9.5 with transformers 4.57.1 (python/requirements.lock)', () => {
    expect(KNOWN_TRAINING_KEYS.llamafactory).toBe('0.9.5');
    expect(KNOWN_TRAINING_KEYS.transformers).toBe('4.57.1');
    expect(KNOWN_TRAINING_KEYS.groups).toEqual(['ModelArguments', 'DataArguments', 'TrainingArguments', 'FinetuningArguments', 'GeneratingArguments']);
    expect(Object.keys(KNOWN_TRAINING_KEYS.keys).length).toBeGreaterThan(300);
  });

  it('describes the keys ftdojo sets', () => {
    expect(knownKey('lora_rank')).toMatchObject({ group: 'FinetuningArguments', type: ['int'], default: 8 });
    expect(knownKey('lr_scheduler_type')?.choices).toContain('cosine');
    expect(knownKey('default_system')).toMatchObject({ type: ['str'], nullable: true });
    expect(knownKey('use_cpu')).toMatchObject({ type: ['bool'] });
    expect(knownKey('toString')).toBeUndefined();
  });

  it.skipIf(!pythonHere)(
    'matches what the installed LLaMA-Factory accepts (regenerate with `npm run gen:lf-keys`)',
    async () => {
      const result = await runPython(config, [join(repoPythonDir(), 'ftdojo_runtime', 'llamafactory_keys.py')]);
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      const installed = JSON.parse(result.stdout) as typeof KNOWN_TRAINING_KEYS;
      expect({ llamafactory: installed.llamafactory, transformers: installed.transformers }).toEqual({
        llamafactory: KNOWN_TRAINING_KEYS.llamafactory,
        transformers: KNOWN_TRAINING_KEYS.transformers,
      });
      expect(Object.keys(installed.keys).sort()).toEqual(Object.keys(KNOWN_TRAINING_KEYS.keys).sort());
      expect(installed).toEqual(KNOWN_TRAINING_KEYS);
    },
    120_000,
  );
});
