import { z } from 'zod';
import type { ChatFinishReason } from './chat-model.js';
import type { ChatToolCall } from './tool-chat.js';

/** What one 2xx answer said, before usage is priced. */
export interface ReadCompletion {
  content: string;
  refusal: string | null;
  finishReason: ChatFinishReason;
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
  servedModel: string | null;
  /** The tool calls in the reply; empty when it has none. */
  toolCalls: ChatToolCall[];
}

// Some servers send content as a list of parts rather than a string.
const Content = z.union([z.string(), z.array(z.object({ text: z.string().nullish() }).passthrough())]).nullish();

// Ollama and some proxies send the arguments as an object, not JSON text; a missing id gets one.
const ToolCall = z
  .object({
    id: z.string().nullish(),
    function: z.object({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish() }).passthrough(),
  })
  .passthrough();

const CompletionSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z
        .object({
          message: z.object({ content: Content, refusal: z.string().nullish(), tool_calls: z.array(ToolCall).nullish() }).passthrough(),
          finish_reason: z.string().nullish(),
        })
        .passthrough(),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).passthrough().nullish(),
});

export const FINISH_REASONS: Record<string, ChatFinishReason> = {
  stop: 'stop',
  eos: 'stop',
  end_turn: 'stop',
  length: 'length',
  max_tokens: 'length',
  content_filter: 'content_filter',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
};

/** Tokens guessed from characters (about four each) for a server that reports no usage. */
const estimate = (text: string): number => Math.ceil(text.length / 4);

/** The chat completion in a 2xx body, or null when the body is not one (a proxy's page, a cut-off body). */
export function readChatCompletion(text: string, messages: readonly { content: string }[]): ReadCompletion | null {
  let parsed: z.infer<typeof CompletionSchema>;
  try {
    const result = CompletionSchema.safeParse(JSON.parse(text));
    if (!result.success) return null;
    parsed = result.data;
  } catch {
    return null;
  }
  const choice = parsed.choices[0]!;
  const raw = choice.message.content;
  const content = typeof raw === 'string' ? raw : (raw ?? []).map((part) => part.text ?? '').join('');
  const toolCalls = (choice.message.tool_calls ?? []).map((call, index): ChatToolCall => ({
    id: call.id || `call-${index}`,
    name: call.function.name,
    arguments: typeof call.function.arguments === 'string' ? call.function.arguments : JSON.stringify(call.function.arguments ?? {}),
  }));
  const reported = parsed.usage;
  const promptTokens = reported?.prompt_tokens ?? null;
  const completionTokens = reported?.completion_tokens ?? null;
  return {
    content,
    refusal: choice.message.refusal ?? null,
    finishReason: choice.finish_reason ? (FINISH_REASONS[choice.finish_reason] ?? 'other') : 'stop',
    promptTokens: promptTokens ?? messages.reduce((sum, message) => sum + estimate(message.content), 0),
    completionTokens: completionTokens ?? estimate(content) + toolCalls.reduce((sum, call) => sum + estimate(call.name + call.arguments), 0),
    estimated: promptTokens === null || completionTokens === null,
    servedModel: parsed.model ?? null,
    toolCalls,
  };
}

/** The provider's own error message and code when it sent the OpenAI error shape, else the start of the body. */
export function readErrorBody(text: string): { message: string; code: string | null } {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } | string; detail?: unknown; message?: unknown };
    const error = typeof parsed.error === 'object' && parsed.error !== null ? parsed.error : null;
    const candidate = typeof parsed.error === 'string' ? parsed.error : (error?.message ?? parsed.detail ?? parsed.message);
    const code = typeof error?.code === 'string' ? error.code : null;
    if (typeof candidate === 'string' && candidate.trim()) return { message: candidate.trim().slice(0, 500), code };
    return { message: text.trim().slice(0, 300), code };
  } catch {
    // Not JSON: an HTML error page from a proxy, say.
    return { message: text.trim().slice(0, 300), code: null };
  }
}
