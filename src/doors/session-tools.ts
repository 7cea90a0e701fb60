import { z } from 'zod';
import type { SubmissionFiles } from '../core/index.js';
import { DOJO_SESSION_VERSION, FtdojoError, VALIDATION_TIERS } from '../core/index.js';
import { readAgentFiles } from './agent-files.js';
import type { DoorClient, HostedSession, SessionHost } from './session-host.js';

/**
 * The dojo's session as tools: one table that the MCP server (stdio and HTTP) and the REST API
 * both serve, so a tool, its JSON schema, its example and its route cannot drift apart. Each
 * description carries an example call, so a general LLM agent can use the tools unaided.
 */
export interface DoorTool {
  name: string;
  title: string;
  description: string;
  input: z.ZodRawShape;
  /** The REST route: path parameters in braces come from the arguments of the same name. */
  rest: { method: 'GET' | 'POST'; path: string };
  run(host: SessionHost, args: Record<string, unknown>, client: DoorClient): Promise<unknown>;
}

function tool<Shape extends z.ZodRawShape>(definition: {
  name: string;
  title: string;
  description: string;
  input: Shape;
  rest: DoorTool['rest'];
  run(host: SessionHost, args: z.infer<z.ZodObject<Shape>>, client: DoorClient): Promise<unknown>;
}): DoorTool {
  return definition as unknown as DoorTool;
}

const sessionId = z.string().min(1).describe('the id open_session returned');
const experimentId = z.string().min(1).describe('an experiment id, e.g. "exp-001"');
const files = z
  .record(z.string(), z.string())
  .optional()
  .describe('the submission inline: relative path → text; needs a data script (process_data.py, .mjs or .js) and train.yaml');
const paths = z
  .array(z.string())
  .max(50)
  .optional()
  .describe("instead of files: paths in the session's agent workspace to submit (no '..', absolute paths or symlinks)");

const EXAMPLE_FILES = {
  'process_data.py':
    'import json, os\nrows = [json.loads(l) for l in open("/task/pool.jsonl")]\nos.makedirs("output", exist_ok=True)\njson.dump([{"instruction": r["prompt"], "input": "", "output": r["target"]} for r in rows[:200]], open("output/train.json", "w"))\n',
  'train.yaml': 'num_train_epochs: 2\nlearning_rate: 0.0002\nlora_rank: 8\n',
};
const example = (value: unknown) => `Example arguments: ${JSON.stringify(value)}`;

/** Files given inline, or read from the agent's workspace by path (checked there); exactly one of the two. */
async function submissionOf(
  hosted: HostedSession,
  args: { files?: Record<string, string> | undefined; paths?: string[] | undefined },
): Promise<SubmissionFiles> {
  if ((args.files === undefined) === (args.paths === undefined))
    throw new FtdojoError('INVALID_INPUT', 'give exactly one of files (inline text) or paths (files in your workspace)', {
      hint: `e.g. files: ${JSON.stringify(Object.keys(EXAMPLE_FILES))} with their text, or paths: ["process_data.py", "train.yaml"]`,
    });
  if (args.files) return args.files;
  try {
    return await readAgentFiles(hosted.agentWorkspace, args.paths ?? []);
  } catch (error) {
    hosted.noteRefusal('path');
    throw error;
  }
}

export const SESSION_TOOLS: readonly DoorTool[] = [
  tool({
    name: 'open_session',
    title: 'Open a session',
    description: [
      'Opens one attempt at one dojo task: the session has its own workspace, experiments and wall-clock budget (every act counts, training included).',
      'Give a catalogue task id (list: `ftdojo tasks`) or a task file path. On a door bound to an attempt, this returns that attempt.',
      'Once finished (finish_session), the chosen experiment is scored once on a held-out test split you never see.',
      example({ task: 'financeiq', budgetSeconds: 1800, evalLimit: 50 }),
    ].join(' '),
    input: {
      task: z.string().min(1).optional().describe('a catalogue task id, e.g. "financeiq"'),
      taskFile: z.string().min(1).optional().describe('or: the path of a task file on the server'),
      profile: z.enum(['mini', 'paper']).optional().describe('mini (default): small model and splits; paper: the paper protocol'),
      budgetSeconds: z.number().positive().describe('wall-clock seconds for the whole session'),
      seed: z.number().int().nonnegative().optional(),
      evalLimit: z.number().int().positive().nullable().optional().describe('score only the first N validation items (quicker feedback)'),
      agent: z.string().min(1).max(60).optional().describe('the name shown on the leaderboard (default: your client name)'),
    },
    rest: { method: 'POST', path: '/sessions' },
    async run(host, args, client) {
      if ((args.task === undefined) === (args.taskFile === undefined))
        throw new FtdojoError('INVALID_INPUT', 'give exactly one of task (a catalogue id) or taskFile (a path)', {
          hint: example({ task: 'financeiq', budgetSeconds: 1800 }),
        });
      const hosted = await host.open(args, client);
      return { ...(await hosted.session.info()), agentWorkspace: hosted.agentWorkspace };
    },
  }),
  tool({
    name: 'list_sessions',
    title: 'List sessions',
    description: 'The sessions on this door: id, client, idle seconds, whether ended. ' + example({}),
    input: {},
    rest: { method: 'GET', path: '/sessions' },
    run: (host) => Promise.resolve({ schemaVersion: DOJO_SESSION_VERSION, kind: 'sessions', sessions: host.list() }),
  }),
  tool({
    name: 'session_info',
    title: 'Session info',
    description: 'Task, profile, seed, the submission contract (what a submission must hold) and the budget. ' + example({ sessionId: 'session-…' }),
    input: { sessionId },
    rest: { method: 'GET', path: '/sessions/{sessionId}' },
    run: (host, args) => host.get(args.sessionId).session.info(),
  }),
  tool({
    name: 'task_card',
    title: 'Task card',
    description: "The task's card (Markdown): what is asked, the metric, the answer format, limits. Read it first. " + example({ sessionId: 'session-…' }),
    input: { sessionId },
    rest: { method: 'GET', path: '/sessions/{sessionId}/task-card' },
    run: (host, args) => host.get(args.sessionId).session.taskCard(),
  }),
  tool({
    name: 'dataset_card',
    title: 'Dataset card',
    description:
      "The training pool: rows, fields, mean tokens per row, whether rows carry worked solutions, the sample cap; with sources: true (slower) each source's card. " +
      example({ sessionId: 'session-…', sources: false }),
    input: { sessionId, sources: z.boolean().optional() },
    rest: { method: 'GET', path: '/sessions/{sessionId}/dataset-card' },
    run: (host, args) => host.get(args.sessionId).session.datasetCard({ sources: args.sources ?? false }),
  }),
  tool({
    name: 'read_pool',
    title: 'Read pool rows',
    description:
      'Rows of the training pool (/task/pool.jsonl in the sandbox): a page from an offset, or a seeded sample; at most 200 rows a call. ' +
      example({ sessionId: 'session-…', mode: 'sample', size: 5, seed: 0 }),
    input: {
      sessionId,
      mode: z.enum(['page', 'sample']).default('page'),
      offset: z.number().int().nonnegative().optional(),
      limit: z.number().int().positive().max(200).optional(),
      size: z.number().int().positive().max(200).optional(),
      seed: z.number().int().nonnegative().optional(),
    },
    rest: { method: 'POST', path: '/sessions/{sessionId}/pool' },
    run(host, args) {
      const session = host.get(args.sessionId).session;
      return args.mode === 'sample'
        ? session.readPool({ mode: 'sample', ...(args.size ? { size: args.size } : {}), ...(args.seed !== undefined ? { seed: args.seed } : {}) })
        : session.readPool({ mode: 'page', ...(args.offset !== undefined ? { offset: args.offset } : {}), ...(args.limit ? { limit: args.limit } : {}) });
    },
  }),
  tool({
    name: 'hardware',
    title: 'Hardware',
    description:
      'The device, CPUs, memory, base model, its context length and the training speed (measured once a training ran). ' + example({ sessionId: 'session-…' }),
    input: { sessionId },
    rest: { method: 'GET', path: '/sessions/{sessionId}/hardware' },
    run: (host, args) => host.get(args.sessionId).session.hardware(),
  }),
  tool({
    name: 'budget',
    title: 'Budget',
    description: 'Seconds spent and left, experiments started, the least time an experiment needs. ' + example({ sessionId: 'session-…' }),
    input: { sessionId },
    rest: { method: 'GET', path: '/sessions/{sessionId}/budget' },
    run: (host, args) => host.get(args.sessionId).session.budget(),
  }),
  tool({
    name: 'project_run',
    title: 'Project a training',
    description:
      'What training on `rows` rows for `epochs` epochs would cost now, and whether it fits in the time left. ' +
      example({ sessionId: 'session-…', rows: 200, epochs: 2 }),
    input: { sessionId, rows: z.number().int().nonnegative(), epochs: z.number().positive().optional() },
    rest: { method: 'POST', path: '/sessions/{sessionId}/projection' },
    run: (host, args) => host.get(args.sessionId).session.project({ rows: args.rows, ...(args.epochs ? { epochs: args.epochs } : {}) }),
  }),
  tool({
    name: 'validate_submission',
    title: 'Validate a submission',
    description:
      'Runs the fail-fast checks (static, data, a micro training run) on a submission without training it fully: cheap feedback on your code. ' +
      'through: "data" stops before the micro run (seconds, not tens of them). ' +
      example({ sessionId: 'session-…', files: EXAMPLE_FILES }),
    input: { sessionId, files, paths, through: z.enum(VALIDATION_TIERS).optional() },
    rest: { method: 'POST', path: '/sessions/{sessionId}/validate' },
    async run(host, args) {
      const hosted = host.get(args.sessionId);
      return hosted.session.validate({
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'validate',
        files: await submissionOf(hosted, args),
        ...(args.through ? { through: args.through } : {}),
      });
    },
  }),
  tool({
    name: 'start_experiment',
    title: 'Start an experiment',
    description: [
      'Starts an experiment and answers at once: the data script runs in the sandbox, the fail-fast tiers check it, LLaMA-Factory trains a LoRA adapter, and it is scored on the validation split.',
      'One runs at a time. Follow it with await_experiment, then get_feedback.',
      example({ sessionId: 'session-…', files: EXAMPLE_FILES, parentExperimentId: null, compareTo: null }),
    ].join(' '),
    input: {
      sessionId,
      files,
      paths,
      parentExperimentId: z.string().nullable().optional().describe('the experiment this one builds on; null: from the base model'),
      compareTo: z.string().nullable().optional().describe('the experiment the feedback compares with (your best so far)'),
      experimentId: z.string().optional().describe('an id of your own (lowercase, digits, dashes)'),
    },
    rest: { method: 'POST', path: '/sessions/{sessionId}/experiments' },
    async run(host, args) {
      const hosted = host.get(args.sessionId);
      return hosted.session.startExperiment({
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'experiment',
        files: await submissionOf(hosted, args),
        parentExperimentId: args.parentExperimentId ?? null,
        compareTo: args.compareTo ?? null,
        ...(args.experimentId ? { experimentId: args.experimentId } : {}),
      });
    },
  }),
  tool({
    name: 'experiment_status',
    title: 'Experiment status',
    description:
      'Phase, fail-fast tiers so far, training step/loss/ETA, evaluation progress, the validation score once known. ' +
      example({ sessionId: 'session-…', experimentId: 'exp-001' }),
    input: { sessionId, experimentId },
    rest: { method: 'GET', path: '/sessions/{sessionId}/experiments/{experimentId}' },
    run: (host, args) => host.get(args.sessionId).session.status(args.experimentId),
  }),
  tool({
    name: 'await_experiment',
    title: 'Wait for an experiment',
    description:
      'Waits until the experiment ends or timeoutSeconds pass (default 120, at most 600), then returns its status; call again while it runs. ' +
      example({ sessionId: 'session-…', experimentId: 'exp-001', timeoutSeconds: 300 }),
    input: { sessionId, experimentId, timeoutSeconds: z.number().positive().max(600).optional() },
    rest: { method: 'POST', path: '/sessions/{sessionId}/experiments/{experimentId}/await' },
    run: (host, args) => host.get(args.sessionId).session.awaitExperiment(args.experimentId, { timeoutSeconds: args.timeoutSeconds ?? 120 }),
  }),
  tool({
    name: 'get_feedback',
    title: 'Feedback',
    description:
      "An ended experiment's feedback: execution (errors with root cause and hint), training, validation metrics with intervals, the comparison with the base model and your best, and the budget. " +
      example({ sessionId: 'session-…', experimentId: 'exp-001' }),
    input: { sessionId, experimentId },
    rest: { method: 'GET', path: '/sessions/{sessionId}/experiments/{experimentId}/feedback' },
    run: (host, args) => host.get(args.sessionId).session.feedback(args.experimentId),
  }),
  tool({
    name: 'cancel_experiment',
    title: 'Cancel an experiment',
    description: 'Stops a running experiment (its time is spent). ' + example({ sessionId: 'session-…', experimentId: 'exp-001' }),
    input: { sessionId, experimentId },
    rest: { method: 'POST', path: '/sessions/{sessionId}/experiments/{experimentId}/cancel' },
    run: (host, args) => host.get(args.sessionId).session.cancel(args.experimentId),
  }),
  tool({
    name: 'finish_session',
    title: 'Finish',
    description:
      'Chooses the experiment to be scored on the held-out test split (null: the base model) and closes the session; no act is accepted after it. ' +
      example({ sessionId: 'session-…', experimentId: 'exp-001', reason: 'best validation accuracy' }),
    input: { sessionId, experimentId: z.string().nullable(), reason: z.string().max(500).optional() },
    rest: { method: 'POST', path: '/sessions/{sessionId}/finish' },
    run: (host, args) =>
      host
        .get(args.sessionId)
        .session.finish({ schemaVersion: DOJO_SESSION_VERSION, kind: 'finish', experimentId: args.experimentId, reason: args.reason ?? '' }),
  }),
];

export function doorTool(name: string): DoorTool | undefined {
  return SESSION_TOOLS.find((candidate) => candidate.name === name);
}
