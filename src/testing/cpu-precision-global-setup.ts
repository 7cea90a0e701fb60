import { existsSync } from 'node:fs';
import { resolveRuntimeConfig } from '../config/index.js';
import { checkCpuPrecision, embeddedModelDir } from '../runtime/index.js';

/**
 * Vitest global setup: the CPU precision check once per suite, not once per test home.
 *
 * Every CPU session decides its training precision with a measured check cached in its home
 * (checkCpuPrecision), and the heavy tests each open a fresh home, so each would pay the check
 * (20 to 60 s on two cores). This runs it once against the real home `ftdojo setup` prepared
 * (cached there, so a second suite on the same machine measures nothing) and hands the decision
 * to every test process as FTDOJO_CPU_PRECISION: the tests train in the precision a user's runs
 * get on this machine. cpu-precision-check.test.ts still runs the check itself. A precision
 * already set in the environment wins; without the embedded model nothing is decided here.
 */
export default async function setup(): Promise<void> {
  if (process.env.FTDOJO_CPU_PRECISION) return;
  const config = resolveRuntimeConfig(process.env);
  const modelPath = embeddedModelDir(config);
  if (!existsSync(config.python) || !existsSync(modelPath)) return;
  const { decision, cached } = await checkCpuPrecision(config, { modelPath });
  process.env.FTDOJO_CPU_PRECISION = decision.precision;
  process.stdout.write(`CPU training precision for this suite: ${decision.precision} (${cached ? 'cached' : 'measured'}: ${decision.reason})\n`);
}
