import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../testing/fake-openai-server.js';
import { createLlmGateway, type LlmGateway } from './llm-gateway.js';

/**
 * python/ftdojo_runtime/llm_gateway.py against the real gateway, as a sandboxed data script
 * would use it: system python3, standard library only, the socket path from FTDOJO_LLM_GATEWAY.
 */
const pythonDir = fileURLToPath(new URL('../../../python', import.meta.url));
const run = promisify(execFile);

async function python(script: string, socket: string | null): Promise<Record<string, unknown>> {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: pythonDir, PYTHONDONTWRITEBYTECODE: '1' };
  if (socket === null) delete env.FTDOJO_LLM_GATEWAY;
  else env.FTDOJO_LLM_GATEWAY = socket;
  const { stdout } = await run('python3', ['-c', script], { env, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

let root: string;
let upstream: FakeOpenAiServer | null;
let gateway: LlmGateway | null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ftdojo-gwpy-'));
  upstream = null;
  gateway = null;
});

afterEach(async () => {
  await gateway?.stop();
  await upstream?.close();
  rmSync(root, { recursive: true, force: true });
});

async function start(options: { tokenBudget: number; enabled?: boolean }, reply?: Parameters<typeof startFakeOpenAiServer>[0]): Promise<string> {
  upstream = await startFakeOpenAiServer({ model: 'teacher', ...reply });
  gateway = await createLlmGateway({
    socketPath: join(root, 'llm.sock'),
    logPath: join(root, 'llm.jsonl'),
    enabled: options.enabled ?? true,
    upstream: { baseUrl: upstream.url, apiKey: 'sk-real-provider-key', model: 'teacher' },
    tokenBudget: options.tokenBudget,
  });
  return gateway.socketPath;
}

describe('python/ftdojo_runtime/llm_gateway.py', () => {
  it('chats through the socket, and raises the gateway’s errors as GatewayError subclasses', async () => {
    const socket = await start({ tokenBudget: 20 });
    const result = await python(
      `
import json
from ftdojo_runtime.llm_gateway import BudgetExhaustedError, GatewayError, chat, chat_completion, models
out = {"models": models()}
out["text"] = chat([{"role": "user", "content": "hello from python"}], max_tokens=30, temperature=0.5)
full = chat_completion("a" * 12, max_tokens=20)
out["usage"] = full["usage"]
try:
    chat("again", max_tokens=20)
except BudgetExhaustedError as error:
    out["budget"] = {"status": error.status, "used": error.used, "budget": error.budget, "text": str(error)}
try:
    chat("hi", model="someone-else")
except BudgetExhaustedError:
    out["model_error"] = "wrong subclass"
except GatewayError as error:
    out["model_error"] = {"status": error.status, "type": error.error_type, "message": error.message}
print(json.dumps(out))
`,
      socket,
    );
    expect(result.models).toEqual(['teacher']);
    expect(result.text).toBe('hello from python');
    expect(result.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 3 });
    expect(result.budget).toMatchObject({ status: 429, used: 16, budget: 20 });
    expect((result.budget as { text: string }).text).toMatch(/^LLM gateway HTTP 429 \(budget_exhausted\): only 4 of 20 tokens are left/);
    expect(result.model_error).toMatchObject({ status: 400, type: 'model_not_allowed' });
    // The Python side never had the key; the gateway added it, and capped the first call to the budget.
    expect(upstream!.requests.map((request) => request.headers.authorization)).toEqual(['Bearer sk-real-provider-key', 'Bearer sk-real-provider-key']);
    expect(upstream!.requests.map((request) => request.body.max_tokens)).toEqual([10, 2]);
    expect(upstream!.requests[0]!.body.temperature).toBe(0.5);
  });

  it('retries provider failures, then raises them; a disabled or absent gateway raises GatewayDisabledError', async () => {
    const socket = await start({ tokenBudget: 1000 }, { reply: () => ({ status: 503 }) });
    const failed = await python(
      `
import json
from ftdojo_runtime.llm_gateway import GatewayError, chat
try:
    chat("hi", retries=1)
except GatewayError as error:
    print(json.dumps({"status": error.status, "type": error.error_type, "upstream": error.body.get("upstream_status")}))
`,
      socket,
    );
    expect(failed).toEqual({ status: 502, type: 'upstream_error', upstream: 503 });
    expect(upstream!.requests).toHaveLength(2);
    await gateway!.stop();
    await upstream!.close();

    const disabled = await start({ tokenBudget: 1000, enabled: false });
    const check = `
import json
from ftdojo_runtime.llm_gateway import GatewayDisabledError, chat
try:
    chat("hi")
except GatewayDisabledError as error:
    print(json.dumps({"status": error.status, "message": error.message}))
`;
    expect(await python(check, disabled)).toMatchObject({ status: 403, message: expect.stringContaining('turned off for this run') });
    expect(await python(check, null)).toMatchObject({ status: null, message: expect.stringContaining('FTDOJO_LLM_GATEWAY is not set') });
  });
});
