import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { IntegrityAudit, SessionClosed } from '../../core/index.js';
import { INTEGRITY_AUDIT_VERSION } from '../../core/index.js';
import { trainingRunLayout, writeJsonAtomically } from '../../runtime/index.js';
import { experimentPaths, runPaths } from '../../store/index.js';
import type { AdapterToCheck } from './check-base-model.js';
import { checkBaseModel } from './check-base-model.js';
import { checkBudget } from './check-budget.js';
import type { HeldOutKeys } from './check-held-out-overlap.js';
import { checkHeldOutOverlap } from './check-held-out-overlap.js';
import { checkRefusals } from './check-refusals.js';
import type { TrainingData } from './training-rows.js';
import { createTrainingRowsReader } from './training-rows.js';

/** What the audit knows of a dojo session once it is closed. */
export interface AuditedSession {
  /** The session's folder: experiments/<id>/ as in a run folder. */
  workspace: string;
  closed: SessionClosed | null;
  /** The session's clock, not held at the limit (DojoSessionHandle.wallSeconds). */
  wallSeconds: { limit: number; spent: number };
  refusals: Readonly<Record<string, number>>;
}

/** Plain values, so the rules can be tested on small folders without Python or a model. */
export interface AuditAttemptInput {
  task: string;
  agent: string;
  seed: number;
  /** The environment's held-out keys: compared with training rows, never written out. */
  heldOutKeys: HeldOutKeys;
  /** The task's base model as the environment resolved it (a folder, or a hub id). */
  baseModel: string;
  /** The agent's session; null for an agent that worked outside the dojo. */
  session: AuditedSession | null;
  /** The adapter an agent without a session chose (scored by the harness); null: the base model. */
  outsideAdapter: string | null;
  /** The attempt's own clock, for an agent without a session. */
  attemptSeconds: { limit: number; spent: number };
  now?: () => Date;
}

const OUTSIDE = 'the outside adapter';

/** Experiment ids of a session's folder, in order. */
function experimentIds(workspace: string): string[] {
  const folder = runPaths(workspace).experiments;
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The training rows and adapters an attempt leaves: every experiment of the session that wrote
 * training rows (what LLaMA-Factory was fed: train/data/), every adapter it saved, the chosen one
 * required. An outside adapter's rows are read when it sits in an ftdojo training-run folder
 * (output/ beside data/, as the fixed recipe trains); otherwise the harness cannot see them.
 */
async function gather(input: AuditAttemptInput): Promise<{ data: TrainingData[]; adapters: AdapterToCheck[] }> {
  const read = createTrainingRowsReader();
  const data: TrainingData[] = [];
  const adapters: AdapterToCheck[] = [];
  if (input.session) {
    const chosen = input.session.closed?.chosenExperimentId ?? null;
    for (const id of experimentIds(input.session.workspace)) {
      const paths = experimentPaths(input.session.workspace, id);
      const rowsPath = trainingRunLayout(paths.train).datasetPath;
      if (id === chosen || existsSync(rowsPath)) data.push(await read(id, rowsPath, id === chosen));
      if (id === chosen || existsSync(paths.adapter)) adapters.push({ source: id, dir: paths.adapter, scored: id === chosen });
    }
    if (chosen !== null && !experimentIds(input.session.workspace).includes(chosen)) {
      data.push({ source: chosen, rows: null, problem: `no folder for the chosen experiment ${chosen}`, required: true });
      adapters.push({ source: chosen, dir: experimentPaths(input.session.workspace, chosen).adapter, scored: true });
    }
  } else if (input.outsideAdapter) {
    const layout = trainingRunLayout(dirname(resolve(input.outsideAdapter)));
    if (layout.outputDir === resolve(input.outsideAdapter)) data.push(await read(OUTSIDE, layout.datasetPath, false));
    else data.push({ source: OUTSIDE, rows: null, problem: 'trained outside the dojo', required: false });
    adapters.push({ source: OUTSIDE, dir: input.outsideAdapter, scored: true });
  }
  return { data, adapters };
}

/**
 * The integrity audit of one attempt, by rule: training rows that match held-out items, adapters
 * on another base model, time past the budget, acts refused. Each rule is one check; the failed
 * ones raise the flags the leaderboard shows.
 */
export async function auditAttempt(input: AuditAttemptInput): Promise<IntegrityAudit> {
  const { data, adapters } = await gather(input);
  const session = input.session;
  const checks = [
    ...checkHeldOutOverlap(data, input.heldOutKeys),
    checkBaseModel(adapters, input.baseModel),
    checkBudget(session ? { ...session.wallSeconds, measuredBy: 'session' } : { ...input.attemptSeconds, measuredBy: 'attempt' }),
    checkRefusals(session ? session.refusals : null),
  ];
  return {
    schemaVersion: INTEGRITY_AUDIT_VERSION,
    kind: 'integrity-audit',
    task: input.task,
    agent: input.agent,
    seed: input.seed,
    sessionId: session?.closed?.sessionId ?? null,
    createdAt: (input.now ?? (() => new Date()))().toISOString(),
    checks,
    flags: [...new Set(checks.flatMap((check) => (check.passed === false && check.flag ? [check.flag] : [])))],
    refusals: { ...(session?.refusals ?? {}) },
  };
}

export async function writeIntegrityAudit(path: string, audit: IntegrityAudit): Promise<void> {
  // An agent that chose nothing (the base model) has no folder of its own yet.
  await mkdir(dirname(path), { recursive: true });
  await writeJsonAtomically(path, audit);
}
