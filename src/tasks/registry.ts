import { didYouMean, FtdojoError } from '../core/index.js';
import { CATALOGUE } from './catalogue/index.js';
import type { TaskDefinition } from './define-task.js';

export function listTasks(): readonly TaskDefinition[] {
  return CATALOGUE;
}

export function getTask(id: string): TaskDefinition {
  const task = CATALOGUE.find((candidate) => candidate.spec.id === id);
  if (task) return task;
  const suggestion = didYouMean(
    id,
    CATALOGUE.map((candidate) => candidate.spec.id),
    { containment: true },
  );
  throw new FtdojoError('UNKNOWN_TASK', `unknown task "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, {
    hint: `run \`ftdojo tasks\` for the catalogue, or pass --task-file FILE for a task of your own`,
  });
}
