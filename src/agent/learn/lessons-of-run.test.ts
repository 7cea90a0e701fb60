import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Feedback, Hypothesis } from '../../core/index.js';
import { parseFeedback } from '../../core/index.js';
import { createRunStore, experimentPaths, openLessonStore } from '../../store/index.js';
import { createHeuristicPlanner } from '../loop/planner.js';
import { startRunRecord } from '../loop/recorder.js';
import { initialHypothesis } from '../plan/heuristic-planner.js';
import { describeChange, lessonLine, lessonsOfRun } from './lessons-of-run.js';

/*
 * Lessons across runs, on a run folder written the way the loop writes it (hypotheses, feedback
 * documents, the event log): what each experiment changed and measured becomes a lesson in the
 * SQLite store, and the next run's built-in planner starts from the best-known move.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CONTEXT = { sampleCap: 400, poolHasSolutions: false, modelContext: 2048, tokensPerSecond: 150, charactersPerToken: 3 };
const TASK = { id: 'financeiq', domain: 'finance', metric: 'accuracy' };
const example = parseFeedback(JSON.parse(readFileSync(new URL('../../core/fixtures/feedback-v1.example.json', import.meta.url), 'utf8')));

function feedbackAgainst(experimentId: string, reference: string | null, improvement: number, verdict: 'improved' | 'worse'): Feedback {
  const comparison = {
    experimentId: reference,
    value: 0.4,
    difference: improvement,
    improvement,
    interval: { low: improvement - 0.05, high: improvement + 0.05, level: 0.95, resamples: 500 },
    pairedItems: 50,
    verdict,
    reason: 'measured',
  };
  return {
    ...example,
    experimentId,
    comparison: { ...example.comparison!, best: reference ? comparison : null, base: reference ? null : comparison, verdict },
  };
}

/** A finished two-experiment run: the fixed recipe, then the balance-labels move, which improved. */
function writeRun(home: string) {
  const store = createRunStore(home);
  const recorder = startRunRecord(store, {
    task: 'financeiq',
    taskFile: null,
    profile: 'mini',
    budget: { wallSeconds: 900, trainingSeconds: null, llmTokens: null, experiments: null },
    agent: { name: 'ft-agent', planner: 'heuristic', settings: {} },
    seed: 0,
    ftdojoVersion: 'test',
  });
  const first = initialHypothesis({ ...CONTEXT, remainingSeconds: 900 });
  const second: Hypothesis = {
    ...first,
    parentExperimentId: 'exp-001',
    data: { ...first.data, balance: 'label' },
    rationale: 'spread rows evenly over the answer letters [balance-labels]',
  };
  const plans: [string, Hypothesis, Feedback][] = [
    ['exp-001', first, feedbackAgainst('exp-001', null, 0.1, 'improved')],
    ['exp-002', second, feedbackAgainst('exp-002', 'exp-001', 0.12, 'improved')],
  ];
  plans.forEach(([id, hypothesis, feedback], index) => {
    recorder.iterationStarted(index + 1, hypothesis.parentExperimentId, hypothesis, 0);
    const paths = experimentPaths(recorder.runDir, id);
    mkdirSync(paths.submission, { recursive: true });
    writeFileSync(paths.hypothesis, JSON.stringify(hypothesis));
    writeFileSync(paths.feedback, JSON.stringify(feedback));
    recorder.experimentFinished(id, feedback);
    recorder.decision(id, { accepted: true, bestExperimentId: id, reason: 'improved' });
    recorder.iterationFinished(index + 1);
  });
  const state = store.state(recorder.runId);
  store.close();
  return { state, runDir: recorder.runDir };
}

describe('lessons across runs', () => {
  it('keeps what each experiment changed and measured, and the next run starts from the best-known move', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ftdojo-lessons-'));
    dirs.push(home);
    const { state, runDir } = writeRun(home);
    const lessons = openLessonStore(home);
    try {
      lessons.add(lessonsOfRun(state, runDir, TASK, () => new Date('2026-12-03T12:00:00Z')));
      // Written twice (a resumed run ends again): still one row per experiment.
      lessons.add(lessonsOfRun(state, runDir, TASK));
      const kept = lessons.list({ task: 'financeiq' });
      expect(kept.map((lesson) => [lesson.experimentId, lesson.idea, lesson.reference, lesson.effect, lesson.verdict])).toEqual([
        ['exp-002', 'balance-labels', 'exp-001', 0.12, 'improved'],
        ['exp-001', null, 'base', 0.1, 'improved'],
      ]);
      expect(kept[0]!.change).toBe('data.balance "none" → "label"');
      expect(lessonLine(kept[0]!)).toBe('financeiq: data.balance "none" → "label" → +0.120 accuracy [0.070, 0.170] vs exp-001 (improved)');

      const relevant = lessons.relevant({ task: 'financeiq', domain: 'finance', metric: 'accuracy' });
      const next = await createHeuristicPlanner(CONTEXT, relevant).propose({ attempts: [], best: null, remainingSeconds: 900 });
      expect(next!.data.balance).toBe('label');
      expect(next!.rationale).toMatch(/best-known move from run .* \(\+0\.120 accuracy\).*\[balance-labels\]/);
      // Without lessons the same planner starts from the fixed recipe.
      const plain = await createHeuristicPlanner(CONTEXT).propose({ attempts: [], best: null, remainingSeconds: 900 });
      expect(plain!.data.balance).toBe('none');

      expect(lessons.forget(kept[1]!.id)).toBe(true);
      expect(lessons.forget(kept[1]!.id)).toBe(false);
      expect(lessons.list().map((lesson) => lesson.experimentId)).toEqual(['exp-002']);
    } finally {
      lessons.close();
    }
  });

  it('orders lessons by closeness: the task, then its domain, then its metric', () => {
    const home = mkdtempSync(join(tmpdir(), 'ftdojo-lessons-'));
    dirs.push(home);
    const store = openLessonStore(home);
    const lesson = (id: string, task: string, domain: string, metric: string, effect: number) => ({
      schemaVersion: 1 as const,
      id,
      task,
      domain,
      metric,
      idea: null,
      change: 'x',
      reference: 'base',
      effect,
      interval: null,
      verdict: 'improved' as const,
      runId: id.split('/')[0]!,
      experimentId: 'exp-001',
      createdAt: '2026-12-03T12:00:00Z',
    });
    try {
      store.add([
        lesson('a/exp-001', 'aime25', 'math', 'accuracy', 0.5),
        lesson('b/exp-001', 'finance-other', 'finance', 'f1', 0.3),
        lesson('c/exp-001', 'financeiq', 'finance', 'accuracy', 0.01),
        lesson('d/exp-001', 'panorama', 'patents', 'f1', 0.9),
      ]);
      expect(store.relevant({ task: 'financeiq', domain: 'finance', metric: 'accuracy' }).map((row) => row.id)).toEqual([
        'c/exp-001',
        'b/exp-001',
        'a/exp-001',
      ]);
    } finally {
      store.close();
    }
  });

  it('describes a change key by key, and a first plan in full', () => {
    const first = initialHypothesis({ ...CONTEXT, remainingSeconds: 900 });
    expect(describeChange(first, { ...first, training: { ...first.training, learning_rate: 5e-4 } })).toBe('training.learning_rate 0.0002 → 0.0005');
    expect(describeChange(first, first)).toBe('the same plan again');
    expect(describeChange(null, first)).toMatch(/^first plan: data\.count \d+; .*training\.learning_rate 0\.0002/);
  });
});
