import { describe, expect, it } from 'vitest';
import { resolveLlmGatewayConfig } from './llm-gateway-config.js';

describe('resolveLlmGatewayConfig', () => {
  it('is off by default and reads the provider from FTDOJO_LLM_*', () => {
    expect(resolveLlmGatewayConfig({})).toEqual({ enabled: false, baseUrl: null, apiKey: null, model: null, tokenBudget: 200_000 });
    const env = { FTDOJO_LLM_BASE_URL: 'http://127.0.0.1:9/v1', FTDOJO_LLM_MODEL: 'teacher', FTDOJO_LLM_API_KEY: 'sk-x', FTDOJO_LLM_TOKEN_BUDGET: '5000' };
    expect(resolveLlmGatewayConfig(env, { enabled: true })).toEqual({
      enabled: true,
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey: 'sk-x',
      model: 'teacher',
      tokenBudget: 5000,
    });
  });

  it('refuses to turn on without a provider, or with a budget that is not a count', () => {
    expect(() => resolveLlmGatewayConfig({}, { enabled: true })).toThrow(/needs a provider/);
    expect(() => resolveLlmGatewayConfig({ FTDOJO_LLM_TOKEN_BUDGET: 'lots' })).toThrow(/positive whole number/);
  });
});
