import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaskFile, validateTaskFile } from './user-task.js';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftdojo-user-task-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const rows = Array.from({ length: 40 }, (_, index) =>
  JSON.stringify({
    uid: `r${index}`,
    text: `review number ${index} ${index % 2 ? 'great' : 'awful'}`,
    label: index % 2 ? 'positive' : 'negative',
    genre: index % 3 ? 'drama' : 'comedy',
  }),
).join('\n');

const GOOD = `schemaVersion: 1
id: my-sentiment
title: Review sentiment
domain: custom
description: Classify a review as positive or negative.
outputFormat: { description: one word, example: positive }
data:
  files: [reviews.jsonl]
  id: uid
  prompt: "Review: {text}\\nPositive or negative?"
  answer: label
  subtask: genre
split: { rule: seeded, validation: 8, test: 8 }
metrics:
  - { name: accuracy, scorer: exact-match, params: { normalize: plain }, primary: true }
`;

describe('user task files', () => {
  it('loads a valid YAML task and builds leak-free splits', async () => {
    const dir = workspace({ 'task.yaml': GOOD, 'reviews.jsonl': rows });
    expect(await validateTaskFile(join(dir, 'task.yaml'))).toEqual([]);
    const task = await loadTaskFile(join(dir, 'task.yaml'));
    expect(task.spec.id).toBe('my-sentiment');
    expect(task.spec.paperTask).toBe(false);
    expect(task.spec.metrics[0]!.direction).toBe('higher');
    const splits = await task.buildSplits(null as never, 'mini');
    expect(splits.validation).toHaveLength(8);
    expect(splits.test).toHaveLength(8);
    expect(splits.pool).toHaveLength(24);
    expect(splits.validation[0]!.prompt).toMatch(/^Review: review number \d+/);
  });

  it('accepts the same task as JSON', async () => {
    const { parse } = await import('yaml');
    const dir = workspace({ 'task.json': JSON.stringify(parse(GOOD)), 'reviews.jsonl': rows });
    expect(await validateTaskFile(join(dir, 'task.json'))).toEqual([]);
  });

  it('explains every mistake at once, with where and how to fix', async () => {
    const broken = GOOD.replace('answer: label', 'answer: lable')
      .replace('scorer: exact-match', 'scorer: exact-mtch')
      .replace('primary: true', 'primary: false')
      .replace('split: { rule: seeded', 'split: { rule: seeded, colour: red');
    const dir = workspace({ 'task.yaml': broken, 'reviews.jsonl': rows });
    const problems = await validateTaskFile(join(dir, 'task.yaml'));
    // Schema problems are reported first; fix them and the semantic checks follow.
    expect(problems.map((problem) => problem.path)).toEqual(['split']);
    expect(problems[0]!.message).toMatch(/unknown key\(s\): colour/);

    const dir2 = workspace({ 'task.yaml': broken.replace(', colour: red', ''), 'reviews.jsonl': rows });
    const semantic = await validateTaskFile(join(dir2, 'task.yaml'));
    const byPath = Object.fromEntries(semantic.map((problem) => [problem.path, problem]));
    expect(byPath['data.answer']!.message).toMatch(/"lable" is not in the data/);
    expect(byPath['data.answer']!.hint).toBe('did you mean "label"?');
    expect(byPath['metrics.0.scorer']!.message).toMatch(/did you mean "exact-match"/);
    expect(byPath['metrics']!.message).toMatch(/exactly one metric must be primary/);
    await expect(loadTaskFile(join(dir2, 'task.yaml'))).rejects.toThrow(/3 problem\(s\)/);
  });

  it('reports a missing data file, bad YAML and a malformed data row', async () => {
    const dir = workspace({ 'task.yaml': GOOD, 'bad.yaml': 'id: [unclosed', 'reviews.jsonl': `${rows}\n{"uid": broken` });
    expect((await validateTaskFile(join(dir, 'bad.yaml')))[0]!.message).toMatch(/YAML error at line 1/);
    expect((await validateTaskFile(join(dir, 'nothing.yaml')))[0]!.message).toMatch(/does not exist/);
    const problems = await validateTaskFile(join(dir, 'task.yaml'));
    expect(problems[0]!.path).toBe('data.files.0');
    expect(problems[0]!.message).toMatch(/line 41/);
  });

  it('rejects splits that leave no training pool', async () => {
    const dir = workspace({ 'task.yaml': GOOD.replace('validation: 8, test: 8', 'validation: 20, test: 20'), 'reviews.jsonl': rows });
    expect((await validateTaskFile(join(dir, 'task.yaml')))[0]!.message).toMatch(/leave no rows of 40/);
  });
});
