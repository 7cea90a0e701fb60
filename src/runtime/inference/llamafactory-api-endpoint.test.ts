import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testRuntime } from '../../testing/runtime.js';
import { createLocalBackend } from './local-backend.js';
import { createOpenAiCompatibleBackend } from './openai-compatible-backend.js';
import { pythonCommand } from '../python-env/index.js';

/**
 * The endpoint backend against a real OpenAI-compatible server: `llamafactory-cli api` serving the
 * embedded model with template smollm2 and an empty default_system (how ftdojo trains it), bound
 * to 127.0.0.1. Its greedy answers and prompt token counts must equal the local backend's: the
 * two backends are interchangeable behind InferenceBackend, and the local prompt format is the
 * one LLaMA-Factory itself renders.
 */
const runtime = testRuntime();
if ('skip' in runtime) console.warn(`llamafactory api endpoint test skipped: ${runtime.skip}`);

const PROMPTS = [
  '以下是关于保险从业资格CICE的单项选择题，请直接给出正确答案的选项。\n题目：保险合同的当事人是？\nA. 投保人和保险人\nB. 被保险人\nC. 受益人\nD. 代理人\n答案：',
  'What is the capital of France? Answer in one word.',
];
const requests = PROMPTS.map((content, index) => ({ id: `p${index}`, messages: [{ role: 'user' as const, content }] }));

let server: ChildProcess | undefined;
const root = mkdtempSync(join(tmpdir(), 'ftdojo-lf-api-'));
afterAll(() => {
  if (server?.pid !== undefined && server.exitCode === null) server.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function waitUntilServing(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`llamafactory-cli api exited with ${child.exitCode}:\n${log().slice(-2000)}`);
    const up = await fetch(`${url}/v1/models`)
      .then((response) => response.ok)
      .catch(() => false);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`llamafactory-cli api did not answer within ${timeoutMs} ms:\n${log().slice(-2000)}`);
}

describe('createOpenAiCompatibleBackend against llamafactory-cli api', () => {
  it.skipIf('skip' in runtime)(
    'answers like the local backend, token for token',
    async () => {
      if ('skip' in runtime) return;
      const port = await freePort();
      const configPath = join(root, 'api.yaml');
      writeFileSync(configPath, `model_name_or_path: ${runtime.modelPath}\ntemplate: smollm2\ndefault_system: ""\ninfer_backend: huggingface\n`);
      const python = pythonCommand(runtime.config);
      let log = '';
      server = spawn(join(python.binDir, 'llamafactory-cli'), ['api', configPath], {
        env: { ...python.env, API_HOST: '127.0.0.1', API_PORT: String(port), API_MODEL_NAME: 'smollm2-embedded' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stdout!.on('data', (chunk: Buffer) => void (log += chunk.toString()));
      server.stderr!.on('data', (chunk: Buffer) => void (log += chunk.toString()));
      const url = `http://127.0.0.1:${port}`;
      await waitUntilServing(url, server, () => log, 150_000);

      const endpoint = await createOpenAiCompatibleBackend({ baseUrl: url, model: 'smollm2-embedded', concurrency: 1 }).generate(requests, { maxNewTokens: 8 });
      server.kill('SIGTERM');
      const local = await createLocalBackend(runtime.config, runtime.model, { promptFormat: runtime.promptFormat, batchSize: 2 }).generate(requests, {
        maxNewTokens: 8,
      });

      expect(endpoint.engine).toMatchObject({ engine: 'openai-compatible', servedModel: 'smollm2-embedded', chatTemplate: null });
      for (const [index, output] of endpoint.outputs.entries()) {
        const reference = local.outputs[index]!;
        expect(output.id).toBe(reference.id);
        expect(output.output.length).toBeGreaterThan(0);
        expect(output.output).toBe(reference.output);
        expect(output.promptTokens).toBe(reference.promptTokens);
        expect(output.finishReason).toBe(reference.finishReason);
      }
    },
    300_000,
  );
});
