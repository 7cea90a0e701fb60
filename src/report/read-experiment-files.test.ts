import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readExperimentFiles } from './read-experiment-files.js';
import { evaluationReportFixture, feedbackFixture, hypothesisFixture, trainerLogFixture, writeJson, writeText } from './run-report-fixture.js';

let runDir: string;
beforeEach(() => {
  runDir = mkdtempSync(join(tmpdir(), 'ftdojo-experiment-files-'));
});
afterEach(() => rmSync(runDir, { recursive: true, force: true }));

describe('readExperimentFiles', () => {
  it('is all null for an experiment folder that does not exist, without a warning', () => {
    const warnings: string[] = [];
    expect(readExperimentFiles(runDir, 'exp-001', null, warnings)).toEqual({
      hypothesis: null,
      feedback: null,
      validation: null,
      test: null,
      trainerLog: null,
      implementation: null,
    });
    expect(warnings).toEqual([]);
  });

  it('reads every file there is, the feedback from where the log says it is', () => {
    const folder = join(runDir, 'experiments', 'exp-001');
    writeJson(join(folder, 'submission', 'hypothesis.json'), hypothesisFixture());
    writeJson(join(runDir, 'elsewhere', 'feedback.json'), feedbackFixture('exp-001', { value: 0.4 }));
    writeJson(join(folder, 'eval', 'report.json'), evaluationReportFixture('validation', 0.4));
    writeJson(join(folder, 'test', 'report.json'), evaluationReportFixture('test', 0.35));
    writeText(join(folder, 'train', 'output', 'trainer_log.jsonl'), trainerLogFixture([2, 1]));
    const warnings: string[] = [];
    const files = readExperimentFiles(runDir, 'exp-001', 'elsewhere/feedback.json', warnings);
    expect(warnings).toEqual([]);
    expect(files.hypothesis?.rationale).toBe('Start from a plain recipe to measure where the model stands.');
    expect(files.feedback?.experimentId).toBe('exp-001');
    expect(files.validation?.report.primary.value).toBe(0.4);
    expect(files.test?.report.split).toBe('test');
    expect(files.trainerLog?.map((entry) => entry.loss)).toEqual([2, 1, undefined]);
  });

  it('turns an unreadable file into a one-line warning naming the first bad field', () => {
    const folder = join(runDir, 'experiments', 'exp-001');
    writeJson(join(folder, 'submission', 'hypothesis.json'), { ...hypothesisFixture(), changes: 'everything' });
    writeText(join(folder, 'eval', 'report.json'), '{ not json');
    const warnings: string[] = [];
    const files = readExperimentFiles(runDir, 'exp-001', null, warnings);
    expect(files.hypothesis).toBeNull();
    expect(files.validation).toBeNull();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^experiments\/exp-001\/submission\/hypothesis\.json: cannot be read \(changes: /);
    expect(warnings[1]).toMatch(/^experiments\/exp-001\/eval\/report\.json: cannot be read \(.*JSON/);
    expect(warnings.every((warning) => !warning.includes('\n'))).toBe(true);
  });
});
