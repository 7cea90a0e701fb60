import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../config/index.js';
import { testMirror } from '../testing/mirror.js';
import { createApproximateTokenizer } from './approximate-tokenizer.js';
import { buildDatasetCard } from './card.js';
import { DatasetCardSchema } from './dataset-card-schema.js';
import { renderDatasetCard } from './render-dataset-card.js';
import { createDataRepository } from './repository.js';
import type { DatasetSource } from './types.js';

const mirror = testMirror();
const scratch = mkdtempSync(join(tmpdir(), 'ftdojo-card-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tokenizer = createApproximateTokenizer();

describe.skipIf(!mirror)('dataset cards from the offline mirror', () => {
  const repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror!, FTDOJO_HOME: join(scratch, 'home') }));

  it('describes DeepScaleR: rows, fields, token lengths, CoT quality, and the hub-only file', async () => {
    const started = performance.now();
    const card = await buildDatasetCard(repo, 'deepscaler', tokenizer);
    // train/math alone has 7,474 rows: the whole card must stay well under a few seconds.
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(DatasetCardSchema.parse(card)).toEqual(card);
    expect(card).toMatchObject({
      schemaVersion: 1,
      id: 'deepscaler',
      licence: 'MIT',
      mode: 'mixed',
      cot: { quality: 'low' },
      tokenizer: { name: 'approx-bytes', approximate: true },
    });
    expect(card.hub).toMatchObject({ repo: 'agentica-org/DeepScaleR-Preview-Dataset', revision: 'b6ae8c6' });

    const full = card.files.find((file) => file.name === 'train/deepscaler')!;
    expect(full.available).toBe(false);
    expect(full.unavailableReason).toContain('hub-only');

    const aime = card.files.find((file) => file.name === 'train/aime')!;
    expect(aime).toMatchObject({
      available: true,
      rows: 975,
      readFrom: { kind: 'mirror' },
      origin: expect.stringContaining('agentica-project/deepscaler@95ef74f'),
    });
    expect(aime.fields!.find((field) => field.name === 'solution')).toEqual({
      name: 'solution',
      meaning: expect.stringContaining('worked solution'),
      filled: 975,
    });
    expect(aime.tokens!.layout).toBe('prompt-answer');
    expect(aime.tokens!.prompt!.count).toBe(975);
    const { min, p50, p90, p99, max } = aime.tokens!.answer!;
    expect(min <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max).toBe(true);

    const math = card.files.find((file) => file.name === 'train/math')!;
    expect(math.rows).toBe(7_474);
    expect(math.fields!.find((field) => field.name === 'solution')).toBeUndefined();
    expect(card.totals).toEqual({ files: 9, available: 8, rows: 975 + 7_474 + 803 + 30 + 83 + 500 + 272 + 675 });
  });

  it('counts Chinese text per character and describes CSV columns (FinanceIQ)', async () => {
    const card = await buildDatasetCard(repo, 'financeiq', tokenizer);
    const file = card.files.find((entry) => entry.name === 'test/经济师')!;
    expect(file.fields!.map((field) => field.name)).toEqual(['Question', 'A', 'B', 'C', 'D', 'Answer']);
    expect(file.tokens!.answer).toMatchObject({ min: 1, max: 1 });
    expect(file.tokens!.prompt!.p50).toBeGreaterThan(20);
  });

  it('measures whole rows where the catalogue names no prompt and answer (PANORAMA records)', async () => {
    const card = await buildDatasetCard(repo, 'panorama', tokenizer);
    const record = card.files.find((file) => file.name.startsWith('records/'))!;
    expect(record.tokens!.layout).toBe('whole-row');
    expect(record.tokens!.row!.count).toBe(1);
    const fixture = card.files.find((file) => file.name.startsWith('benchmark/par4pc/'))!;
    expect(fixture.tokens!.layout).toBe('prompt-answer');
    expect(card.files.filter((file) => !file.available).every((file) => file.unavailableReason!.includes('hub-only'))).toBe(true);
  });

  it('renders Markdown the agent reads', async () => {
    const text = renderDatasetCard(await buildDatasetCard(repo, 'deepscaler', tokenizer));
    expect(text).toContain('# Dataset card: DeepScaleR-Preview');
    expect(text).toContain('| chain-of-thought quality | low |');
    expect(text).toContain('approximate (approx-bytes');
    expect(text).toContain('## Chain-of-thought');
    expect(text).toMatch(/\| train\/aime \| answer \| 975 \|/);
    expect(text).toContain('| `solution` |');
    expect(text).toContain('## Not readable here');
    expect(text).toContain('`train/deepscaler`: hub-only');
  });
});

describe('dataset cards without the data', () => {
  it('lists files that have not been pulled, with how to get them, in hub mode', async () => {
    const source: DatasetSource = {
      id: 'toy',
      title: 'Toy | set',
      domain: 'math',
      description: 'a toy',
      licence: 'MIT',
      hub: { repo: 'org/toy', repoType: 'dataset', revision: 'abcdef0' },
      files: [
        { name: 'train', format: 'jsonl', hubPath: 'train.jsonl', mirrorPath: null },
        { name: 'local', format: 'json', hubPath: null, mirrorPath: 'toy/local.json' },
      ],
      cotQuality: 'none',
      cotNote: 'none',
      fields: {},
    };
    const repo = createDataRepository(
      { mirror: null, hubEndpoint: 'http://127.0.0.1:9', hubToken: null, cacheDir: join(scratch, 'empty'), offline: null },
      { sources: [source] },
    );
    const card = await buildDatasetCard(repo, 'toy', tokenizer);
    expect(card.files.map((file) => [file.name, file.available, file.unavailableReason])).toEqual([
      ['train', false, 'not downloaded yet: run `ftdojo data pull toy`'],
      ['local', false, expect.stringMatching(/^toy\/local is only in the offline mirror, and no mirror is set: set FTDOJO_DATA_MIRROR/)],
    ]);
    expect(card.totals).toEqual({ files: 2, available: 0, rows: 0 });
    const text = renderDatasetCard(card);
    expect(text).toContain('# Dataset card: Toy | set (`toy`)');
    expect(text).not.toContain('## Token lengths');
  });

  it('escapes table cells and names undescribed fields', async () => {
    const root = join(scratch, 'mini-mirror');
    mkdirSync(join(root, 'toy'), { recursive: true });
    const content = '[{"q": "a | b\\nc", "extra": 1}]';
    writeFileSync(join(root, 'toy', 'local.json'), content);
    const { createHash } = await import('node:crypto');
    writeFileSync(
      join(root, 'MANIFEST.tsv'),
      `path\tbytes\trows\trepo\tcommit\tsource_path\tsha256\ntoy/local.json\t${content.length}\t1\to/r\tc\tlocal.json\t${createHash('sha256').update(content).digest('hex')}\n`,
    );
    const source: DatasetSource = {
      id: 'toy',
      title: 'Toy',
      domain: 'math',
      description: 'a toy',
      licence: 'MIT',
      hub: null,
      files: [{ name: 'local', format: 'json', hubPath: null, mirrorPath: 'toy/local.json' }],
      cotQuality: 'none',
      cotNote: 'none',
      fields: { q: 'the | question' },
    };
    const repo = createDataRepository(
      { mirror: root, hubEndpoint: 'http://127.0.0.1:9', hubToken: null, cacheDir: join(scratch, 'h'), offline: null },
      { sources: [source] },
    );
    const text = renderDatasetCard(await buildDatasetCard(repo, 'toy', tokenizer));
    expect(text).toContain('| `q` | the \\| question | all | 100% |');
    expect(text).toContain('| `extra` | (not described by the catalogue) | all | 100% |');
    expect(text).toContain('| local | whole row | 1 |');
  });
});
