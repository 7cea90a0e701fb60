import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createBubblewrapSandbox, probeBubblewrap } from '../../sandbox/index.js';
import { sandboxDirs, testPython } from '../../sandbox/sandbox-fixture.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../testing/fake-openai-server.js';
import { createLlmGateway, type LlmGateway } from './llm-gateway.js';

/**
 * The whole path a data script takes to a language model: inside bubblewrap (no network at all),
 * through the gateway's unix socket bound in at /run/ftdojo, to the provider (the fake OpenAI
 * server: a test double at the paid-API boundary). The script never sees the provider's key.
 */
const pythonDir = fileURLToPath(new URL('../../../python', import.meta.url));
const bubblewrap = await probeBubblewrap();
let cleanup: (() => void) | null = null;
let upstream: FakeOpenAiServer | null = null;
let gateway: LlmGateway | null = null;

afterEach(async () => {
  await gateway?.stop();
  await upstream?.close();
  cleanup?.();
});

describe.skipIf(!bubblewrap.ok)('the LLM gateway inside the sandbox', () => {
  it('answers a sandboxed script through the bound socket, counts its tokens and keeps the key outside', async () => {
    const dirs = sandboxDirs('ftdojo-gw-sandbox-');
    cleanup = dirs.cleanup;
    const socketDir = join(dirs.root, 'gateway');
    mkdirSync(socketDir);
    upstream = await startFakeOpenAiServer({ model: 'teacher', reply: () => ({ content: 'Step 1: 2+2=4. Answer: 4' }) });
    gateway = await createLlmGateway({
      socketPath: join(socketDir, 'llm.sock'),
      logPath: join(dirs.root, 'llm.jsonl'),
      enabled: true,
      upstream: { baseUrl: upstream.url, apiKey: 'sk-real-provider-key', model: 'teacher' },
      tokenBudget: 1000,
    });
    // The sandbox user is another uid: it may connect to the socket, nothing else in the folder is its.
    chmodSync(gateway.socketPath, 0o666);
    const python = testPython(process.env);
    const sandbox = createBubblewrapSandbox({
      taskDir: dirs.taskDir,
      workspaceDir: dirs.workspaceDir,
      python,
      binds: [
        { source: socketDir, target: '/run/ftdojo' },
        { source: pythonDir, target: '/opt/ftdojo/python' },
      ],
    });
    const script = [
      'import json, os',
      'from ftdojo_runtime.llm_gateway import chat',
      'answer = chat([{"role": "user", "content": "Explain 2+2 step by step."}], max_tokens=50)',
      'print(json.dumps({"answer": answer, "key_seen": any("sk-real" in value for value in os.environ.values())}))',
    ].join('\n');
    const result = await sandbox.exec([python, '-c', script], { env: { PYTHONPATH: '/opt/ftdojo/python', FTDOJO_LLM_GATEWAY: '/run/ftdojo/llm.sock' } });
    expect(result.status, result.stderr).toBe('ok');
    expect(JSON.parse(result.stdout.trim())).toEqual({ answer: 'Step 1: 2+2=4. Answer: 4', key_seen: false });
    expect(upstream.requests[0]!.headers.authorization).toBe('Bearer sk-real-provider-key');
    expect(gateway.usage().requests).toBeGreaterThanOrEqual(1);
    expect(readFileSync(join(dirs.root, 'llm.jsonl'), 'utf8')).not.toContain('sk-real-provider-key');
  });
});
