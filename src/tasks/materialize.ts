import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProfileName, Sample } from '../core/index.js';
import { SampleSchema } from '../core/index.js';
import type { DataRepository } from '../data/index.js';
import { renderTaskCard } from './card.js';
import type { TaskDefinition, TaskSplits } from './define-task.js';

export const MATERIALIZED_VERSION = 1;

/**
 * Where a built task lives. The separation is physical: `agent/` holds only what the agent may
 * read (card, spec, pool); `heldout/` holds validation and test with their answers. A sandbox
 * mounts `agent/` alone.
 */
export interface TaskLayout {
  root: string;
  agentDir: string;
  heldOutDir: string;
}

export function taskLayout(home: string, taskId: string, profile: ProfileName): TaskLayout {
  const root = join(home, 'tasks', taskId, profile);
  return { root, agentDir: join(root, 'agent'), heldOutDir: join(root, 'heldout') };
}

function jsonl(rows: readonly unknown[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '');
}

export interface MaterializeResult {
  layout: TaskLayout;
  splits: TaskSplits;
  files: Record<string, { bytes: number; sha256: string; rows?: number }>;
}

/** Builds the splits and writes both sides; the previous build is replaced atomically. */
export async function materializeTask(task: TaskDefinition, profile: ProfileName, repo: DataRepository, home: string): Promise<MaterializeResult> {
  const splits = await task.buildSplits(repo, profile);
  const layout = taskLayout(home, task.spec.id, profile);
  const staging = `${layout.root}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'agent'), { recursive: true });
  await mkdir(join(staging, 'heldout'), { recursive: true });

  const files: MaterializeResult['files'] = {};
  const write = async (relative: string, text: string, rows?: number) => {
    await writeFile(join(staging, relative), text);
    files[relative] = { bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex'), ...(rows === undefined ? {} : { rows }) };
  };
  await write('agent/card.md', renderTaskCard(task.spec));
  await write('agent/task.json', JSON.stringify(task.spec, null, 2) + '\n');
  await write('agent/pool.jsonl', jsonl(splits.pool), splits.pool.length);
  await write(
    'agent/split.json',
    JSON.stringify(
      {
        schemaVersion: MATERIALIZED_VERSION,
        task: task.spec.id,
        profile,
        sizes: { pool: splits.pool.length, validation: splits.validation.length, test: splits.test.length },
        notes: splits.notes,
      },
      null,
      2,
    ) + '\n',
  );
  await write('heldout/validation.jsonl', jsonl(splits.validation), splits.validation.length);
  await write('heldout/test.jsonl', jsonl(splits.test), splits.test.length);
  await writeFile(
    join(staging, 'manifest.json'),
    JSON.stringify(
      { schemaVersion: MATERIALIZED_VERSION, task: task.spec.id, profile, dataMode: repo.mode, builtAt: new Date().toISOString(), files },
      null,
      2,
    ) + '\n',
  );
  // The same build already in place (another process of this home made it, a job beside this
  // one): leave it, so a process reading it is never pulled out from under.
  if (await sameFiles(layout.root, files)) {
    await rm(staging, { recursive: true, force: true });
    return { layout, splits, files };
  }
  await rm(layout.root, { recursive: true, force: true });
  await mkdir(join(layout.root, '..'), { recursive: true });
  try {
    await rename(staging, layout.root);
  } catch (error) {
    // Another process renamed its build in between: fine when it is this one.
    if (!(await sameFiles(layout.root, files))) throw error;
    await rm(staging, { recursive: true, force: true });
  }
  return { layout, splits, files };
}

async function sameFiles(root: string, files: MaterializeResult['files']): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as { files?: MaterializeResult['files'] };
    return JSON.stringify(manifest.files) === JSON.stringify(files);
  } catch {
    return false;
  }
}

/** A held-out split as materialised (heldout/<split>.jsonl): read back instead of building the task again. */
export async function readMaterializedSplit(layout: TaskLayout, split: 'validation' | 'test'): Promise<Sample[]> {
  const text = await readFile(join(layout.heldOutDir, `${split}.jsonl`), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => SampleSchema.parse(JSON.parse(line)));
}
