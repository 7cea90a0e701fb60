import type { DojoSession } from '../../core/index.js';
import { isFtdojoError } from '../../core/index.js';
import type { CallTimePolicy, ChatToolCall, ToolChatMessage, ToolChatModel, ToolChatResponse } from '../../llm/index.js';
import { callDeadline, DEFAULT_CALL_TIME_POLICY, isChatModelError } from '../../llm/index.js';
import type { DojoToolClient, DojoToolDescription } from './dojo-tool-client.js';
import { boundText, chatToolsOf, readToolResult, takesSessionId } from './dojo-tool-client.js';
import { reactNudge } from './react-prompt.js';
import type { ReactTranscript } from './react-transcript.js';
import type { SessionLedger } from './session-ledger.js';

/** Why the loop ended. Only 'finished' means the model chose; the others leave the choice to the agent. */
export type ReactStop =
  | { kind: 'finished' }
  | { kind: 'no-tool-calls' }
  | { kind: 'turns' }
  | { kind: 'budget'; detail: string }
  | { kind: 'closed' }
  | { kind: 'aborted' }
  | { kind: 'llm-failed'; message: string };

export type ReactEvent =
  | { kind: 'turn'; turn: number; toolCalls: string[]; text: string }
  | { kind: 'tool'; turn: number; name: string; isError: boolean; characters: number }
  | { kind: 'stopped'; reason: string }
  | { kind: 'finished'; by: 'model' | 'agent'; experimentId: string | null; reason: string };

export interface ReactLoopInput {
  model: ToolChatModel;
  client: DojoToolClient;
  /** The watched session: read directly only for the budget, which every turn checks. */
  session: DojoSession;
  ledger: SessionLedger;
  tools: readonly DojoToolDescription[];
  /** The conversation so far (system and first user message); the loop appends to it. */
  messages: ToolChatMessage[];
  transcript: ReactTranscript;
  maxTurns: number;
  maxToolResultCharacters: number;
  toolTimeoutMs: number;
  temperature?: number | undefined;
  /** How long one model turn may take: a share of the session's time left, capped (default DEFAULT_CALL_TIME_POLICY). */
  callTime?: CallTimePolicy | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: ReactEvent) => void) | undefined;
}

/** Says why the session can take no useful act any more, or the seconds left while it can. */
async function budgetStop(session: DojoSession, ledger: SessionLedger): Promise<{ stop: ReactStop } | { leftSeconds: number }> {
  try {
    const budget = await session.budget();
    if (budget.exhausted) return { stop: { kind: 'budget', detail: `the budget is spent (${Math.round(budget.wallSeconds.spent)} s)` } };
    // Nothing running and too little time for another experiment: more turns can only spend tokens.
    if (!ledger.running() && budget.wallSeconds.left < budget.minimumExperimentSeconds)
      return {
        stop: { kind: 'budget', detail: `${Math.round(budget.wallSeconds.left)} s left, under the ${budget.minimumExperimentSeconds} s an experiment needs` },
      };
    return { leftSeconds: budget.wallSeconds.left };
  } catch (error) {
    if (isFtdojoError(error) && error.code === 'SESSION_CLOSED') return { stop: { kind: 'closed' } };
    if (isFtdojoError(error) && error.code === 'BUDGET_EXHAUSTED') return { stop: { kind: 'budget', detail: error.message } };
    throw error;
  }
}

/**
 * The ReAct loop: ask the model, run each tool call it makes through the client, hand the results
 * back, until the model finishes the session or a stop applies. Outcomes of acts (a refused call,
 * bad arguments, a failed experiment) go back to the model as tool messages; only the model being
 * unreachable, the caller's abort, or a bug end it early.
 */
export async function runReactLoop(input: ReactLoopInput): Promise<{ stop: ReactStop; turns: number }> {
  const { model, client, ledger, transcript, messages } = input;
  const chatTools = chatToolsOf(input.tools);
  const byName = new Map(input.tools.map((tool) => [tool.name, tool]));
  let quietReplies = 0;
  let turn = 0;

  const runCall = async (call: ChatToolCall): Promise<{ text: string; isError: boolean }> => {
    const tool = byName.get(call.name);
    if (!tool) return { text: `there is no tool named ${JSON.stringify(call.name)}; the tools are: ${[...byName.keys()].join(', ')}`, isError: true };
    let args: unknown;
    try {
      args = JSON.parse(call.arguments.trim() || '{}');
    } catch (error) {
      return { text: `the arguments are not valid JSON (${error instanceof Error ? error.message : String(error)}); send one JSON object`, isError: true };
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) return { text: 'the arguments must be one JSON object', isError: true };
    const named = args as Record<string, unknown>;
    // A small model often leaves the session id out; there is only one session it could mean.
    if (takesSessionId(tool) && named.sessionId === undefined) named.sessionId = input.session.sessionId;
    try {
      return readToolResult(await client.callTool({ name: call.name, arguments: named }, undefined, { signal: input.signal, timeout: input.toolTimeoutMs }));
    } catch (error) {
      if (input.signal?.aborted) throw error;
      return { text: `the call failed: ${error instanceof Error ? error.message : String(error)}`, isError: true };
    }
  };

  const stopWith = (stop: ReactStop, reason: string) => {
    transcript.write(turn, { role: 'agent', event: 'stop', detail: reason });
    input.onEvent?.({ kind: 'stopped', reason });
    return { stop, turns: turn };
  };

  while (true) {
    if (input.signal?.aborted) return stopWith({ kind: 'aborted' }, 'stopped by the caller');
    if (ledger.closed()) return { stop: { kind: 'finished' }, turns: turn };
    const budget = await budgetStop(input.session, ledger);
    if ('stop' in budget) return stopWith(budget.stop, budget.stop.kind === 'budget' ? budget.stop.detail : 'the session was closed');
    if (turn >= input.maxTurns) return stopWith({ kind: 'turns' }, `the model used all ${input.maxTurns} turns`);
    turn += 1;

    let response: ToolChatResponse;
    try {
      const deadline = callDeadline(budget.leftSeconds, input.callTime ?? DEFAULT_CALL_TIME_POLICY);
      response = await model.completeWithTools({ messages, tools: chatTools, temperature: input.temperature, signal: input.signal, deadline });
    } catch (error) {
      if (isChatModelError(error, 'aborted') || input.signal?.aborted) return stopWith({ kind: 'aborted' }, 'stopped by the caller');
      if (!isChatModelError(error)) throw error;
      if (error.reason === 'deadline') {
        const message = `${error.message} (${error.hint})`;
        return stopWith({ kind: 'llm-failed', message }, `the model did not answer within its share of the time left: ${message}`);
      }
      const message = `${error.message}${error.hint ? ` (${error.hint})` : ''}`;
      return stopWith({ kind: 'llm-failed', message }, `the model could not be reached: ${message}`);
    }
    const { content, toolCalls } = response;
    messages.push({ role: 'assistant', content, toolCalls });
    transcript.write(turn, {
      role: 'assistant',
      content,
      toolCalls,
      finishReason: response.finishReason,
      refusal: response.refusal,
      usage: response.usage,
      model: response.model,
    });
    input.onEvent?.({ kind: 'turn', turn, toolCalls: toolCalls.map((call) => call.name), text: content });

    if (toolCalls.length === 0) {
      quietReplies += 1;
      if (quietReplies >= 2) return stopWith({ kind: 'no-tool-calls' }, 'the model answered twice in a row without calling a tool');
      const nudge = reactNudge();
      messages.push({ role: 'user', content: nudge });
      transcript.write(turn, { role: 'user', content: nudge });
      continue;
    }
    quietReplies = 0;

    for (const call of toolCalls) {
      // Every call gets an answer (the API wants one per id), even those after the session closed.
      const result = ledger.closed()
        ? { text: 'not run: the session was already finished', isError: true }
        : await runCall(call).catch((error: unknown) => {
            if (input.signal?.aborted) return null;
            throw error;
          });
      if (result === null) return stopWith({ kind: 'aborted' }, 'stopped by the caller');
      const bounded = boundText(result.text, input.maxToolResultCharacters);
      messages.push({ role: 'tool', toolCallId: call.id, content: bounded.text });
      transcript.write(turn, {
        role: 'tool',
        toolCallId: call.id,
        name: call.name,
        isError: result.isError,
        content: bounded.text,
        truncated: bounded.truncated,
      });
      input.onEvent?.({ kind: 'tool', turn, name: call.name, isError: result.isError, characters: result.text.length });
    }
    const closed = ledger.closed();
    if (closed) {
      const reason = `the model finished the session choosing ${closed.chosenExperimentId ?? 'the base model'}`;
      transcript.write(turn, { role: 'agent', event: 'stop', detail: reason, experimentId: closed.chosenExperimentId });
      input.onEvent?.({ kind: 'finished', by: 'model', experimentId: closed.chosenExperimentId, reason: closed.reason });
      return { stop: { kind: 'finished' }, turns: turn };
    }
  }
}
