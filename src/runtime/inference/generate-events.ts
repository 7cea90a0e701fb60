import { z } from 'zod';
import type { EngineFacts, GenerationDecoding } from './inference-backend.js';

/** The JSON lines generate.py prints on stdout (see its docstring). */
export const LoadedEventSchema = z.object({ event: z.literal('loaded'), load_s: z.number(), total: z.number(), resumed: z.number() });

export const ProgressEventSchema = z.object({
  event: z.literal('progress'),
  done: z.number(),
  total: z.number(),
  tokens_per_s: z.number(),
  samples_per_s: z.number(),
});

const ChatTemplateSchema = z.object({
  name: z.string(),
  system: z.string().nullable(),
  rendered: z.string(),
  sha256: z.string(),
  source_sha256: z.string().nullable(),
});

/** What loading the model established: engine, versions, template and weight hashes. */
export const EngineEventFieldsSchema = z.object({
  engine: z.enum(['transformers', 'vllm']),
  /** Which of generate.py's engines ran: transformers ('hf') or vLLM (absent from older scripts: hf). */
  backend: z.enum(['hf', 'vllm']).default('hf'),
  versions: z.record(z.string(), z.string()),
  device: z.string(),
  dtype: z.string(),
  threads: z.number(),
  chat_template: ChatTemplateSchema,
  stop_token_ids: z.array(z.number()),
  model_sha256: z.string().nullable(),
  adapter_sha256: z.string().nullable(),
  load_s: z.number(),
});
export type EngineEventFields = z.infer<typeof EngineEventFieldsSchema>;

/** generate.py's decoding: free, or constrained to options (with the tokens read for each); absent from older scripts: free. */
const DecodingEventSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('free') }),
  z.object({ mode: z.literal('choice'), choices: z.array(z.string()).min(2), token_ids: z.record(z.string(), z.array(z.number())) }),
]);

export const DoneEventSchema = EngineEventFieldsSchema.extend({
  event: z.literal('done'),
  batch_size: z.number(),
  batches: z.number(),
  padding_tolerance: z.number().nullable(),
  one_at_a_time: z.boolean(),
  max_new_tokens: z.number(),
  decoding: DecodingEventSchema.default({ mode: 'free' }),
  seed: z.number(),
  samples: z.number(),
  resumed: z.number(),
  generated_tokens: z.number(),
  prompt_tokens: z.number(),
  seconds: z.number(),
  tokens_per_s: z.number().nullable(),
  samples_per_s: z.number().nullable(),
});
export type DoneEvent = z.infer<typeof DoneEventSchema>;

/** describe_engine.py's line: the engine facts a generate.py run would record, without generating. */
export const DescribedEventSchema = EngineEventFieldsSchema.extend({ event: z.literal('described'), batch_size: z.number() });
export type DescribedEvent = z.infer<typeof DescribedEventSchema>;

/** What a fingerprint records of the engine, from generate.py's (or describe_engine.py's) line. */
export function engineFactsOf(fields: EngineEventFields, batchSize: number): EngineFacts {
  const template = fields.chat_template;
  return {
    engine: fields.engine,
    backend: fields.backend,
    versions: fields.versions,
    device: fields.device,
    dtype: fields.dtype,
    threads: fields.threads,
    chatTemplate: { name: template.name, sha256: template.sha256, system: template.system, rendered: template.rendered, sourceSha256: template.source_sha256 },
    modelSha256: fields.model_sha256,
    adapterSha256: fields.adapter_sha256,
    batchSize,
  };
}

export function decodingOf(done: DoneEvent): GenerationDecoding {
  return done.decoding.mode === 'choice' ? { mode: 'choice', choices: done.decoding.choices } : { mode: 'free' };
}

/** One line of the outputs file. */
export const OutputLineSchema = z.object({
  id: z.string(),
  output: z.string(),
  prompt_tokens: z.number(),
  output_tokens: z.number(),
  finish_reason: z.enum(['stop', 'length']),
});

/** Parses a stdout line as JSON, or null for anything else (a library that printed to stdout). */
export function parseEventLine(line: string): ({ event: string } & Record<string, unknown>) | null {
  if (!line.startsWith('{')) return null;
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && typeof (value as { event?: unknown }).event === 'string'
      ? (value as { event: string } & Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
