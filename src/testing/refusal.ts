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

/** The error a promise rejects with, when it is an instance of `kind`; fails the test otherwise. */
export async function rejectionOf<T extends Error>(promise: Promise<unknown>, kind: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error instanceof kind) return error;
  throw new Error(`expected a ${kind.name}, got ${String(error)}`);
}
