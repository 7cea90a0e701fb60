import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonValue, Sample, SampleOutcome, ScoringMode } from '../../core/index.js';
import { chartCodeRunnerForTests } from '../../testing/chart-code-runner.js';
import { passAt1VisualizationScorer } from '../scorers/index.js';

/**
 * The differential test of TableBench's visualization Pass@1: predictions for every item of the
 * mini validation split (gold, near-miss, malformed, empty, and the cases where the modes part),
 * scored by TableBench's own code (scripts/differential/tablebench-visualization.mjs keeps its
 * answers here) and by ours in the sandbox. `official` must agree on every item and case, Pass@1
 * and ECR@1 alike; `corrected` differs exactly where the task card says it does. Needs the
 * sandbox and the runtime's Python (matplotlib, pandas); neither TableBench's code nor the mirror.
 */
interface Prediction {
  id: string;
  case: string;
  output: string;
}
interface Item {
  id: string;
  subtask: string | null;
  reference: JsonValue;
  meta: Record<string, JsonValue>;
}
interface OfficialScore {
  id: string;
  case: string;
  pass: boolean | null;
  ecr: boolean;
}

const folder = join(import.meta.dirname, 'fixtures', 'tablebench-visualization');
const items = (JSON.parse(readFileSync(join(folder, 'items.json'), 'utf8')) as { items: Item[] }).items;
const predictions = (JSON.parse(readFileSync(join(folder, 'predictions.json'), 'utf8')) as { predictions: Prediction[] }).predictions;
const official = JSON.parse(readFileSync(join(folder, 'official-scores.json'), 'utf8')) as { official: { commit: string }; scores: OfficialScore[] };
const sandbox = await chartCodeRunnerForTests();

/** Where `corrected` deliberately differs from TableBench (the card's list), by case. */
const CORRECTED_DIFFERS = ['same-figure', 'printed', 'function-scope', 'numpy-unimported'];

const key = (item: { id: string; case: string }) => `${item.id}#${item.case}`;

async function scoreAll(scoring: ScoringMode): Promise<Map<string, SampleOutcome>> {
  const byId = new Map<string, Sample>(
    items.map((item) => [item.id, { id: item.id, subtask: item.subtask ?? undefined, prompt: '', reference: item.reference, target: '', meta: item.meta }]),
  );
  const scorer = await passAt1VisualizationScorer.create(passAt1VisualizationScorer.params.parse({ scoring }));
  const cases = predictions.map((prediction) => ({ sample: { ...byId.get(prediction.id)!, id: key(prediction) }, output: prediction.output }));
  const ready = await scorer.prepare!(cases, { codeRunner: 'runner' in sandbox ? sandbox.runner : undefined });
  expect(ready.unsupported).toBeUndefined();
  return new Map(cases.map(({ sample, output }) => [sample.id, ready.score(output, sample)]));
}

const pass = (outcome: SampleOutcome) => outcome.value === 1;
const ecr = (outcome: SampleOutcome) => outcome.facts?.executed === true;

describe('the TableBench visualization fixture', () => {
  it('covers every item of the mini validation split with gold, near-miss, malformed and empty cases, and an official score for each', () => {
    const ids = new Set(predictions.map((prediction) => prediction.id));
    expect(ids.size).toBe(12);
    expect([...ids].sort()).toEqual(items.map((item) => item.id).sort());
    for (const id of ids) {
      const cases = predictions.filter((prediction) => prediction.id === id).map((prediction) => prediction.case);
      expect(cases).toEqual(expect.arrayContaining(['gold', 'near-miss', 'malformed', 'empty', 'same-figure']));
    }
    expect(official.scores.map(key).sort()).toEqual(predictions.map(key).sort());
    expect(official.official.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe.skipIf(!('runner' in sandbox))('TableBench visualization Pass@1: ours against the official code', () => {
  it('official: the same Pass@1 and ECR@1 as TableBench on every item and case', async () => {
    const outcomes = await scoreAll('official');
    const disagreements = official.scores.filter((score) => {
      const outcome = outcomes.get(key(score))!;
      return pass(outcome) !== (score.pass === true) || ecr(outcome) !== score.ecr;
    });
    expect(disagreements.map((score) => `${key(score)}: ${outcomes.get(key(score))!.detail ?? 'pass'}`)).toEqual([]);
    expect(official.scores.length).toBe(predictions.length);
  });

  it('corrected: differs from TableBench only in the cases the task card lists', async () => {
    const outcomes = await scoreAll('corrected');
    const differing = official.scores.filter((score) => pass(outcomes.get(key(score))!) !== (score.pass === true));
    const agreement = 1 - differing.length / official.scores.length;
    console.info(
      `corrected agrees with TableBench on ${official.scores.length - differing.length} of ${official.scores.length} (${(agreement * 100).toFixed(1)}%)`,
    );
    expect(new Set(differing.map((score) => score.case))).toEqual(new Set(CORRECTED_DIFFERS));
    for (const caseName of CORRECTED_DIFFERS)
      expect(differing.filter((score) => score.case === caseName)).toHaveLength(official.scores.filter((score) => score.case === caseName).length);
  });
});
