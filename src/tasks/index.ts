export * from './availability.js';
export * from './card.js';
export type { TaskDefinition, TaskSplits } from './define-task.js';
export * from './materialize.js';
export { getTask, listTasks } from './registry.js';
export * from './selfcheck.js';
export * from './verify-splits.js';
export type { TaskFileProblem } from './user-task.js';
export { loadTaskFile, validateTaskFile } from './user-task.js';
