import { FtdojoError } from '../core/index.js';
import type { Environment } from './environment-values.js';
import { nonEmpty } from './environment-values.js';

/** What the LLM gateway forwards to, when an experiment turns it on (`--llm-gateway`). */
export interface LlmGatewayConfig {
  enabled: boolean;
  /** An OpenAI-compatible provider: FTDOJO_LLM_BASE_URL (e.g. https://api.openai.com/v1). */
  baseUrl: string | null;
  /** FTDOJO_LLM_API_KEY: held by the gateway, never passed into the sandbox. */
  apiKey: string | null;
  /** FTDOJO_LLM_MODEL: the one model scripts may ask for. */
  model: string | null;
  /** FTDOJO_LLM_TOKEN_BUDGET: prompt + completion tokens per experiment (default 200000). */
  tokenBudget: number;
}

/** The only reader of FTDOJO_LLM_*; refuses an enabled gateway that has nowhere to forward to. */
export function resolveLlmGatewayConfig(env: Environment, flags: { enabled?: boolean | undefined } = {}): LlmGatewayConfig {
  const budgetRaw = nonEmpty(env.FTDOJO_LLM_TOKEN_BUDGET);
  const tokenBudget = budgetRaw === undefined ? 200_000 : Number(budgetRaw);
  if (!Number.isInteger(tokenBudget) || tokenBudget < 1)
    throw new FtdojoError('INVALID_INPUT', `FTDOJO_LLM_TOKEN_BUDGET must be a positive whole number, got ${JSON.stringify(budgetRaw)}`, {
      hint: 'e.g. FTDOJO_LLM_TOKEN_BUDGET=200000',
    });
  const config: LlmGatewayConfig = {
    enabled: flags.enabled ?? false,
    baseUrl: nonEmpty(env.FTDOJO_LLM_BASE_URL) ?? null,
    apiKey: nonEmpty(env.FTDOJO_LLM_API_KEY) ?? null,
    model: nonEmpty(env.FTDOJO_LLM_MODEL) ?? null,
    tokenBudget,
  };
  if (config.enabled && (!config.baseUrl || !config.model)) {
    throw new FtdojoError('INVALID_INPUT', '--llm-gateway needs a provider to forward to', {
      hint: 'set FTDOJO_LLM_BASE_URL (an OpenAI-compatible /v1 URL) and FTDOJO_LLM_MODEL, and FTDOJO_LLM_API_KEY if it needs one',
    });
  }
  return config;
}
