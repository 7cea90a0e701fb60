import { FtdojoError } from '../../core/index.js';

/**
 * `<base>/chat/completions`, keeping the query (Azure's api-version). A bare host gets /v1 in
 * between, as the LLM gateway does; any other path is the provider's own and is kept as given:
 * https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), https://api.deepseek.com,
 * https://x.openai.azure.com/openai/v1, https://x.openai.azure.com/openai/deployments/d?api-version=...
 * A base that already ends in /chat/completions is used as it is.
 */
export function chatCompletionsUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new FtdojoError('INVALID_INPUT', `the chat model's base URL ${JSON.stringify(baseUrl)} is not a URL`, {
      hint: 'give the base URL of an OpenAI-compatible server, e.g. https://api.openai.com/v1 or http://localhost:11434/v1',
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FtdojoError('INVALID_INPUT', `the chat model's base URL ${baseUrl} must be http or https`, {
      hint: 'give the base URL of an OpenAI-compatible server, e.g. https://api.openai.com/v1',
    });
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/chat/completions')) url.pathname = `${path === '' ? '/v1' : path}/chat/completions`;
  url.hash = '';
  return url;
}

/** Azure OpenAI (and API Management in front of it) takes the key in an `api-key` header. */
export function isAzureHost(url: URL): boolean {
  return /\.(azure\.com|azure-api\.net)$/i.test(url.hostname);
}

/** The key as the provider wants it: a bearer token, and `api-key` too for Azure hosts; none without a key. */
export function authorizationHeaders(url: URL, apiKey: string | null): Record<string, string> {
  if (!apiKey) return {};
  return { authorization: `Bearer ${apiKey}`, ...(isAzureHost(url) ? { 'api-key': apiKey } : {}) };
}
