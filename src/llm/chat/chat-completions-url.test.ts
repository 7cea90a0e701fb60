import { describe, expect, it } from 'vitest';
import { chatCompletionsUrl, isAzureHost } from './chat-completions-url.js';

describe('chatCompletionsUrl', () => {
  it("appends /chat/completions to each provider's base URL", () => {
    const cases: [string, string][] = [
      ['https://api.openai.com/v1', 'https://api.openai.com/v1/chat/completions'],
      ['https://api.openai.com/v1/', 'https://api.openai.com/v1/chat/completions'],
      ['http://localhost:8000', 'http://localhost:8000/v1/chat/completions'],
      ['http://localhost:11434/v1', 'http://localhost:11434/v1/chat/completions'],
      ['https://api.deepseek.com', 'https://api.deepseek.com/v1/chat/completions'],
      ['https://generativelanguage.googleapis.com/v1beta/openai/', 'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions'],
      ['https://res.openai.azure.com/openai/v1', 'https://res.openai.azure.com/openai/v1/chat/completions'],
      [
        'https://res.openai.azure.com/openai/deployments/gpt4o?api-version=2024-10-21',
        'https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21',
      ],
      ['http://host/v1/chat/completions', 'http://host/v1/chat/completions'],
    ];
    for (const [base, expected] of cases) expect(chatCompletionsUrl(base).href).toBe(expected);
  });

  it('refuses what is not an http(s) URL, with an example', () => {
    expect(() => chatCompletionsUrl('localhost:8000')).toThrow(/must be http or https/);
    expect(() => chatCompletionsUrl('not a url')).toThrow(/is not a URL/);
  });

  it('knows Azure hosts, which take the key as api-key', () => {
    expect(isAzureHost(new URL('https://res.openai.azure.com/openai/v1'))).toBe(true);
    expect(isAzureHost(new URL('https://gw.azure-api.net/x'))).toBe(true);
    expect(isAzureHost(new URL('https://api.openai.com/v1'))).toBe(false);
  });
});
