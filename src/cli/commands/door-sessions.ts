import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { compactTime, FtdojoError } from '../../core/index.js';
import type { AttemptOutcome } from '../../bench/index.js';
import { appendSuiteRow, createAttachedAgent, resolvedTask, runAttempt, taskBaseModel } from '../../bench/index.js';
import type { SessionOpener } from '../../doors/index.js';
import type { CliContext } from '../context.js';
import { sessionSandboxes } from './ft-agent-attempt.js';

/** Leaderboard names: letters, digits and - _ . : only (they become folder names). */
export function agentNameOf(requested: string | undefined, clientName: string): string {
  const name = (requested ?? `mcp:${clientName}`).replace(/[^\w.:-]+/g, '-').slice(0, 60);
  return name || 'mcp-client';
}

export interface DoorSessionsOptions {
  runtime: RuntimeConfig;
  /** The door's suite folder: sessions/, rows.jsonl and leaderboard.json (the dashboard lists it). */
  outDir: string;
  llmGateway: boolean;
  /** Told when an attempt is over (scored and recorded) or failed. */
  onRecorded?: (sessionId: string, outcome: AttemptOutcome | Error) => void;
}

/**
 * Opens each door session as one attempt of the harness, exactly as `ftdojo bench` runs an agent:
 * an attached agent holds the session for the outside agent; when it finishes (or the door ends
 * it), the harness audits it, scores the chosen experiment once on the held-out split and appends
 * the row to the door's leaderboard.
 */
export function doorSessionOpener(ctx: CliContext, options: DoorSessionsOptions): SessionOpener {
  const { runtime } = options;
  return async (request, client) => {
    const taskFile = request.taskFile ? resolve(request.taskFile) : null;
    const task = await ctx.resolveTask(taskFile ? { taskFile } : { task: request.task! });
    const profile = request.profile ?? 'mini';
    const seed = request.seed ?? 0;
    const agentName = agentNameOf(request.agent, client.name);
    const workspace = join(options.outDir, 'sessions', `${task.spec.id}-${agentName.replace(/:/g, '_')}-${compactTime(new Date())}`);
    const agentWorkspace = join(workspace, 'agent');
    await mkdir(agentWorkspace, { recursive: true });
    const repository = ctx.repository();
    const resolved = resolvedTask(task, taskFile, { profile, repository, runtime });
    const attached = createAttachedAgent(agentName, workspace);
    let noteRefusal: (kind: string) => void = () => undefined;
    const attempt = runAttempt({
      resolved,
      profile,
      agent: attached.agent,
      seed,
      budgetSeconds: request.budgetSeconds,
      evalLimit: request.evalLimit ?? null,
      runtime,
      repository,
      sandboxFor: sessionSandboxes(ctx, runtime, options.llmGateway),
      outsideTestDir: join(options.outDir, 'test', agentName),
      onOpened: (handle) => (noteRefusal = handle.noteRefusal),
    });
    const done = attempt.then(
      async (outcome) => {
        await appendSuiteRow(options.outDir, {
          task: resolved.task,
          agent: agentName,
          seed,
          attempt: outcome,
          baseModel: taskBaseModel(resolved, profile, runtime).baseModel,
        });
        options.onRecorded?.((await attached.opened).sessionId, outcome);
        return outcome;
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        void attached.opened.then((session) => options.onRecorded?.(session.sessionId, failure)).catch(() => undefined);
        throw failure;
      },
    );
    done.catch(() => undefined);
    const session = await Promise.race([
      attached.opened,
      done.then(() => {
        throw new FtdojoError('INTERNAL', 'the attempt ended before its session opened');
      }),
    ]);
    return { session, agentWorkspace, close: (reason) => attached.end(reason), noteRefusal: (kind) => noteRefusal(kind), done };
  };
}
