import { probeBubblewrap } from '../sandbox/index.js';
import { testMirror } from './mirror.js';
import { testRuntime } from './runtime.js';

/**
 * What a test on the real dojo needs (the offline mirror, the Python runtime with the embedded
 * model, bubblewrap), and why it cannot run when one is missing: the reason its describe block
 * names (CI fails a skipped heavy test with it).
 */
export async function realDojoRequirements() {
  const mirror = testMirror();
  const runtime = testRuntime();
  const bubblewrap = await probeBubblewrap();
  const skip = !mirror
    ? 'no offline mirror (set FTDOJO_DATA_MIRROR)'
    : 'skip' in runtime
      ? runtime.skip
      : bubblewrap.ok
        ? null
        : `no bubblewrap: ${bubblewrap.reason}`;
  return { mirror, runtime, skip };
}
