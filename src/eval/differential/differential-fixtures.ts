import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue, Sample } from '../../core/index.js';
import { differentialCases, type DifferentialTask } from './cases.js';

/**
 * The differential fixtures of one task, under fixtures/<task>/ (the ChemCoTBench and TableBench
 * visualization folders beside them keep items, predictions and official-scores as JSON; their
 * tests read them):
 *   items.jsonl        every item of the mini validation split: id, subtask, reference, meta
 *   predictions.jsonl  the outputs scored: id, case, output (cases.ts makes them)
 *   official.jsonl     what the benchmark's own code gave each: id, case, value, extracted
 *                      (scripts/differential/official_scores.py, run once; see its README)
 */
export const FIXTURES_DIR = join(import.meta.dirname, 'fixtures');

export interface FixtureItem {
  id: string;
  subtask: string | null;
  reference: JsonValue;
  meta: Record<string, JsonValue>;
}
export interface FixturePrediction {
  id: string;
  case: string;
  output: string;
}
export interface OfficialScore {
  id: string;
  case: string;
  value: number;
  extracted: JsonValue;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

export function readFixture(task: DifferentialTask): { items: FixtureItem[]; predictions: FixturePrediction[] } {
  return {
    items: readJsonl<FixtureItem>(join(FIXTURES_DIR, task, 'items.jsonl')),
    predictions: readJsonl<FixturePrediction>(join(FIXTURES_DIR, task, 'predictions.jsonl')),
  };
}

export function readOfficialScores(task: DifferentialTask): OfficialScore[] {
  return readJsonl<OfficialScore>(join(FIXTURES_DIR, task, 'official.jsonl'));
}

/** The sample a fixture item stands for: what a scorer reads (the prompt is not kept). */
export function fixtureSample(item: FixtureItem): Sample {
  return { id: item.id, subtask: item.subtask ?? undefined, prompt: '', reference: item.reference, target: '', meta: item.meta };
}

export function fixtureItem(sample: Sample): FixtureItem {
  return { id: sample.id, subtask: sample.subtask ?? null, reference: sample.reference, meta: sample.meta };
}

/** Every case of every item, in split order. */
export function fixturePredictions(task: DifferentialTask, samples: readonly Sample[]): FixturePrediction[] {
  return samples.flatMap((sample) => differentialCases(task, sample).map((entry) => ({ id: sample.id, case: entry.case, output: entry.output })));
}

/** Writes the items and predictions of a task (the official scores come from the Python harness). */
export function writeFixture(task: DifferentialTask, samples: readonly Sample[]): void {
  const lines = (rows: readonly unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  writeFileSync(join(FIXTURES_DIR, task, 'items.jsonl'), lines(samples.map(fixtureItem)));
  writeFileSync(join(FIXTURES_DIR, task, 'predictions.jsonl'), lines(fixturePredictions(task, samples)));
}
