import { FtdojoError } from '../core/index.js';

/** The FtdojoError a call throws, for tests that read its code, message and hint; fails when it does not throw one. */
export function refusal(run: () => unknown): FtdojoError {
  try {
    run();
  } catch (error) {
    if (error instanceof FtdojoError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
