#!/usr/bin/env node
// Prints, for every task of the catalogue and each profile, the pool rows with training targets,
// the validation / test sizes and whether the profile builds on this machine (and, where it does
// not, the files it lacks). Reads dist/: run `npm run build` first. Mini profiles read the mirror
// (FTDOJO_DATA_MIRROR); paper profiles read the hub, or list the hub files they need.
//   FTDOJO_DATA_MIRROR=../shared/datasets node scripts/split-table.mjs [--profiles mini,paper] [--tasks a,b]
import { resolveDataConfig } from '../dist/config/index.js';
import { createDataRepository } from '../dist/data/index.js';
import { listTasks, renderSplitTable, summarizeSplits } from '../dist/tasks/index.js';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 && process.argv[index + 1] ? process.argv[index + 1].split(',') : fallback;
}

const profiles = option('profiles', ['mini', 'paper']);
const wanted = option('tasks', null);
const tasks = listTasks().filter((task) => task.spec.paperTask && (wanted === null || wanted.includes(task.spec.id)));
const repo = createDataRepository(resolveDataConfig(process.env));
const rows = [];
for (const task of tasks) {
  const summaries = [];
  for (const profile of profiles) summaries.push(await summarizeSplits(task, profile, repo));
  rows.push({ task, summaries });
  process.stderr.write(`${task.spec.id} done\n`);
}
process.stdout.write(renderSplitTable(rows));
for (const { task, summaries } of rows) {
  for (const summary of summaries) {
    for (const note of summary.notes) process.stdout.write(`- ${task.spec.id} (${summary.profile}): ${note}\n`);
  }
}
