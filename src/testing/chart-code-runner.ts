import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolveRuntimeConfig } from '../config/index.js';
import { createSandboxCodeRunner } from '../dojo/index.js';
import { probeBubblewrap } from '../sandbox/index.js';

/**
 * The real code runner for tests that execute chart code: bubblewrap with the runtime's Python
 * (FTDOJO_PYTHON, or the environment `ftdojo setup` made), which must import matplotlib and
 * pandas. Returns why not, so the tests can say why they are skipped on a machine without them.
 */
export async function chartCodeRunnerForTests(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<{ runner: ReturnType<typeof createSandboxCodeRunner> } | { skip: string }> {
  const config = resolveRuntimeConfig(env);
  if (config.python.includes('/') && !existsSync(config.python)) return { skip: `no runtime Python at ${config.python}: run \`ftdojo setup\`` };
  try {
    execFileSync(config.python, ['-c', 'import matplotlib, pandas'], { stdio: 'ignore' });
  } catch {
    return { skip: `the runtime Python (${config.python}) cannot import matplotlib and pandas: run \`ftdojo setup\`` };
  }
  const probe = await probeBubblewrap(config.baseEnv.PATH);
  if (!probe.ok) return { skip: `no working bubblewrap here (${probe.reason})` };
  return { runner: createSandboxCodeRunner({ python: config.python, hostPath: config.baseEnv.PATH }) };
}
