import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchAgent, BenchAgentRequest, BenchAgentResult, DojoSession } from '../../core/index.js';
import { compactTime, DOJO_SESSION_VERSION } from '../../core/index.js';
import type { CallTimePolicy, ToolChatMessage, ToolChatModel } from '../../llm/index.js';
import type { ConnectDojoTools, DojoToolClient, DojoToolDescription } from './dojo-tool-client.js';
import { readToolResult } from './dojo-tool-client.js';
import type { ReactEvent, ReactStop } from './react-loop.js';
import { runReactLoop } from './react-loop.js';
import type { ReactPromptFacts } from './react-prompt.js';
import { reactStartMessage, reactSystemPrompt } from './react-prompt.js';
import type { ReactTranscript } from './react-transcript.js';
import { createReactTranscript, REACT_TRANSCRIPT_FILE } from './react-transcript.js';
import type { SessionLedger } from './session-ledger.js';
import { watchSession } from './session-ledger.js';

export const DEFAULT_REACT_MAX_TURNS = 60;
export const DEFAULT_REACT_TOOL_RESULT_CHARACTERS = 12_000;
/** Longer than await_experiment's longest wait (600 s), so the client never gives up before the door answers. */
export const DEFAULT_REACT_TOOL_TIMEOUT_MS = 15 * 60 * 1000;

export interface ReactAgentOptions {
  /** Any OpenAI-compatible model that can call tools (--llm). */
  model: ToolChatModel;
  /** Links a client to the door's tools over the session given (the composition root's choice: in memory, stdio, HTTP). */
  connect: ConnectDojoTools;
  /** Where the session keeps its files and the agent its transcript; see reactWorkspace. */
  workspaceFor(request: BenchAgentRequest): string;
  /** The leaderboard name (default 'react'). */
  name?: string | undefined;
  /** Model replies before the agent finishes for it. */
  maxTurns?: number | undefined;
  /** A tool result longer than this is cut before the model sees it. */
  maxToolResultCharacters?: number | undefined;
  toolTimeoutMs?: number | undefined;
  temperature?: number | undefined;
  /** How long one model turn may take (a share of the time left, capped; default DEFAULT_CALL_TIME_POLICY). */
  callTime?: CallTimePolicy | undefined;
  onEvent?: ((event: ReactEvent) => void) | undefined;
  now?: (() => Date) | undefined;
}

/** `<home>/agents/react/<task>-<time>`: one folder per attempt, sorted by time. */
export function reactWorkspace(home: string, task: string, time: Date): string {
  return join(home, 'agents', 'react', `${task.replace(/[^A-Za-z0-9._-]+/g, '-')}-${compactTime(time)}`);
}

const STOP_NOTES: Record<Exclude<ReactStop['kind'], 'finished' | 'llm-failed' | 'budget'>, string> = {
  'no-tool-calls': 'the model stopped calling tools',
  turns: 'the model used all its turns',
  closed: 'the session was closed',
  aborted: 'stopped by the caller',
};

function stopNote(stop: ReactStop): string {
  if (stop.kind === 'finished') return 'the model finished the session';
  if (stop.kind === 'llm-failed') return `the model could not be reached: ${stop.message}`;
  if (stop.kind === 'budget') return stop.detail;
  return STOP_NOTES[stop.kind];
}

/**
 * Finishes for a model that did not: the best validation score seen wins (none: the base model).
 * Through the door's finish_session when it has one, so the act is served like the model's own.
 */
async function finishForTheModel(
  session: DojoSession,
  ledger: SessionLedger,
  client: DojoToolClient,
  tools: readonly DojoToolDescription[],
  why: string,
): Promise<{ experimentId: string | null; reason: string; refused: string | null }> {
  const best = ledger.best();
  const experimentId = best?.experimentId ?? null;
  const chose = `the react agent chose ${best ? `${best.experimentId} (best validation score ${best.value})` : 'the base model (no experiment was scored)'}`;
  // The door takes reasons of at most 500 characters; a model's error message can be longer.
  const reason = `${why.length > 300 ? `${why.slice(0, 300)}…` : why}; ${chose}`;
  let refused: string | null = null;
  if (tools.some((tool) => tool.name === 'finish_session')) {
    try {
      const result = readToolResult(await client.callTool({ name: 'finish_session', arguments: { sessionId: session.sessionId, experimentId, reason } }));
      if (result.isError) refused = result.text;
    } catch (error) {
      refused = error instanceof Error ? error.message : String(error);
    }
  }
  // No such tool, or the door could not pass the finish on: the session itself still takes it.
  if (!ledger.closed()) {
    try {
      await session.finish({ schemaVersion: DOJO_SESSION_VERSION, kind: 'finish', experimentId, reason });
      refused = null;
    } catch (error) {
      refused ??= error instanceof Error ? error.message : String(error);
    }
  }
  return { experimentId, reason, refused };
}

/**
 * The general tool-calling agent the paper compares FT-Agent with: any OpenAI-compatible model,
 * the dojo's MCP tools and nothing else. It opens the attempt's session, lets the model act
 * through the door until it finishes, and finishes for it when it does not.
 */
export function createReactAgent(options: ReactAgentOptions): BenchAgent {
  const now = options.now ?? (() => new Date());
  const maxTurns = options.maxTurns ?? DEFAULT_REACT_MAX_TURNS;
  return {
    name: options.name ?? 'react',
    async run(request): Promise<BenchAgentResult> {
      const workspace = options.workspaceFor(request);
      mkdirSync(workspace, { recursive: true });
      const { session, ledger } = watchSession(await request.dojo.open({ workspace }));
      const transcript: ReactTranscript = createReactTranscript(join(workspace, REACT_TRANSCRIPT_FILE), now);
      const client = await options.connect(session);
      try {
        const { tools } = await client.listTools();
        const facts: ReactPromptFacts = {
          sessionId: session.sessionId,
          task: request.task,
          profile: request.profile,
          budgetSeconds: request.budgetSeconds,
          evalLimit: request.evalLimit,
          toolNames: tools.map((tool) => tool.name),
          maxTurns,
        };
        const system = reactSystemPrompt(facts);
        const start = reactStartMessage(facts);
        transcript.write(0, { role: 'agent', event: 'start', detail: `model ${options.model.name}, ${tools.length} tools, at most ${maxTurns} turns` });
        transcript.write(0, { role: 'system', content: system });
        transcript.write(0, { role: 'user', content: start });
        const messages: ToolChatMessage[] = [
          { role: 'system', content: system },
          { role: 'user', content: start },
        ];

        const { stop, turns } = await runReactLoop({
          model: options.model,
          client,
          session,
          ledger,
          tools,
          messages,
          transcript,
          maxTurns,
          maxToolResultCharacters: options.maxToolResultCharacters ?? DEFAULT_REACT_TOOL_RESULT_CHARACTERS,
          toolTimeoutMs: options.toolTimeoutMs ?? DEFAULT_REACT_TOOL_TIMEOUT_MS,
          temperature: options.temperature,
          callTime: options.callTime,
          signal: request.signal,
          onEvent: options.onEvent,
        });
        let note = `${stopNote(stop)} after ${turns} turn(s)`;
        if (stop.kind !== 'aborted' && stop.kind !== 'closed' && !ledger.closed()) {
          const finish = await finishForTheModel(session, ledger, client, tools, stopNote(stop));
          transcript.write(turns, { role: 'agent', event: 'finish', detail: finish.refused ?? finish.reason, experimentId: finish.experimentId });
          options.onEvent?.({ kind: 'finished', by: 'agent', experimentId: finish.experimentId, reason: finish.reason });
          note = finish.refused ? `${note}; finishing was refused: ${finish.refused}` : finish.reason;
        }
        const closed = ledger.closed();
        if (stop.kind === 'finished' && closed)
          note = `${note}: ${closed.chosenExperimentId ?? 'the base model'} chosen${closed.reason ? ` (${closed.reason})` : ''}`;
        return {
          state: stop.kind === 'aborted' ? 'stopped' : stop.kind === 'llm-failed' ? 'failed' : 'completed',
          adapterPath: null,
          ...ledger.counts(),
          runRef: workspace,
          note,
        };
      } finally {
        await client.close();
      }
    },
  };
}
