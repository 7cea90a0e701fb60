import type { Hypothesis, Lesson } from '../../core/index.js';
import { LESSON_VERSION } from '../../core/index.js';
import type { RunState } from '../../store/index.js';
import { attemptsOf, readExperimentFeedback } from '../loop/attempts.js';
import { ideaOf } from '../plan/heuristic-planner.js';

export interface LessonTask {
  id: string;
  domain: string;
  metric: string;
}

type Plan = Pick<Hypothesis, 'data' | 'training'>;

/** The keys a plan changed from its parent's, in words: "data.count 16 → 48; training.learning_rate 0.0002 → 0.0005". */
export function describeChange(parent: Plan | null, plan: Plan): string {
  const flat = (value: Plan) => ({
    ...Object.fromEntries(Object.entries(value.data).map(([key, entry]) => [`data.${key}`, entry])),
    ...Object.fromEntries(Object.entries(value.training).map(([key, entry]) => [`training.${key}`, entry])),
  });
  const show = (value: unknown) => (value === undefined ? 'unset' : JSON.stringify(value));
  const now = flat(plan);
  if (!parent)
    return `first plan: ${Object.entries(now)
      .map(([key, value]) => `${key} ${show(value)}`)
      .join('; ')}`;
  const before = flat(parent);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(now)])].sort();
  const changed = keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(now[key]));
  return changed.length ? changed.map((key) => `${key} ${show(before[key])} → ${show(now[key])}`).join('; ') : 'the same plan again';
}

/**
 * What a run's finished experiments taught, one lesson each: the change from its parent's plan
 * and the improvement measured on validation against its reference (the best so far, else the
 * base model). Experiments without a comparison (failed, cut short) teach nothing here.
 */
export function lessonsOfRun(state: RunState, runDir: string, task: LessonTask, now: () => Date = () => new Date()): Lesson[] {
  const attempts = attemptsOf(state, runDir);
  const lessons: Lesson[] = [];
  for (const attempt of attempts) {
    const comparison = readExperimentFeedback(runDir, attempt.experimentId)?.comparison;
    const reference = comparison ? (comparison.best ?? comparison.base) : null;
    if (!comparison || !reference) continue;
    const parent = attempts.find((candidate) => candidate.experimentId === attempt.hypothesis.parentExperimentId)?.hypothesis ?? null;
    lessons.push({
      schemaVersion: LESSON_VERSION,
      id: `${state.runId}/${attempt.experimentId}`,
      task: task.id,
      domain: task.domain,
      metric: task.metric,
      idea: ideaOf(attempt.hypothesis),
      change: describeChange(parent, attempt.hypothesis),
      reference: reference.experimentId ?? 'base',
      effect: reference.improvement,
      interval: reference.interval,
      verdict: reference.verdict,
      runId: state.runId,
      experimentId: attempt.experimentId,
      createdAt: now().toISOString(),
    });
  }
  return lessons;
}

/** The most characters of a change a prompt line shows (a first plan lists every key). */
const CHANGE_CHARACTERS = 240;

/** A lesson in one line, as the planners' and the coder's prompts show it (bounded). */
export function lessonLine(lesson: Lesson): string {
  const change = lesson.change.length > CHANGE_CHARACTERS ? `${lesson.change.slice(0, CHANGE_CHARACTERS)}…` : lesson.change;
  const effect = lesson.effect === null ? 'no measured effect' : `${lesson.effect >= 0 ? '+' : ''}${lesson.effect.toFixed(3)} ${lesson.metric}`;
  const interval = lesson.interval ? ` [${lesson.interval.low.toFixed(3)}, ${lesson.interval.high.toFixed(3)}]` : '';
  return `${lesson.task}: ${change} → ${effect}${interval} vs ${lesson.reference} (${lesson.verdict})`;
}
