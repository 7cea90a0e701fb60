import { FtdojoError } from '../core/index.js';
import type { Environment } from './environment-values.js';
import { expandPath, nonEmpty } from './environment-values.js';

/** How the agent asks its model for JSON; the same names as the llm layer's StructuredOutputMode. */
export type AgentLlmResponseFormat = 'json-schema' | 'json-object' | 'prompt';

/**
 * The model FT-Agent's planner and analyst talk to, resolved once at the edge: an
 * OpenAI-compatible provider, a local GGUF file run in-process (fully offline), or 'heuristic'
 * (the built-in planner that needs no model).
 */
export type AgentLlmConfig = HeuristicAgentLlmConfig | OpenAiCompatibleAgentLlmConfig | LocalGgufAgentLlmConfig;

export interface HeuristicAgentLlmConfig {
  kind: 'heuristic';
  /** 'flag': --llm heuristic; 'unconfigured': no provider is set. */
  reason: 'flag' | 'unconfigured';
}

/**
 * How long the agent's LLM calls may take: a planning step (every call, re-ask and repair) may use
 * `share` of the run's time left, and never more than `capSeconds`.
 */
export interface AgentLlmCallTime {
  /** FTDOJO_AGENT_LLM_CALL_SHARE (default 0.1). */
  share: number;
  /** FTDOJO_AGENT_LLM_PLAN_SECONDS (default 300). */
  capSeconds: number;
}

/**
 * Who writes an experiment's code when the agent has a model: the model itself (`llm`, the
 * paper's FT-Agent: drafts validated by the dojo and repaired from its diagnostics) or the
 * reviewed template filled from the typed strategy (`template`).
 */
export interface AgentCoderConfig {
  /** FTDOJO_AGENT_CODER (default llm). */
  kind: 'llm' | 'template';
  /** FTDOJO_AGENT_CODER_REPAIRS: repair rounds after the first draft (default 3). */
  repairRounds: number;
}

export interface OpenAiCompatibleAgentLlmConfig {
  kind: 'openai-compatible';
  coder: AgentCoderConfig;
  baseUrl: string;
  apiKey: string | null;
  /** Null when none is named: the composition root asks the server and takes its only model. */
  model: string | null;
  callTime: AgentLlmCallTime;
  /** FTDOJO_AGENT_LLM_TIMEOUT_MS: one HTTP request's limit (default 180000). */
  timeoutMs: number;
  /** FTDOJO_AGENT_LLM_MAX_RETRIES: retries of 429, 5xx, timeouts and network errors (default 4). */
  maxRetries: number;
  /** FTDOJO_AGENT_LLM_RESPONSE_FORMAT (default json-schema; json-object for DeepSeek, which has no json_schema). */
  responseFormat: AgentLlmResponseFormat;
  /** FTDOJO_AGENT_LLM_INPUT_PRICE and FTDOJO_AGENT_LLM_OUTPUT_PRICE: US dollars per million tokens. */
  price: { inputPerMillion: number; outputPerMillion: number } | null;
  /** Where each setting came from (a variable or flag name), for messages; never the key itself. */
  sources: { baseUrl: string; apiKey: string | null; model: string | null };
}

export interface LocalGgufAgentLlmConfig {
  kind: 'local-gguf';
  coder: AgentCoderConfig;
  /** --llm gguf:<path> or FTDOJO_AGENT_LLM_GGUF, as an absolute path. */
  modelPath: string;
  /** FTDOJO_AGENT_LLM_GGUF_CONTEXT_SIZE: tokens of prompt and reply together (default 8192, capped at the model's own). */
  contextSize: number;
  /** FTDOJO_AGENT_LLM_GGUF_THREADS: CPU threads; null lets node-llama-cpp choose (one per core). */
  threads: number | null;
  /** FTDOJO_AGENT_LLM_RESPONSE_FORMAT (default json-schema, which a grammar enforces). */
  responseFormat: AgentLlmResponseFormat;
  callTime: AgentLlmCallTime;
  /** Where the path came from, for messages. */
  sources: { modelPath: '--llm' | 'FTDOJO_AGENT_LLM_GGUF' };
}

/** Command-line flags that override the environment. */
export interface AgentLlmFlags {
  /** --llm <url|gguf:path|heuristic>: the agent's provider's base URL, a local GGUF file, or the built-in planner. */
  llm?: string | undefined;
}

const RESPONSE_FORMATS: readonly AgentLlmResponseFormat[] = ['json-schema', 'json-object', 'prompt'];
const HEURISTIC_HINT = 'or unset them (or pass --llm heuristic) to use the built-in planner, which needs no model';
const GGUF_PREFIX = 'gguf:';

/** The first of several named settings that is set, with its name. */
function first(...candidates: [name: string, value: string | undefined][]): { name: string; value: string } | undefined {
  for (const [name, value] of candidates) if (value !== undefined) return { name, value };
  return undefined;
}

/**
 * Resolves the agent's model: --llm wins over FTDOJO_AGENT_LLM_*, which win over the FTDOJO_LLM_*
 * variables the LLM gateway also reads (so by default the agent and the gateway share a provider).
 * `--llm gguf:<path>` or FTDOJO_AGENT_LLM_GGUF picks a local GGUF model; with FTDOJO_AGENT_LLM_BASE_URL
 * as well it is refused, since both name the agent's own provider.
 * Nothing configured gives 'heuristic'; a half-configured provider is refused with what to set. A
 * base URL without a model name leaves `model` null: the server's only model is used (asked at the edge).
 * FTDOJO_LLM_API_KEY goes only to FTDOJO_LLM_BASE_URL: an agent-only URL takes FTDOJO_AGENT_LLM_API_KEY
 * or none, so a key is never sent to a host it was not given for.
 */
export function resolveAgentLlmConfig(env: Environment, flags: AgentLlmFlags = {}): AgentLlmConfig {
  const flag = nonEmpty(flags.llm);
  if (flag?.toLowerCase() === 'heuristic') return { kind: 'heuristic', reason: 'flag' };
  const timeoutMs = wholeNumber(env, 'FTDOJO_AGENT_LLM_TIMEOUT_MS', 180_000, 1);
  const maxRetries = wholeNumber(env, 'FTDOJO_AGENT_LLM_MAX_RETRIES', 4, 0);
  const price = resolvePrice(env);
  const formatRaw = nonEmpty(env.FTDOJO_AGENT_LLM_RESPONSE_FORMAT);
  if (formatRaw !== undefined && !RESPONSE_FORMATS.includes(formatRaw as AgentLlmResponseFormat)) {
    throw new FtdojoError('INVALID_INPUT', `FTDOJO_AGENT_LLM_RESPONSE_FORMAT must be one of ${RESPONSE_FORMATS.join(', ')}, got ${JSON.stringify(formatRaw)}`, {
      hint: 'json-schema if the provider takes response_format json_schema (OpenAI, vLLM, Ollama, LM Studio), json-object if it takes only json_object (DeepSeek), else prompt',
    });
  }
  const local = resolveLocalGguf(env, flag, formatRaw as AgentLlmResponseFormat | undefined);
  if (local) return local;

  const sharedBase = nonEmpty(env.FTDOJO_LLM_BASE_URL);
  const base = first(['--llm', flag], ['FTDOJO_AGENT_LLM_BASE_URL', nonEmpty(env.FTDOJO_AGENT_LLM_BASE_URL)], ['FTDOJO_LLM_BASE_URL', sharedBase]);
  const model = first(['FTDOJO_AGENT_LLM_MODEL', nonEmpty(env.FTDOJO_AGENT_LLM_MODEL)], ['FTDOJO_LLM_MODEL', nonEmpty(env.FTDOJO_LLM_MODEL)]);
  const agentKey = nonEmpty(env.FTDOJO_AGENT_LLM_API_KEY);
  const sharedKey = nonEmpty(env.FTDOJO_LLM_API_KEY);

  if (base === undefined) {
    const stray = [model?.name, agentKey && 'FTDOJO_AGENT_LLM_API_KEY', sharedKey && 'FTDOJO_LLM_API_KEY'].filter((name): name is string => Boolean(name));
    if (stray.length === 0) return { kind: 'heuristic', reason: 'unconfigured' };
    throw new FtdojoError('INVALID_INPUT', `${stray.join(' and ')} ${stray.length === 1 ? 'is' : 'are'} set, but no base URL says where the agent's model is`, {
      hint: `set FTDOJO_LLM_BASE_URL (shared with the LLM gateway), FTDOJO_AGENT_LLM_BASE_URL (the agent only) or pass --llm <url>, ${HEURISTIC_HINT}`,
    });
  }
  const url = checkUrl(base.name, base.value);
  const sharedProvider = sharedBase !== undefined && sameUrl(base.value, sharedBase);
  const key = first(['FTDOJO_AGENT_LLM_API_KEY', agentKey], ['FTDOJO_LLM_API_KEY', sharedProvider ? sharedKey : undefined]);
  return {
    kind: 'openai-compatible',
    coder: resolveCoder(env),
    baseUrl: base.value,
    apiKey: key?.value ?? null,
    model: model?.value ?? null,
    callTime: resolveCallTime(env),
    timeoutMs,
    maxRetries,
    // DeepSeek's API takes response_format json_object but refuses json_schema.
    responseFormat: (formatRaw as AgentLlmResponseFormat | undefined) ?? (/(^|\.)deepseek\.com$/i.test(url.hostname) ? 'json-object' : 'json-schema'),
    price,
    sources: { baseUrl: base.name, apiKey: key?.name ?? null, model: model?.name ?? null },
  };
}

/** The local GGUF model, when --llm gguf:<path> or (without an --llm URL) FTDOJO_AGENT_LLM_GGUF names one. */
function resolveLocalGguf(env: Environment, flag: string | undefined, responseFormat: AgentLlmResponseFormat | undefined): LocalGgufAgentLlmConfig | null {
  const fromFlag = flag?.toLowerCase().startsWith(GGUF_PREFIX) ? flag.slice(GGUF_PREFIX.length).trim() : undefined;
  const fromEnv = flag === undefined ? nonEmpty(env.FTDOJO_AGENT_LLM_GGUF) : undefined;
  if (fromFlag === undefined && fromEnv === undefined) return null;
  if (fromFlag === '') {
    throw new FtdojoError('INVALID_INPUT', '--llm gguf: names no file', { hint: 'e.g. --llm gguf:~/models/qwen2.5-1.5b-instruct-q4_k_m.gguf' });
  }
  if (fromEnv !== undefined && nonEmpty(env.FTDOJO_AGENT_LLM_BASE_URL) !== undefined) {
    throw new FtdojoError('INVALID_INPUT', 'FTDOJO_AGENT_LLM_GGUF and FTDOJO_AGENT_LLM_BASE_URL are both set: the agent can use only one model', {
      hint: 'unset one of them, or choose with --llm gguf:<path> or --llm <url>',
    });
  }
  // A leading ~ is expanded here: after "gguf:" the shell leaves it alone.
  const modelPath = expandPath((fromFlag ?? fromEnv) as string, process.cwd());
  return {
    kind: 'local-gguf',
    coder: resolveCoder(env),
    modelPath,
    contextSize: wholeNumber(env, 'FTDOJO_AGENT_LLM_GGUF_CONTEXT_SIZE', 8192, 256),
    threads: ggufThreads(env),
    responseFormat: responseFormat ?? 'json-schema',
    callTime: resolveCallTime(env),
    sources: { modelPath: fromFlag !== undefined ? '--llm' : 'FTDOJO_AGENT_LLM_GGUF' },
  };
}

/**
 * The --llm value that selects this planner again: a run records it, and `ftdojo resume` passes
 * it back (heuristic, the provider's base URL, or gguf:<path>).
 */
export function agentPlannerFlag(config: AgentLlmConfig): string {
  return config.kind === 'heuristic' ? 'heuristic' : config.kind === 'local-gguf' ? `${GGUF_PREFIX}${config.modelPath}` : config.baseUrl;
}

function resolveCoder(env: Environment): AgentCoderConfig {
  const kind = nonEmpty(env.FTDOJO_AGENT_CODER)?.toLowerCase() ?? 'llm';
  if (kind !== 'llm' && kind !== 'template')
    throw new FtdojoError('INVALID_INPUT', `FTDOJO_AGENT_CODER must be llm or template, got ${JSON.stringify(env.FTDOJO_AGENT_CODER)}`, {
      hint: "llm: the agent's model writes and repairs each experiment's code; template: the reviewed data script filled from the plan",
    });
  return { kind, repairRounds: wholeNumber(env, 'FTDOJO_AGENT_CODER_REPAIRS', 3, 0) };
}

function ggufThreads(env: Environment): number | null {
  const raw = nonEmpty(env.FTDOJO_AGENT_LLM_GGUF_THREADS);
  if (raw === undefined) return null;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 1) return value;
  throw new FtdojoError('INVALID_INPUT', `FTDOJO_AGENT_LLM_GGUF_THREADS must be a whole number of 1 or more, got ${JSON.stringify(raw)}`, {
    hint: 'e.g. FTDOJO_AGENT_LLM_GGUF_THREADS=2, or unset it to let node-llama-cpp choose (one per core)',
  });
}

function checkUrl(name: string, value: string): URL {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // Reported below with the same message as a wrong scheme.
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const flagHint = name === '--llm' ? ', gguf:<path> for a local GGUF model, or "heuristic" for the built-in planner' : '';
    throw new FtdojoError('INVALID_INPUT', `${name} must be the http(s) base URL of an OpenAI-compatible server, got ${JSON.stringify(value)}`, {
      hint: `e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama) or http://localhost:8000/v1 (vLLM)${flagHint}`,
    });
  }
  return url;
}

function sameUrl(a: string, b: string): boolean {
  const normalise = (value: string) => value.trim().replace(/\/+$/, '').toLowerCase();
  return normalise(a) === normalise(b);
}

function wholeNumber(env: Environment, name: string, fallback: number, minimum: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new FtdojoError('INVALID_INPUT', `${name} must be a whole number of ${minimum} or more, got ${JSON.stringify(raw)}`, {
      hint: `e.g. ${name}=${fallback}, or unset it for ${fallback}`,
    });
  }
  return value;
}

function resolvePrice(env: Environment): OpenAiCompatibleAgentLlmConfig['price'] {
  const input = nonEmpty(env.FTDOJO_AGENT_LLM_INPUT_PRICE);
  const output = nonEmpty(env.FTDOJO_AGENT_LLM_OUTPUT_PRICE);
  if (input === undefined && output === undefined) return null;
  const hint = 'set both FTDOJO_AGENT_LLM_INPUT_PRICE and FTDOJO_AGENT_LLM_OUTPUT_PRICE (US dollars per million tokens, e.g. 0.15 and 0.60), or neither';
  if (input === undefined || output === undefined) {
    throw new FtdojoError(
      'INVALID_INPUT',
      `${input === undefined ? 'FTDOJO_AGENT_LLM_OUTPUT_PRICE' : 'FTDOJO_AGENT_LLM_INPUT_PRICE'} is set without the other price`,
      { hint },
    );
  }
  const amount = (name: string, raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0)
      throw new FtdojoError('INVALID_INPUT', `${name} must be an amount of 0 or more, got ${JSON.stringify(raw)}`, { hint });
    return value;
  };
  return { inputPerMillion: amount('FTDOJO_AGENT_LLM_INPUT_PRICE', input), outputPerMillion: amount('FTDOJO_AGENT_LLM_OUTPUT_PRICE', output) };
}

function resolveCallTime(env: Environment): AgentLlmCallTime {
  const raw = nonEmpty(env.FTDOJO_AGENT_LLM_CALL_SHARE);
  const share = raw === undefined ? 0.1 : Number(raw);
  if (!(share > 0 && share <= 1))
    throw new FtdojoError('INVALID_INPUT', `FTDOJO_AGENT_LLM_CALL_SHARE must be a fraction above 0 and at most 1, got ${JSON.stringify(raw)}`, {
      hint: 'e.g. FTDOJO_AGENT_LLM_CALL_SHARE=0.1: a planning step may use a tenth of the time left',
    });
  return { share, capSeconds: wholeNumber(env, 'FTDOJO_AGENT_LLM_PLAN_SECONDS', 300, 5) };
}
