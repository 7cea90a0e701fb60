import type { TaskEnvironment } from '../dojo/index.js';
import { createBubblewrapSandbox } from '../sandbox/index.js';

/**
 * The sandbox factory agent-loop tests hand to runAgent: bubblewrap over the task's agent side
 * and the experiment's workspace, with no LLM gateway (what the CLI composes in task-sandbox.ts).
 */
export function bubblewrapSandboxFor(environment: TaskEnvironment) {
  return async (workspace: string) => ({
    sandbox: createBubblewrapSandbox({
      taskDir: environment.layout.agentDir,
      workspaceDir: workspace,
      python: environment.runtime.python,
      node: process.execPath,
    }),
    interpreters: { python: environment.runtime.python, node: process.execPath },
    env: {},
    close: async () => undefined,
    llmTokensUsed: () => 0,
  });
}
