import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlmGatewayConfig, RuntimeConfig } from '../config/index.js';
import { FtdojoError } from '../core/index.js';
import type { TaskEnvironment } from '../dojo/index.js';
import { createLlmGateway } from '../llm/index.js';
import type { LlmGateway } from '../llm/index.js';
import { repoPythonDir } from '../runtime/index.js';
import type { Sandbox, SandboxBind } from '../sandbox/index.js';
import { createBubblewrapSandbox, detectSandbox } from '../sandbox/index.js';

export interface TaskSandbox {
  sandbox: Sandbox;
  interpreters: { python: string; node: string };
  /** Variables the data script gets (the gateway's socket and client, when it is on). */
  env: Record<string, string>;
  gateway: LlmGateway | null;
  close(): Promise<void>;
}

/**
 * The composition root's choice of sandbox for a workspace: the first provider that works here
 * (bubblewrap, then podman, then docker: detectSandbox runs a real trial), never none. Inside,
 * the task's agent side is /task and the workspace /workspace; interpreters keep their host paths.
 * With the gateway on, its socket folder is bound at /run/ftdojo and the client at /opt/ftdojo.
 */
export async function createTaskSandbox(
  runtime: RuntimeConfig,
  environment: TaskEnvironment,
  workspace: string,
  options: { gateway?: LlmGatewayConfig; logPath?: string; leftSeconds?: () => number } = {},
): Promise<TaskSandbox> {
  const detection = await detectSandbox('auto', { hostPath: runtime.baseEnv.PATH });
  if (detection.provider !== 'bubblewrap') {
    throw new FtdojoError('SANDBOX_UNAVAILABLE', `only ${detection.provider} works here, and ftdojo has no sandbox image for it yet`, {
      hint: 'install bubblewrap (`apt-get install bubblewrap`, or `npx ftdojo setup` as root)',
      fault: 'environment',
    });
  }
  const binds: SandboxBind[] = [];
  const env: Record<string, string> = {};
  let gateway: LlmGateway | null = null;
  let socketDir: string | null = null;
  if (options.gateway?.enabled) {
    socketDir = await mkdtemp(join(tmpdir(), 'ftdojo-gateway-'));
    const config = options.gateway;
    gateway = await createLlmGateway({
      socketPath: join(socketDir, 'llm.sock'),
      logPath: options.logPath ?? join(socketDir, 'llm.jsonl'),
      enabled: true,
      upstream: { baseUrl: config.baseUrl!, model: config.model!, ...(config.apiKey ? { apiKey: config.apiKey } : {}) },
      tokenBudget: config.tokenBudget,
      ...(options.leftSeconds ? { leftSeconds: options.leftSeconds } : {}),
      enableHint: 'pass --llm-gateway',
    });
    // The sandbox runs as another uid: it may connect to the socket; the folder holds nothing else.
    await chmod(gateway.socketPath, 0o666);
    binds.push({ source: socketDir, target: '/run/ftdojo' }, { source: repoPythonDir(), target: '/opt/ftdojo/python' });
    Object.assign(env, { FTDOJO_LLM_GATEWAY: '/run/ftdojo/llm.sock', PYTHONPATH: '/opt/ftdojo/python' });
  }
  const sandbox = createBubblewrapSandbox({
    taskDir: environment.layout.agentDir,
    workspaceDir: workspace,
    binds,
    python: runtime.python,
    node: process.execPath,
    hostPath: runtime.baseEnv.PATH,
  });
  return {
    sandbox,
    interpreters: { python: runtime.python, node: process.execPath },
    env,
    gateway,
    async close() {
      await gateway?.stop();
      if (socketDir) await rm(socketDir, { recursive: true, force: true });
    },
  };
}
