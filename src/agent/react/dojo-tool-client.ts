import type { DojoSession } from '../../core/index.js';
import type { ChatTool } from '../../llm/index.js';

/**
 * The little of an MCP client the react agent uses: the shape of the official SDK's Client
 * (listTools, callTool, close), so the composition root can hand over a real Client linked to the
 * door's server, and tests a small fake, without this layer importing the door or the SDK.
 */
export interface DojoToolDescription {
  name: string;
  description?: string | undefined;
  /** The JSON schema of the tool's arguments (an object schema). */
  inputSchema: Record<string, unknown>;
}

/** An MCP tool result: content blocks (text among them), maybe structured content, isError for a refused act. */
export interface DojoToolResult {
  content?: unknown;
  structuredContent?: unknown;
  isError?: unknown;
  [key: string]: unknown;
}

export interface DojoToolCallOptions {
  signal?: AbortSignal | undefined;
  /** Milliseconds before the client gives up on the answer (the SDK's default is 60 s: too short for await_experiment). */
  timeout?: number | undefined;
}

export interface DojoToolClient {
  listTools(): Promise<{ tools: readonly DojoToolDescription[] }>;
  /** `resultSchema` is the SDK's second parameter, always left to its default here. */
  callTool(params: { name: string; arguments: Record<string, unknown> }, resultSchema?: undefined, options?: DojoToolCallOptions): Promise<DojoToolResult>;
  close(): Promise<void>;
}

/** Links a client to the door's tools over the given session (the composition root's choice of transport). */
export type ConnectDojoTools = (session: DojoSession) => Promise<DojoToolClient>;

/** The tools as OpenAI function tools. */
export function chatToolsOf(tools: readonly DojoToolDescription[]): ChatTool[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description ?? tool.name,
    parameters: tool.inputSchema.type === 'object' ? tool.inputSchema : { type: 'object', properties: {} },
  }));
}

/** True when the tool's schema has a sessionId argument: the agent fills it in when the model leaves it out. */
export function takesSessionId(tool: DojoToolDescription): boolean {
  const properties = tool.inputSchema.properties;
  return typeof properties === 'object' && properties !== null && 'sessionId' in properties;
}

/** A tool result as the text the model reads, and whether the act was refused. */
export function readToolResult(result: DojoToolResult): { text: string; isError: boolean } {
  const blocks = Array.isArray(result.content) ? (result.content as { type?: unknown; text?: unknown }[]) : [];
  const parts = blocks.map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : `[${String(block.type)} content left out]`));
  let text = parts.join('\n');
  if (!text && result.structuredContent !== undefined) text = JSON.stringify(result.structuredContent);
  return { text: text || '(the tool answered nothing)', isError: result.isError === true };
}

/**
 * Cuts a long result to `limit` characters, keeping its start and its end (a feedback's verdict
 * and budget sit at the end), and says so, so the model knows to ask for less.
 */
export function boundText(text: string, limit: number): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  const head = Math.ceil((limit * 2) / 3);
  const tail = limit - head;
  const note = `\n[... ${text.length - limit} of ${text.length} characters left out here; ask for less (fewer rows, smaller pages) to see it all ...]\n`;
  return { text: text.slice(0, head) + note + (tail > 0 ? text.slice(-tail) : ''), truncated: true };
}
