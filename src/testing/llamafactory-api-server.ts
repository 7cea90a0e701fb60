import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pythonCommand } from '../runtime/index.js';
import type { TestRuntime } from './runtime.js';

/**
 * A real OpenAI-compatible server for tests: `llamafactory-cli api` from the pinned Python
 * environment, serving the embedded model with template smollm2 and an empty default_system (how
 * ftdojo trains it), on 127.0.0.1. Not a double: it generates, streams and lists its one model
 * as a user's server would, at this CPU's speed.
 */
export interface LlamafactoryApiServer {
  /** The base URL with /v1 (what --llm and --endpoint take). */
  url: string;
  origin: string;
  /** The name it serves the model under. */
  modelName: string;
  /** What the server printed so far. */
  log(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startLlamafactoryApi(runtime: TestRuntime, modelName = 'smollm2-embedded', startTimeoutMs = 180_000): Promise<LlamafactoryApiServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ftdojo-lf-api-'));
  const configPath = join(dir, 'api.yaml');
  writeFileSync(configPath, `model_name_or_path: ${runtime.modelPath}\ntemplate: smollm2\ndefault_system: ""\ninfer_backend: huggingface\n`);
  const python = pythonCommand(runtime.config);
  let log = '';
  const child: ChildProcess = spawn(join(python.binDir, 'llamafactory-cli'), ['api', configPath], {
    env: { ...python.env, API_HOST: '127.0.0.1', API_PORT: String(port), API_MODEL_NAME: modelName },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => void (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => void (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + startTimeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 500))) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`llamafactory-cli api exited with ${child.exitCode}:\n${log.slice(-2000)}`);
    }
    const up = await fetch(`${origin}/v1/models`)
      .then((response) => response.ok)
      .catch(() => false);
    if (up) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`llamafactory-cli api did not answer within ${startTimeoutMs} ms:\n${log.slice(-2000)}`);
    }
  }
  return { url: `${origin}/v1`, origin, modelName, log: () => log, close };
}
