import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelWeightsSha256 } from './weights-sha256.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-weights-sha-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('modelWeightsSha256', () => {
  it("hashes as weight_hashes.py does: one file's hash, or the hash of the shards' sorted lines", async () => {
    const single = join(root, 'single');
    mkdirSync(single);
    writeFileSync(join(single, 'model.safetensors'), 'weights');
    writeFileSync(join(single, 'config.json'), '{}');
    writeFileSync(join(single, 'training_args.bin'), 'not weights');
    const cache = join(root, 'cache', 'weight-sha256.json');
    expect(await modelWeightsSha256(single, cache)).toBe(sha('weights'));

    const sharded = join(root, 'sharded');
    mkdirSync(sharded);
    writeFileSync(join(sharded, 'model-00002-of-00002.safetensors'), 'two');
    writeFileSync(join(sharded, 'model-00001-of-00002.safetensors'), 'one');
    expect(await modelWeightsSha256(sharded, cache)).toBe(
      sha(`model-00001-of-00002.safetensors ${sha('one')}\nmodel-00002-of-00002.safetensors ${sha('two')}\n`),
    );
    expect(await modelWeightsSha256(join(root, 'missing'), cache)).toBeNull();
  });

  it("shares the Python side's cache: keys realpath|size|mtime_ns, entries of others kept", async () => {
    const folder = join(root, 'cached');
    mkdirSync(folder);
    writeFileSync(join(folder, 'model.safetensors'), 'real weights');
    const real = realpathSync(join(folder, 'model.safetensors'));
    const stats = statSync(real, { bigint: true });
    const cache = join(root, 'shared.json');
    // What an evaluation wrote before: the value stands in for a hash it already computed.
    writeFileSync(cache, JSON.stringify({ [`${real}|${stats.size}|${stats.mtimeNs}`]: 'f'.repeat(64), '/other|1|2': 'e'.repeat(64) }));
    expect(await modelWeightsSha256(folder, cache)).toBe('f'.repeat(64));
    writeFileSync(join(folder, 'model.safetensors'), 'changed weights!');
    expect(await modelWeightsSha256(folder, cache)).toBe(sha('changed weights!'));
    const written = JSON.parse(readFileSync(cache, 'utf8')) as Record<string, string>;
    expect(written['/other|1|2']).toBe('e'.repeat(64));
    expect(Object.values(written)).toContain(sha('changed weights!'));
  });
});
