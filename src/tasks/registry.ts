import { FtdojoError } from '../core/index.js';
import { CATALOGUE } from './catalogue/index.js';
import type { TaskDefinition } from './define-task.js';

export function listTasks(): readonly TaskDefinition[] {
  return CATALOGUE;
}

export function getTask(id: string): TaskDefinition {
  const task = CATALOGUE.find((candidate) => candidate.spec.id === id);
  if (task) return task;
  const suggestion = closest(id, CATALOGUE.map((candidate) => candidate.spec.id));
  throw new FtdojoError('UNKNOWN_TASK', `unknown task "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, {
    hint: `run \`ftdojo tasks\` for the catalogue, or pass --task-file FILE for a task of your own`,
  });
}

/** The nearest name by edit distance, when it is near enough to be a plausible typo. */
export function closest(input: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(input.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  const containsEither = best.name.includes(input) || input.includes(best.name);
  return best.distance <= Math.max(2, Math.floor(best.name.length / 3)) || containsEither ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}
