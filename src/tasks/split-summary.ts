import type { ProfileName } from '../core/index.js';
import { isFtdojoError } from '../core/index.js';
import type { DataRepository } from '../data/index.js';
import type { TaskDefinition } from './define-task.js';

/** What one task's profile builds here: split sizes, or why it cannot and which files it lacks. */
export interface SplitSummary {
  task: string;
  profile: ProfileName;
  built: boolean;
  pool: number | null;
  /** Pool rows whose training target is not empty (every row, for a task built as it should be). */
  poolWithTargets: number | null;
  validation: number | null;
  test: number | null;
  /** Why it cannot be built here. */
  reason: string | null;
  /** Files ("source/file") the profile reads that cannot be read here without the network. */
  notHere: string[];
  notes: string[];
}

/**
 * Builds a task's splits for a profile and counts them. A profile that cannot be built here
 * (hub-only data, no mirror) is built once more against a view of the repository that answers
 * every file it cannot read locally with no rows, to list exactly the files the profile needs.
 */
export async function summarizeSplits(task: TaskDefinition, profile: ProfileName, repo: DataRepository): Promise<SplitSummary> {
  const base = { task: task.spec.id, profile };
  try {
    const splits = await task.buildSplits(repo, profile);
    return {
      ...base,
      built: true,
      pool: splits.pool.length,
      poolWithTargets: splits.pool.filter((row) => row.target.trim() !== '').length,
      validation: splits.validation.length,
      test: splits.test.length,
      reason: null,
      notHere: [],
      notes: splits.notes,
    };
  } catch (error) {
    if (!isFtdojoError(error) || (error.code !== 'UNSUPPORTED' && error.code !== 'MISSING_DATA')) throw error;
    return {
      ...base,
      built: false,
      pool: null,
      poolWithTargets: null,
      validation: null,
      test: null,
      reason: error.message,
      notHere: await filesNotHere(task, profile, repo),
      notes: [],
    };
  }
}

/** The files a profile reads that are not local, found by building against a repository view that answers them empty. */
export async function filesNotHere(task: TaskDefinition, profile: ProfileName, repo: DataRepository): Promise<string[]> {
  const missing = new Set<string>();
  const probe: DataRepository = {
    ...repo,
    async readRows(sourceId, fileName) {
      if (repo.hasLocal(sourceId, fileName)) return repo.readRows(sourceId, fileName);
      missing.add(`${sourceId}/${fileName}`);
      return [];
    },
  };
  try {
    await task.buildSplits(probe, profile);
  } catch (error) {
    // A profile refused before it reads anything (PANORAMA's mini) needs no file it could name.
    if (!isFtdojoError(error)) throw error;
  }
  return [...missing].sort();
}

function sizes(summary: SplitSummary, task: TaskDefinition): string {
  if (summary.built) return `${summary.validation} / ${summary.test}`;
  const profile = task.spec.profiles[summary.profile];
  return `(${profile.validationSize} / ${profile.testSize})`;
}

function buildsHere(summary: SplitSummary): string {
  if (summary.built) return 'yes';
  if (summary.notHere.length > 0) return `no: needs ${summary.notHere.join(', ')}`;
  return `no: ${summary.reason ?? 'unknown'}`;
}

/**
 * A Markdown table of tasks × profiles: pool rows with targets (of all pool rows), validation /
 * test sizes (the profile's targets in brackets when not built) and whether it builds here.
 */
export function renderSplitTable(rows: ReadonlyArray<{ task: TaskDefinition; summaries: readonly SplitSummary[] }>): string {
  const profiles = [...new Set(rows.flatMap((row) => row.summaries.map((summary) => summary.profile)))];
  const header = ['task', ...profiles.flatMap((profile) => [`${profile} pool (with target / all)`, `${profile} val / test`, `${profile} builds here`])];
  const lines = rows.map(({ task, summaries }) => {
    const cells = profiles.flatMap((profile) => {
      const summary = summaries.find((candidate) => candidate.profile === profile);
      if (summary === undefined) return ['', '', ''];
      const pool = summary.built ? `${summary.poolWithTargets} / ${summary.pool}` : '-';
      return [pool, sizes(summary, task), buildsHere(summary)];
    });
    return [task.spec.id, ...cells];
  });
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n') + '\n';
}
