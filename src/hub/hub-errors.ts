import { FtdojoError } from '../core/index.js';

export interface HubRequestContext {
  /** "owner/name" of the repository asked about. */
  repo: string;
  /** What was being fetched, for the message: "revision b6ae8c6", "file data/x.csv". */
  what: string;
  url: string;
  /** A model's errors speak of its licence and `--base-model`; a dataset's of its terms and the catalogue. Dataset by default. */
  repoType?: 'dataset' | 'model' | undefined;
}

/** The hub's web page for a repository, where a user accepts a gated dataset's terms. */
export function repoPage(endpoint: string, repo: string, repoType: 'dataset' | 'model'): string {
  return repoType === 'dataset' ? `${endpoint}/datasets/${repo}` : `${endpoint}/${repo}`;
}

/**
 * Turns an HTTP failure into an error that says whose fault it is and what to do. 5xx and 429
 * are the hub's trouble and worth retrying; 401/403/404 will not change by retrying.
 */
export function hubHttpError(status: number, context: HubRequestContext & { page: string; hasToken: boolean }): FtdojoError {
  const subject = `${context.repo} (${context.what})`;
  if (status === 401 || status === 403) {
    const terms = context.repoType === 'model' ? "accept the model's licence" : "accept the dataset's terms";
    const hint = context.hasToken
      ? `HF_TOKEN was sent but does not give access: sign in with that account at ${context.page}, ${terms} if it is gated, and check the token has read access`
      : `set HF_TOKEN to a Hugging Face access token (read scope) of an account that has accepted the terms at ${context.page}; ` +
        'the hub also answers 401 for a repository name that does not exist';
    return new FtdojoError('NETWORK', `the hub refused access to ${subject}: HTTP ${status}`, { hint, fault: 'user' });
  }
  if (status === 404) {
    if (context.repoType === 'model') {
      return new FtdojoError('MISSING_MODEL', `the hub has no ${subject}: HTTP 404 for ${context.url}`, {
        hint: 'check the model id and revision (--base-model org/name@revision, as on the model page of the hub) and HF_ENDPOINT',
        fault: 'user',
      });
    }
    return new FtdojoError('MISSING_DATA', `the hub has no ${subject}: HTTP 404 for ${context.url}`, {
      hint: 'the pinned revision or file path in the catalogue (src/data/sources) does not exist on the hub: check the repository name, revision and path',
      fault: 'environment',
    });
  }
  const retryable = status === 429 || status >= 500;
  return new FtdojoError('NETWORK', `the hub answered HTTP ${status} for ${subject}`, {
    hint: retryable ? 'the hub is busy or failing: try again later' : `unexpected answer from ${context.url}; check HF_ENDPOINT`,
    retryable,
    fault: 'environment',
  });
}

/** A transport failure (refused connection, reset, timeout): always worth another try. */
export function hubTransportError(cause: unknown, context: HubRequestContext): FtdojoError {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  const reason = timedOut ? 'timed out' : cause instanceof Error ? cause.message : String(cause);
  return new FtdojoError('NETWORK', `could not reach the hub for ${context.repo} (${context.what}): ${reason}`, {
    hint: 'check the network and HF_ENDPOINT; downloads resume where they stopped when you run the command again',
    retryable: true,
    fault: 'environment',
    cause,
  });
}
