import { createHash } from 'node:crypto';
import { z } from 'zod';
import { estimatePromptTokens } from './estimate-tokens.js';
import type { GatewayFailure } from './gateway-failure.js';

export type MaxTokensParameter = 'max_tokens' | 'max_completion_tokens';

export interface ModelPolicy {
  /** Sent when the client names no model. */
  defaultModel: string;
  /** Names a client may ask for; the default is always among them. */
  allowedModels: readonly string[];
  /** The parameter that carries the cap upstream when the client sent neither. */
  maxTokensParameter: MaxTokensParameter;
}

/** A checked chat request, ready to forward once the budget sets its max tokens. */
export interface PreparedChatRequest {
  /** The client's body with the model filled in; `maxTokensParameter` is set by the caller. */
  body: Record<string, unknown>;
  model: string;
  maxTokensParameter: MaxTokensParameter;
  /** The smaller of max_tokens and max_completion_tokens as the client sent them; null for neither. */
  requestedMaxTokens: number | null;
  /** `n`: completions asked for. */
  choices: number;
  messages: unknown[];
  promptEstimate: number;
  promptSha256: string;
}

export type PrepareOutcome =
  | { ok: true; request: PreparedChatRequest }
  | { ok: false; failure: GatewayFailure; model: string | null; promptSha256: string | null; messages: unknown[] | null };

const ChatRequestSchema = z.looseObject({
  model: z.string().min(1).optional(),
  messages: z.array(z.looseObject({ role: z.string().min(1) })).min(1),
  stream: z.boolean().nullish(),
  n: z.number().int().min(1).max(64).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  tools: z.unknown().optional(),
});

export function promptSha256(messages: unknown): string {
  return createHash('sha256').update(JSON.stringify(messages)).digest('hex');
}

/** Parses and checks a POST /v1/chat/completions body against the gateway's rules. */
export function prepareChatRequest(text: string, policy: ModelPolicy): PrepareOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const message = `the request body is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`;
    return refuse({ status: 400, type: 'invalid_json', message: `${message}; send a JSON chat-completion request` });
  }
  const parsed = ChatRequestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
    const message = `not a chat-completion request: ${problems}; send {"messages": [{"role": "user", "content": "..."}], ...}`;
    return refuse({ status: 400, type: 'invalid_request_error', message });
  }
  const body = parsed.data;
  const messages = body.messages as unknown[];
  const sha = promptSha256(messages);
  const model = body.model ?? policy.defaultModel;
  if (!policy.allowedModels.includes(model)) {
    const message = `the model ${JSON.stringify(model)} is not available through this gateway; use one of ${policy.allowedModels.map((name) => JSON.stringify(name)).join(', ')} (or leave out "model" for ${JSON.stringify(policy.defaultModel)})`;
    return { ok: false, failure: { status: 400, type: 'model_not_allowed', message }, model, promptSha256: sha, messages };
  }
  if (body.stream === true) {
    const message = 'this gateway does not stream: leave out "stream" (or send false) and read the whole reply';
    return { ok: false, failure: { status: 400, type: 'streaming_not_supported', message }, model, promptSha256: sha, messages };
  }
  const asked = [body.max_tokens, body.max_completion_tokens].filter((value): value is number => typeof value === 'number');
  const maxTokensParameter: MaxTokensParameter =
    typeof body.max_completion_tokens === 'number' ? 'max_completion_tokens' : typeof body.max_tokens === 'number' ? 'max_tokens' : policy.maxTokensParameter;
  const forward: Record<string, unknown> = { ...body, model };
  // One cap goes upstream, under one name: some servers refuse requests that carry both.
  delete forward.max_tokens;
  delete forward.max_completion_tokens;
  return {
    ok: true,
    request: {
      body: forward,
      model,
      maxTokensParameter,
      requestedMaxTokens: asked.length > 0 ? Math.min(...asked) : null,
      choices: body.n ?? 1,
      messages,
      promptEstimate: estimatePromptTokens(messages, body.tools),
      promptSha256: sha,
    },
  };
}

function refuse(failure: GatewayFailure): PrepareOutcome {
  return { ok: false, failure, model: null, promptSha256: null, messages: null };
}
