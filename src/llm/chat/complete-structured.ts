import { z } from 'zod';
import { FtdojoError } from '../../core/index.js';
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse, ChatResponseFormat, StructuredOutputMode } from './chat-model.js';
import { ChatModelError, isChatModelError, type StructuredProblem } from './chat-model-error.js';
import { addChatUsage, NO_USAGE, type ChatUsage } from './chat-usage.js';
import { extractJson } from './extract-json.js';
import { schemaTokenBudget } from './schema-token-budget.js';

export interface StructuredOptions {
  /** How to ask for JSON; default: what the model says it supports (model.structuredOutput), else 'prompt'. */
  mode?: StructuredOutputMode | undefined;
  /** Times to re-ask with the problems listed after the first reply fails (default 2, so 3 tries). */
  maxRepairs?: number | undefined;
  /** The schema's name in response_format (default 'response'). */
  schemaName?: string | undefined;
  /** Ask the provider to enforce the schema exactly (OpenAI's strict mode, which allows fewer schemas). */
  strict?: boolean | undefined;
}

export interface StructuredResult<T> {
  value: T;
  /** Replies it took, the first included. */
  attempts: number;
  /** Every call's usage, summed. */
  usage: ChatUsage;
  /** What was wrong with the replies before the one that worked. */
  problems: StructuredProblem[];
  /** How the answer was asked for: 'prompt' when the server refused or ignored the mode asked first. */
  mode: StructuredOutputMode;
}

const SCHEMA_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const REPLY_SAMPLE_CHARS = 500;

/**
 * Asks `model` for a value matching `schema` (STYLE.md §8): requests JSON in the way `mode` says,
 * takes the JSON out of the reply (fences and prose around it are fine), validates it, and on a
 * failure re-asks with the validation errors appended, up to maxRepairs times. A refusal ends it
 * at once (ChatModelError 'refused'); running out of repairs throws 'invalid-output' listing
 * every try's problem. Faults of the call itself (a wrong key, a provider that stays down) pass through.
 *
 * Bounded by design: max_tokens comes from the schema (schemaTokenBudget) unless the request sets
 * it; a streamed reply is read only until a value matching the schema has arrived; the request's
 * deadline covers every try (ChatModelError 'deadline', with the problems so far). A server that
 * refuses response_format, or ignores it (a reply with no JSON at all), is asked with the schema in
 * the prompt from then on, and the model is told (structuredOutputIgnored) for its later calls.
 */
export async function completeStructured<T>(
  model: ChatModel,
  request: ChatRequest,
  schema: z.ZodType<T>,
  options: StructuredOptions = {},
): Promise<StructuredResult<T>> {
  const maxRepairs = options.maxRepairs ?? 2;
  if (!Number.isInteger(maxRepairs) || maxRepairs < 0)
    throw new FtdojoError('INTERNAL', `completeStructured's maxRepairs must be a whole number, 0 or more, not ${maxRepairs}`);
  const schemaName = options.schemaName ?? 'response';
  if (!SCHEMA_NAME.test(schemaName))
    throw new FtdojoError('INTERNAL', `completeStructured's schemaName ${JSON.stringify(schemaName)} must match ${SCHEMA_NAME.source}`);
  const jsonSchema = toJsonSchema(schema);
  const problems: StructuredProblem[] = [];
  let mode = options.mode ?? model.structuredOutput ?? 'prompt';
  const formatOf = (asked: StructuredOutputMode): ChatResponseFormat | undefined =>
    asked === 'json-schema'
      ? { type: 'json_schema', name: schemaName, schema: jsonSchema, strict: options.strict }
      : asked === 'json-object'
        ? { type: 'json_object' }
        : undefined;
  let messages: ChatMessage[] = mode === 'json-schema' ? [...request.messages] : withInstructions(request.messages, jsonSchema);
  // Falls back to describing the schema in the prompt when the server refuses or ignores the asked format.
  const weaken = () => {
    model.structuredOutputIgnored?.(mode);
    if (mode === 'json-schema') messages = withInstructions(messages, jsonSchema);
    mode = 'prompt';
  };
  const maxTokens = request.maxTokens ?? schemaTokenBudget(jsonSchema);
  const enough = request.enough ?? ((content: string) => check(content, schema).ok);
  let usage = NO_USAGE;

  for (let attempt = 1; attempt <= maxRepairs + 1; attempt += 1) {
    let response: ChatResponse;
    try {
      response = await model.complete({ ...request, messages, maxTokens, enough, responseFormat: formatOf(mode) });
    } catch (error) {
      if (isChatModelError(error, 'rejected') && mode !== 'prompt' && /response_format|json_schema|json_object|schema/i.test(error.message)) {
        weaken();
        attempt -= 1;
        continue;
      }
      if (isChatModelError(error, 'deadline'))
        throw new ChatModelError('deadline', error.message, { hint: error.hint, problems, usage: addChatUsage(usage, error.usage), cause: error });
      throw error;
    }
    usage = addChatUsage(usage, response.usage);
    if (response.refusal !== null || response.finishReason === 'content_filter') {
      const said = response.refusal ?? 'the provider withheld the reply (content filter)';
      throw new ChatModelError('refused', `${model.name} refused on try ${attempt}: ${said}`, {
        hint: 'rephrase the request, or choose another model with FTDOJO_AGENT_LLM_MODEL',
        problems,
        usage,
      });
    }
    const checked = check(response.content, schema);
    if (checked.ok) return { value: checked.value, attempts: attempt, usage, problems, mode };
    const cutOff = response.finishReason === 'length' ? ` (the reply was cut off at the token limit of ${maxTokens})` : '';
    const problem: StructuredProblem = {
      attempt,
      kind: checked.kind,
      message: `${checked.message}${cutOff}`,
      reply: response.content.slice(0, REPLY_SAMPLE_CHARS),
    };
    problems.push(problem);
    messages = [...messages, { role: 'assistant', content: response.content }, { role: 'user', content: repairPrompt(problem) }];
    // Prose without a bracket to a request that asked the server for JSON: it ignores response_format.
    if (mode !== 'prompt' && !/[{[]/.test(response.content)) weaken();
  }
  const listed = problems.map((problem) => `try ${problem.attempt}: ${problem.message}`).join('\n');
  throw new ChatModelError('invalid-output', `${model.name} gave no reply matching the schema in ${maxRepairs + 1} tries:\n${listed}`, {
    hint: 'use a stronger model (FTDOJO_AGENT_LLM_MODEL), or FTDOJO_AGENT_LLM_RESPONSE_FORMAT=json-schema if the provider supports it',
    problems,
    usage,
  });
}

type Checked<T> = { ok: true; value: T } | { ok: false; kind: StructuredProblem['kind']; message: string };

/** The first JSON value in the reply that matches; otherwise the issues of the first one found. */
function check<T>(content: string, schema: z.ZodType<T>): Checked<T> {
  const extracted = extractJson(content);
  if (extracted.values.length === 0) {
    const why = extracted.error ? `no valid JSON in the reply (${extracted.error})` : 'no JSON in the reply';
    return { ok: false, kind: 'no-json', message: why };
  }
  let firstIssues: string | null = null;
  for (const value of extracted.values) {
    const parsed = schema.safeParse(value);
    if (parsed.success) return { ok: true, value: parsed.data };
    firstIssues ??= describeIssues(parsed.error);
  }
  return { ok: false, kind: 'schema', message: `the JSON does not match the schema:\n${firstIssues ?? ''}` };
}

/** One line per issue, with where it is: "- plan.steps.0.name: Invalid input: expected string, received number". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 20)
    .map((issue) => `- ${issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'}: ${issue.message}`)
    .join('\n');
}

function repairPrompt(problem: StructuredProblem): string {
  return `That reply could not be used: ${problem.message}\n\nReply again with only the corrected JSON, matching the schema, and no other text.`;
}

function withInstructions(messages: readonly ChatMessage[], jsonSchema: Record<string, unknown>): ChatMessage[] {
  const instructions = `Answer with a single JSON value that matches this JSON Schema, and no other text:\n${JSON.stringify(jsonSchema)}`;
  // Into the first system message: many chat templates (Llama, Mistral) refuse a system message anywhere else.
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${instructions}` }, ...rest];
  return [{ role: 'system', content: instructions }, ...messages];
}

function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  // The model writes what the schema reads (its input side); parts JSON Schema cannot say are left open.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}
