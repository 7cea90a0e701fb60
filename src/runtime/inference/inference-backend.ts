import type { ModelRef } from '../../core/index.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One prompt to answer. Ids are unique within a call; outputs come back under the same id. */
export interface GenerationRequest {
  id: string;
  messages: ChatMessage[];
}

export interface GenerationProgress {
  done: number;
  total: number;
  samplesPerSecond: number;
  tokensPerSecond: number;
}

export interface GenerationOptions {
  maxNewTokens: number;
  /** Requests per forward pass (local) or requests in flight (endpoint); the backend's default when absent. */
  batchSize?: number | undefined;
  seed?: number | undefined;
  /**
   * A folder the backend may keep its files in (requests, outputs written as they finish, a log).
   * Calling again with the same folder and the same settings resumes: finished ids are not generated again.
   */
  workDir?: string | undefined;
  onProgress?: ((progress: GenerationProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Constrained choice decoding: each output is one of these options (e.g. ["A", "B", "C", "D"]),
   * the one whose token the model ranks highest after the prompt, read from one forward pass
   * instead of generated. Only for a backend whose `constrainsChoices` is true; absent: free greedy generation.
   */
  choices?: readonly string[] | undefined;
}

/** How the outputs were made: free greedy generation, or the best of the options (constrained choice decoding). */
export type GenerationDecoding = { mode: 'free' } | { mode: 'choice'; choices: string[] };

/**
 * Why generation ended: the model stopped (eos / stop word), hit maxNewTokens, or the request failed
 * on its own (e.g. the endpoint refused a prompt longer than its context): an outcome, not a fault.
 */
export type FinishReason = 'stop' | 'length' | 'error';

export interface GenerationOutput {
  id: string;
  output: string;
  promptTokens: number | null;
  /** Generated tokens, the stop token included. */
  outputTokens: number | null;
  finishReason: FinishReason;
  /** Set with finishReason 'error'. */
  error?: string | undefined;
}

/** The prompt text around a single user turn, and its hash: what makes two prompt formats the same. */
export interface ChatTemplateFacts {
  /** e.g. "llamafactory:smollm2" or "tokenizer-chat-template". */
  name: string;
  /** sha256 of `rendered`. */
  sha256: string;
  /** The system prompt the format was asked for (null: the template's own default). */
  system: string | null;
  /** The template rendered for one user turn whose content is "{{content}}". */
  rendered: string;
  /** sha256 of the chat template's source, when the tokenizer's template is used. */
  sourceSha256?: string | null | undefined;
}

/** Where generation ran: transformers in a local process, vLLM in a local process, or a server. */
export type GenerationBackendName = 'hf' | 'vllm' | 'endpoint';

/** What an evaluation fingerprint records of the engine that generated. */
export interface EngineFacts {
  engine: 'transformers' | 'vllm' | 'openai-compatible';
  /** Which backend generated (hf when absent, for facts made before it was recorded). */
  backend?: GenerationBackendName | undefined;
  /** Package versions (python, torch, transformers, peft ...) or what the server reports. */
  versions: Record<string, string>;
  device: string;
  dtype: string | null;
  threads: number | null;
  /** Null when the server applies a template we cannot see. */
  chatTemplate: ChatTemplateFacts | null;
  modelSha256: string | null;
  adapterSha256: string | null;
  /** The batch size actually used (1 for one-at-a-time). */
  batchSize: number;
  /** For an endpoint: the served model name, as the server reports it. */
  servedModel?: string | undefined;
}

export interface GenerationStats {
  seconds: number;
  loadSeconds: number | null;
  samples: number;
  /** Requests skipped because an earlier, interrupted call had finished them. */
  resumed: number;
  generatedTokens: number;
  samplesPerSecond: number;
  tokensPerSecond: number;
}

export interface GenerationResult {
  /** One per request, in request order. */
  outputs: GenerationOutput[];
  engine: EngineFacts;
  stats: GenerationStats;
  /** What the backend did; absent: free generation (a backend that cannot constrain says nothing). */
  decoding?: GenerationDecoding | undefined;
}

/** What generates: a local transformers process or an OpenAI-compatible server, behind one seam. */
export interface InferenceBackend {
  readonly name: string;
  /** The model this backend answers with, for reports. */
  readonly model: { ref: ModelRef | null; description: string };
  /** True when `generate` honours `choices` (a local process: it sees the logits); an endpoint cannot. */
  readonly constrainsChoices?: boolean | undefined;
  generate(requests: GenerationRequest[], options: GenerationOptions): Promise<GenerationResult>;
  /**
   * The engine facts `generate` with these options would record (weights' sha256, prompt template,
   * versions), found without loading the model or generating: what a kept evaluation is checked
   * against before it is reused. Absent where they cannot be known beforehand (an endpoint).
   */
  describe?(options: GenerationOptions): Promise<EngineFacts>;
}
