import type { TaskDefinition } from '../define-task.js';
import { aime25 } from './aime25/task.js';
import { bioprobenchPqa } from './bioprobench-pqa/task.js';
import { chemcotMolEdit } from './chemcot-mol-edit/task.js';
import { chemcotMolOpt } from './chemcot-mol-opt/task.js';
import { chemcotMolUnd } from './chemcot-mol-und/task.js';
import { chemcotReaction } from './chemcot-reaction/task.js';
import { financeiq } from './financeiq/task.js';
import { panoramaTasks } from './panorama/tasks.js';
import { tablebenchTasks } from './tablebench/tasks.js';

/** The paper's 13 tasks, in the paper's order, then extensions (marked paperTask: false). */
export const CATALOGUE: readonly TaskDefinition[] = [
  aime25,
  ...panoramaTasks,
  chemcotMolUnd,
  chemcotMolEdit,
  chemcotMolOpt,
  chemcotReaction,
  financeiq,
  ...tablebenchTasks,
  bioprobenchPqa,
];
