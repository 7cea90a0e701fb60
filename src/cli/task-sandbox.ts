import type { RuntimeConfig } from '../config/index.js';
import { FtdojoError } from '../core/index.js';
import type { TaskEnvironment } from '../dojo/index.js';
import type { Sandbox, SandboxBind } from '../sandbox/index.js';
import { createBubblewrapSandbox, detectSandbox } from '../sandbox/index.js';

/**
 * The composition root's choice of sandbox for a workspace: the first provider that works here
 * (bubblewrap, then podman, then docker: detectSandbox runs a real trial), never none. Inside,
 * the task's agent side is /task and the workspace /workspace; interpreters keep their host paths.
 */
export async function createTaskSandbox(runtime: RuntimeConfig, environment: TaskEnvironment, workspace: string, binds: readonly SandboxBind[] = []): Promise<{ sandbox: Sandbox; interpreters: { python: string; node: string } }> {
  const detection = await detectSandbox('auto', { hostPath: runtime.baseEnv.PATH });
  if (detection.provider !== 'bubblewrap') {
    throw new FtdojoError('SANDBOX_UNAVAILABLE', `only ${detection.provider} works here, and ftdojo has no sandbox image for it yet`, { hint: 'install bubblewrap (`apt-get install bubblewrap`, or `npx ftdojo setup` as root)', fault: 'environment' });
  }
  const sandbox = createBubblewrapSandbox({ taskDir: environment.layout.agentDir, workspaceDir: workspace, binds, python: runtime.python, node: process.execPath, hostPath: runtime.baseEnv.PATH });
  return { sandbox, interpreters: { python: runtime.python, node: process.execPath } };
}
