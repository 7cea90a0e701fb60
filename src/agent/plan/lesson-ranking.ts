import type { Hypothesis, Lesson } from '../../core/index.js';
import type { Move } from './moves.js';
import { MOVES } from './moves.js';
import type { PlanningContext } from './plan-sizing.js';
import { fitToBudget } from './plan-sizing.js';

/**
 * Where a move goes in the heuristic planner's order, from earlier runs' lessons (most relevant
 * first, as the lesson store gives them): the first lesson about the idea decides. An idea that
 * improved goes first, the larger its effect the earlier; one that made things worse goes last;
 * an idea no lesson names, or an inconclusive one, keeps its place.
 */
function lessonRank(idea: string, lessons: readonly Lesson[]): number {
  const lesson = lessons.find((candidate) => candidate.idea === idea);
  if (!lesson) return 0;
  if (lesson.verdict === 'improved') return -1 - Math.max(0, lesson.effect ?? 0);
  return lesson.verdict === 'worse' || lesson.verdict === 'no-better' ? 1 : 0;
}

/** The moves in the order earlier runs' lessons suggest (a stable sort: the expert order breaks ties). */
export function rankedByLessons(moves: readonly Move[], lessons: readonly Lesson[]): Move[] {
  if (lessons.length === 0) return [...moves];
  return moves
    .map((move, index) => ({ move, index, rank: lessonRank(move.idea, lessons) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ move }) => move);
}

/**
 * A first plan that starts from the best-known move: the first lesson (most relevant first) whose
 * move improved its run, applied to the sound starting point and cut to the budget. Null when no
 * lesson names an improving move that still applies.
 */
export function firstPlanFromLessons(start: Hypothesis, lessons: readonly Lesson[], context: PlanningContext): Hypothesis | null {
  const moves = Object.values(MOVES).flat();
  for (const lesson of lessons) {
    if (lesson.verdict !== 'improved' || !lesson.idea) continue;
    const move = moves.find((candidate) => candidate.idea === lesson.idea);
    const applied = move?.apply(start.data, start.training, context);
    if (!move || !applied) continue;
    const effect = lesson.effect === null ? '' : ` (${lesson.effect >= 0 ? '+' : ''}${lesson.effect.toFixed(3)} ${lesson.metric})`;
    return fitToBudget(
      {
        ...start,
        changes: move.changes,
        data: applied.data,
        training: applied.training,
        rationale: `the fixed recipe with the best-known move from run ${lesson.runId}${effect}: ${move.rationale} [${move.idea}]`,
        expectedEffect: move.expectedEffect,
      },
      context,
    );
  }
  return null;
}
