import type { ChatModel, ChatRequest, ChatResponse } from './chat-model.js';

/**
 * Tool calling over the OpenAI chat-completions shape: the model is offered functions (name,
 * description, JSON-schema parameters) and answers either with text or with calls to them, whose
 * results go back as `tool` messages. A general agent (agent/react) drives a session with it.
 */
export interface ChatTool {
  /** OpenAI's rule: ^[a-zA-Z0-9_-]{1,64}$. */
  name: string;
  description: string;
  /** A JSON schema of an object: the call's arguments. */
  parameters: Record<string, unknown>;
}

export interface ChatToolCall {
  /** The provider's id; the result's `tool` message names it. */
  id: string;
  name: string;
  /** The arguments as the model wrote them: JSON text, which the caller parses (a model may write it wrong). */
  arguments: string;
}

export type ToolChatMessage =
  | { role: 'system' | 'user'; content: string }
  /** `content` is '' when the model only called tools. */
  | { role: 'assistant'; content: string; toolCalls?: readonly ChatToolCall[] | undefined }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ToolChatRequest extends Omit<ChatRequest, 'messages' | 'responseFormat'> {
  messages: readonly ToolChatMessage[];
  tools: readonly ChatTool[];
  /** 'auto' when absent (the provider's default): sent only when given, since some servers refuse the field. */
  toolChoice?: 'auto' | 'required' | 'none' | undefined;
  /** Sent only when given, for the same reason. */
  parallelToolCalls?: boolean | undefined;
}

export interface ToolChatResponse extends ChatResponse {
  /** The calls the model made, in order; empty when it answered with text. */
  toolCalls: ChatToolCall[];
}

/** A chat model that can also be offered tools. */
export interface ToolChatModel extends ChatModel {
  /** One reply, text or tool calls; failures as in `complete` (faults throw, refusals are data). */
  completeWithTools(request: ToolChatRequest): Promise<ToolChatResponse>;
}

/** The messages in OpenAI's wire shape. */
export function toWireMessages(messages: readonly ToolChatMessage[]): Record<string, unknown>[] {
  return messages.map((message) => {
    if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    if (message.role === 'assistant' && message.toolCalls?.length)
      return {
        role: 'assistant',
        // null, not '': what OpenAI itself sends back for a reply that only called tools.
        content: message.content || null,
        tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
      };
    return { role: message.role, content: message.content };
  });
}

/** The request fields tool calling adds to a chat-completions body. */
export function toolRequestFields(request: ToolChatRequest): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    messages: toWireMessages(request.messages),
    tools: request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } })),
  };
  if (request.toolChoice !== undefined) fields.tool_choice = request.toolChoice;
  if (request.parallelToolCalls !== undefined) fields.parallel_tool_calls = request.parallelToolCalls;
  return fields;
}
