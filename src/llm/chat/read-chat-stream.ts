import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import type { ChatFinishReason } from './chat-model.js';
import { FINISH_REASONS, type ReadCompletion } from './read-chat-completion.js';

/** One streamed chunk: the OpenAI shape, tolerant of the fields servers leave out. */
const ChunkSchema = z
  .object({
    model: z.string().nullish(),
    choices: z
      .array(
        z
          .object({
            delta: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }).passthrough().nullish(),
            finish_reason: z.string().nullish(),
          })
          .passthrough(),
      )
      .nullish(),
    usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).passthrough().nullish(),
    error: z.unknown().optional(),
  })
  .passthrough();

export interface StreamReading {
  /** Content so far → whether to stop reading (the reply is complete enough). */
  enough?: ((contentSoFar: string) => boolean) | undefined;
  onChunk?: ((tokens: number) => void) | undefined;
  /**
   * Stops the reading when it fires, throwing its reason. The body is cancelled here, not only
   * through the signal given to fetch: measured under --expose-gc with collections during a long
   * stream, aborting fetch's signal did not end the body read, which waited past its deadline.
   */
  signal?: AbortSignal | undefined;
}

export interface StreamRead extends ReadCompletion {
  /** Reading stopped because `enough` held, before the server finished. */
  stoppedEarly: boolean;
}

/** The stream ended without any chunk a chat completion has: not a chat stream at all. */
export class NotAChatStream extends Error {}

const estimate = (text: string): number => Math.ceil(text.length / 4);

/**
 * Reads a server-sent-events chat completion (`stream: true`) as it arrives, with
 * eventsource-parser doing the SSE framing: content deltas are joined, the last usage chunk
 * (stream_options.include_usage) is kept, and reading stops at `[DONE]`, at the end of the body,
 * or as soon as `enough` says the content is complete: the caller then cancels the rest.
 */
export async function readChatStream(
  body: ReadableStream<Uint8Array>,
  messages: readonly { content: string }[],
  reading: StreamReading = {},
): Promise<StreamRead> {
  let content = '';
  let refusal: string | null = null;
  let finish: ChatFinishReason | null = null;
  let served: string | null = null;
  let usage: { prompt: number | null; completion: number | null } = { prompt: null, completion: null };
  let chunks = 0;
  let done = false;
  let stoppedEarly = false;
  let sawChunk = false;
  const parser = createParser({
    onEvent(event) {
      if (done) return;
      if (event.data.trim() === '[DONE]') {
        done = true;
        return;
      }
      let parsed: z.infer<typeof ChunkSchema>;
      try {
        const result = ChunkSchema.safeParse(JSON.parse(event.data));
        if (!result.success) return;
        parsed = result.data;
      } catch {
        return;
      }
      if (parsed.error !== undefined) throw new NotAChatStream(`the stream carried an error: ${JSON.stringify(parsed.error).slice(0, 300)}`);
      sawChunk = true;
      served = parsed.model ?? served;
      if (parsed.usage) usage = { prompt: parsed.usage.prompt_tokens ?? usage.prompt, completion: parsed.usage.completion_tokens ?? usage.completion };
      const choice = parsed.choices?.[0];
      if (!choice) return;
      const delta = choice.delta?.content ?? '';
      if (choice.delta?.refusal) refusal = (refusal ?? '') + choice.delta.refusal;
      if (choice.finish_reason) finish = FINISH_REASONS[choice.finish_reason] ?? 'other';
      if (delta) {
        content += delta;
        chunks += 1;
        reading.onChunk?.(chunks);
        // Only a closing bracket can complete a JSON value: the check runs on those chunks alone.
        if (reading.enough && /[}\]]/.test(delta) && reading.enough(content)) {
          stoppedEarly = true;
          done = true;
        }
      }
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const onAbort = () => void reader.cancel(reading.signal?.reason).catch(() => undefined);
  reading.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (!done) {
      reading.signal?.throwIfAborted();
      const { value, done: ended } = await reader.read();
      reading.signal?.throwIfAborted();
      if (ended) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    reading.signal?.removeEventListener('abort', onAbort);
    // Stopping early (or failing) cancels the rest of the body: the server sees the client leave.
    if (!done || stoppedEarly) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  if (!sawChunk) throw new NotAChatStream('the stream ended without a chat completion chunk');
  return {
    content,
    refusal,
    finishReason: stoppedEarly ? 'stop' : (finish ?? 'stop'),
    promptTokens: usage.prompt ?? messages.reduce((sum, message) => sum + estimate(message.content), 0),
    completionTokens: usage.completion ?? Math.max(chunks, estimate(content)),
    estimated: usage.prompt === null || usage.completion === null,
    servedModel: served,
    toolCalls: [],
    stoppedEarly,
  };
}
