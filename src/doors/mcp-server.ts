import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { FTDOJO_VERSION } from '../core/index.js';
import { doorErrorOf, doorErrorText } from './door-errors.js';
import type { DoorClient, SessionHost } from './session-host.js';
import type { DoorTool } from './session-tools.js';
import { SESSION_TOOLS } from './session-tools.js';

const INSTRUCTIONS = [
  'FT-Dojo: fine-tune a base LLM for one task within a wall-clock budget.',
  'Flow: open_session → task_card, dataset_card, read_pool → write a submission (a data script that turns /task/pool.jsonl into output/train.json, and train.yaml) →',
  'validate_submission (cheap) → start_experiment → await_experiment → get_feedback → iterate → finish_session with your best experiment.',
  'Every act spends the budget; the chosen experiment is scored once on a held-out test split after the session closes.',
].join(' ');

export interface DoorLog {
  /** Every call, for the overhead figures and the server's log (never the arguments: they may be large). */
  call?(tool: string, ms: number, outcome: 'ok' | string): void;
  /** A bug behind an INTERNAL answer: the detail stays on the server. */
  internal?(tool: string, error: unknown): void;
}

/** What a tool answers: the message as JSON text (every client reads it) and as structured content. */
export function toolResult(value: unknown): CallToolResult {
  const structured = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 1) }], structuredContent: structured };
}

/** Runs one tool of the table for a client: refusals become tool errors that say how to go on. */
export async function callDoorTool(
  host: SessionHost,
  tool: DoorTool,
  args: Record<string, unknown>,
  client: DoorClient,
  log: DoorLog = {},
): Promise<{ ok: true; value: unknown } | { ok: false; error: ReturnType<typeof doorErrorOf> }> {
  const started = performance.now();
  try {
    const value = await tool.run(host, args, client);
    log.call?.(tool.name, performance.now() - started, 'ok');
    return { ok: true, value };
  } catch (error) {
    const roots = visibleRoots(host, args);
    const refusal = doorErrorOf(error, roots);
    if (refusal.code === 'INTERNAL') log.internal?.(tool.name, error);
    log.call?.(tool.name, performance.now() - started, refusal.code);
    return { ok: false, error: refusal };
  }
}

/** The one host folder an agent may see named in a message: its own workspace. */
function visibleRoots(host: SessionHost, args: Record<string, unknown>): string[] {
  if (typeof args.sessionId !== 'string') return [];
  try {
    const workspace = host.get(args.sessionId).agentWorkspace;
    return workspace ? [workspace] : [];
  } catch {
    return [];
  }
}

/**
 * An MCP server (the official SDK) over a session host: every tool of the table, each with its
 * JSON schema and an example in its description. One server per connection (stdio, or one HTTP
 * MCP session); the host behind it may serve many dojo sessions.
 */
export function createDojoMcpServer(host: SessionHost, options: { log?: DoorLog; tools?: readonly DoorTool[] } = {}): McpServer {
  const server = new McpServer({ name: 'ftdojo', version: FTDOJO_VERSION }, { instructions: INSTRUCTIONS });
  const client = (): DoorClient => ({ name: server.server.getClientVersion()?.name ?? 'mcp-client' });
  for (const tool of options.tools ?? SESSION_TOOLS) {
    server.registerTool(tool.name, { title: tool.title, description: tool.description, inputSchema: tool.input }, async (args: Record<string, unknown>) => {
      const outcome = await callDoorTool(host, tool, args, client(), options.log);
      return outcome.ok
        ? toolResult(outcome.value)
        : { isError: true, content: [{ type: 'text' as const, text: doorErrorText(outcome.error) }], structuredContent: { error: outcome.error } };
    });
  }
  return server;
}
