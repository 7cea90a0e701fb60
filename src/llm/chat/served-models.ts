import { z } from 'zod';
import { FtdojoError, timeoutSignal } from '../../core/index.js';
import { authorizationHeaders, chatCompletionsUrl } from './chat-completions-url.js';

const ModelListSchema = z.object({ data: z.array(z.object({ id: z.string() }).passthrough()) }).passthrough();

/** `<base>/models`, the sibling of chat/completions (query kept). */
export function modelsUrl(baseUrl: string): URL {
  const url = chatCompletionsUrl(baseUrl);
  url.pathname = url.pathname.replace(/\/chat\/completions$/, '/models');
  return url;
}

/**
 * The model names an OpenAI-compatible server lists at /v1/models. Faults (unreachable, a refused
 * key, something that is not a model list) are errors that say what to pass instead.
 */
export async function listServedModels(
  baseUrl: string,
  apiKey: string | null = null,
  timeoutMs = 15_000,
  how = 'or name the model yourself',
): Promise<string[]> {
  const url = modelsUrl(baseUrl);
  const headers = { accept: 'application/json', ...authorizationHeaders(url, apiKey) };
  let response: Response;
  let text: string;
  const timeout = timeoutSignal(timeoutMs);
  try {
    response = await fetch(url, { headers, redirect: 'error', signal: timeout.signal });
    text = await response.text();
  } catch (cause) {
    throw new FtdojoError('NETWORK', `cannot reach ${url.origin} to ask which models it serves`, {
      hint: `check that the server is running at ${baseUrl}, ${how}`,
      cause,
      retryable: true,
    });
  } finally {
    timeout.clear();
  }
  if (!response.ok)
    throw new FtdojoError('INVALID_INPUT', `${url.href} answered HTTP ${response.status} when asked which models it serves`, {
      hint: response.status === 401 || response.status === 403 ? `check the API key, ${how}` : `the server may not list its models: ${how}`,
    });
  let parsed: z.infer<typeof ModelListSchema>;
  try {
    parsed = ModelListSchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new FtdojoError('INVALID_INPUT', `${url.href} did not answer with a model list`, { hint: how, cause });
  }
  return [...new Set(parsed.data.map((model) => model.id))];
}

/**
 * The model to ask for when none was named: the server's only one. Zero or several are an error
 * that lists them and names the setting that picks one (`how`, e.g. "--endpoint-model NAME").
 */
export async function onlyServedModel(baseUrl: string, apiKey: string | null, how: string): Promise<string> {
  const models = await listServedModels(baseUrl, apiKey, 15_000, `or name the model: ${how}`);
  if (models.length === 1) return models[0]!;
  const listed =
    models.length === 0 ? 'lists no model' : `lists ${models.length} models (${models.slice(0, 10).join(', ')}${models.length > 10 ? ', ...' : ''})`;
  throw new FtdojoError('INVALID_INPUT', `no model was named, and ${baseUrl} ${listed}`, { hint: `name the one to use: ${how}` });
}
