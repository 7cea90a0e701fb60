import type { ChatUsage } from './chat-usage.js';

/**
 * The seam between the agent and a chat model (STYLE.md §2): the planner and the analyst know only
 * this interface; providers (createOpenAiCompatibleChatModel, test doubles) implement it.
 */
export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/**
 * How a provider is asked for JSON, best first: 'json-schema' sends the schema as
 * response_format (OpenAI, vLLM, Ollama, LM Studio); 'json-object' asks for any JSON object
 * (DeepSeek) and describes the schema in the prompt; 'prompt' only describes it in the prompt.
 */
export type StructuredOutputMode = 'json-schema' | 'json-object' | 'prompt';

export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  /** `name` must match ^[a-zA-Z0-9_-]{1,64}$ (OpenAI's rule). */
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean | undefined };

export interface ChatRequest {
  messages: readonly ChatMessage[];
  temperature?: number | undefined;
  /** The most tokens the reply may have. */
  maxTokens?: number | undefined;
  responseFormat?: ChatResponseFormat | undefined;
  /** Cancels the call, and any retry waiting to be made; not itself retried. */
  signal?: AbortSignal | undefined;
  /**
   * When the call must be over (ms since the epoch, Date.now's clock), retries included: a request
   * still running then is cut off and no retry starts that could not finish, and the call fails
   * with reason 'deadline' (call-deadline.ts derives it from a run's budget).
   */
  deadline?: number | undefined;
  /** Told as a streamed reply arrives (and once at the end of one that is not streamed). */
  onProgress?: ((progress: ChatProgress) => void) | undefined;
  /**
   * Read so far → whether the reply is complete enough: a streamed reply stops being read as soon
   * as this holds (completeStructured: a JSON value matching the schema has arrived), so a model
   * that goes on talking after its answer costs nothing more.
   */
  enough?: ((contentSoFar: string) => boolean) | undefined;
}

/** Where a call stands while its reply arrives. */
export interface ChatProgress {
  /** Content tokens received so far (streamed chunks; estimated from characters otherwise). */
  tokens: number;
  elapsedMs: number;
  /** The call's deadline (ms since the epoch), or null. */
  deadline: number | null;
}

/** 'content_filter': the provider withheld the reply; 'other' covers anything providers add. */
export type ChatFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'other';

export interface ChatResponse {
  /** The reply's text ('' when the model refused or sent none). */
  content: string;
  /** The model's refusal message (OpenAI's `message.refusal`), or null. */
  refusal: string | null;
  finishReason: ChatFinishReason;
  usage: ChatUsage;
  /** The model that answered, as the provider names it. */
  model: string;
  /** HTTP requests this call took, retries included. */
  httpAttempts: number;
  durationMs: number;
  /** Whether the reply was streamed, and whether reading stopped early because `enough` held. */
  streamed?: boolean | undefined;
  stoppedEarly?: boolean | undefined;
}

export interface ChatModel {
  /** For logs and run records, e.g. "gpt-4o-mini@api.openai.com". */
  readonly name: string;
  /**
   * The best way this provider can be asked for JSON; completeStructured uses 'prompt' when absent.
   * It may fall as calls learn what the server does not honour (structuredOutputIgnored).
   */
  readonly structuredOutput?: StructuredOutputMode | undefined;
  /**
   * Told by completeStructured that the server refused or silently ignored `mode` (a reply with no
   * JSON at all to a json_schema request): later calls ask in the next weaker way.
   */
  structuredOutputIgnored?(mode: StructuredOutputMode): void;
  /**
   * One reply. A refusal is data (refusal / finishReason 'content_filter'); exceptions are for
   * faults: a wrong key, URL or model, or a provider still failing after the retries.
   */
  complete(request: ChatRequest): Promise<ChatResponse>;
}

/** One line for the run's records, per successful call (retries included in httpAttempts). */
export interface ChatUsageRecord extends ChatUsage {
  time: string;
  /** The ChatModel's name. */
  modelName: string;
  /** The model that answered, as the provider names it. */
  servedModel: string;
  finishReason: ChatFinishReason;
  httpAttempts: number;
  durationMs: number;
}
