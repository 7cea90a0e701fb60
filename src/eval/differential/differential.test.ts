import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import type { ScoringMode } from '../../core/index.js';
import { primaryMetric } from '../../core/index.js';
import { createDataRepository } from '../../data/index.js';
import { CATALOGUE } from '../../tasks/catalogue/index.js';
import { testMirror } from '../../testing/mirror.js';
import { scorerLibrary } from '../scorer-library.js';
import { DIFFERENTIAL_TASKS, type DifferentialTask } from './cases.js';
import { FIXTURES_DIR, fixtureItem, fixturePredictions, fixtureSample, readFixture, readOfficialScores, writeFixture } from './differential-fixtures.js';

/**
 * The differential test: every item of the mini validation split of each task, scored on gold,
 * near-miss, malformed and empty outputs by the benchmark's own evaluation code (run once, kept
 * as fixtures/<task>/official.jsonl) and by our scorer in `official` mode, must agree item by
 * item. FTDOJO_WRITE_DIFFERENTIAL=1 rewrites the items and predictions from the mirror.
 */
const mirror = testMirror();
const write = process.env.FTDOJO_WRITE_DIFFERENTIAL === '1';
const TOLERANCE = 1e-9;

function taskOf(id: DifferentialTask) {
  return CATALOGUE.find((task) => task.spec.id === id)!;
}

async function scoreAll(id: DifferentialTask, scoring: ScoringMode) {
  const { items, predictions } = readFixture(id);
  const metric = primaryMetric(taskOf(id).spec);
  const scorer = await scorerLibrary.create(metric.scorer, { ...metric.params, scoring });
  const samples = new Map(items.map((item) => [item.id, fixtureSample(item)]));
  return predictions.map((prediction) => ({ ...prediction, outcome: scorer.score(prediction.output, samples.get(prediction.id)!) }));
}

// Tools, not tests: registered only when asked for (FTDOJO_WRITE_DIFFERENTIAL, FTDOJO_DIFFERENTIAL_REPORT),
// so a normal run has nothing to skip.
if (write && mirror)
  describe('writing the differential fixtures', () => {
    it.each(DIFFERENTIAL_TASKS.map((id) => [id]))('%s', async (id) => {
      mkdirSync(join(FIXTURES_DIR, id), { recursive: true });
      const repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
      writeFixture(id, (await taskOf(id).buildSplits(repo, 'mini')).validation);
    });
  });

describe.skipIf(write)("official scoring agrees with the benchmarks' own code on every item and case", () => {
  it.each(DIFFERENTIAL_TASKS.map((id) => [id]))('%s', async (id) => {
    const { items, predictions } = readFixture(id);
    const official = readOfficialScores(id);
    const expected = new Map(official.map((row) => [`${row.id}\u0000${row.case}`, row]));
    expect(expected.size).toBe(predictions.length);
    const scored = await scoreAll(id, 'official');
    const disagreements = scored
      .filter((row) => Math.abs(row.outcome.value - expected.get(`${row.id}\u0000${row.case}`)!.value) > TOLERANCE)
      .map((row) => ({ id: row.id, case: row.case, output: row.output, ours: row.outcome.value, official: expected.get(`${row.id}\u0000${row.case}`)!.value }));
    expect(disagreements).toEqual([]);
    expect(new Set(predictions.map((row) => row.id)).size).toBe(items.length);
  });
});

describe.skipIf(write || !mirror)('the fixtures cover the current mini validation splits', () => {
  let repo: ReturnType<typeof createDataRepository>;
  beforeAll(() => {
    repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
  });
  it.each(DIFFERENTIAL_TASKS.map((id) => [id]))('%s: every item, every case', async (id) => {
    const validation = (await taskOf(id).buildSplits(repo, 'mini')).validation;
    const { items, predictions } = readFixture(id);
    expect(items).toEqual(validation.map(fixtureItem));
    expect(predictions).toEqual(fixturePredictions(id, validation));
  });
});

/**
 * Beyond the mini items: worked solutions from the AIME pool (DeepScaleR, LaTeX-heavy, often
 * multiple-choice style "\\boxed{\\textbf{(B)} 0}"), half of them paired with another problem's
 * answer, scored by MATHVerifyEvaluator (fixtures/aime25/solutions.jsonl; rescored by
 * scripts/differential/official_scores.py --task aime25-solutions).
 */
it('official AIME scoring agrees with math_verify on worked solutions', async () => {
  const rows = readFileSync(join(FIXTURES_DIR, 'aime25', 'solutions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { output: string; reference: number; value: number });
  const scorer = await scorerLibrary.create('boxed-integer', { scoring: 'official' });
  const disagreements = rows.filter(
    (row) => scorer.score(row.output, { id: 's', prompt: '', reference: row.reference, target: '', meta: {} }).value !== row.value,
  );
  expect(disagreements).toEqual([]);
  expect(rows.length).toBeGreaterThan(100);
});

it('keeps the fixtures beside the test', () => {
  for (const id of DIFFERENTIAL_TASKS) expect(existsSync(join(FIXTURES_DIR, id, 'items.jsonl')), id).toBe(true);
});

/** FTDOJO_DIFFERENTIAL_REPORT=1: per task and case, how official and corrected score the same outputs (for the card and the closing note). */
if (process.env.FTDOJO_DIFFERENTIAL_REPORT)
  describe('official against corrected', () => {
    it.each(DIFFERENTIAL_TASKS.map((id) => [id]))('%s', async (id) => {
      const official = await scoreAll(id, 'official');
      const corrected = await scoreAll(id, 'corrected');
      const byCase = new Map<string, { n: number; official: number; corrected: number; differ: number }>();
      official.forEach((row, index) => {
        const entry = byCase.get(row.case) ?? { n: 0, official: 0, corrected: 0, differ: 0 };
        const other = corrected[index]!.outcome.value;
        entry.n += 1;
        entry.official += row.outcome.value;
        entry.corrected += other;
        if (Math.abs(row.outcome.value - other) > TOLERANCE) entry.differ += 1;
        byCase.set(row.case, entry);
      });
      const items = new Set(official.map((row) => row.id)).size;
      const differ = [...byCase.values()].reduce((sum, entry) => sum + entry.differ, 0);
      const lines = [...byCase].map(
        ([name, entry]) =>
          `  ${name.padEnd(26)} official ${(entry.official / entry.n).toFixed(3)}  corrected ${(entry.corrected / entry.n).toFixed(3)}  differ ${entry.differ}/${entry.n}`,
      );
      console.log(`${id}: ${items} items × ${byCase.size} cases = ${official.length} outputs; modes differ on ${differ}\n${lines.join('\n')}`);
    });
  });
