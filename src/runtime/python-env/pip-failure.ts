/** What went wrong in a failed pip run, read from its output, so the error can say how to fix it. */
export interface PipFailure {
  /** The lines that say what failed (pip's ERROR lines and the traceback's last lines), at most 12. */
  lines: string[];
  cause: 'disk' | 'network' | 'build' | 'unknown';
}

const DISK = /No space left on device|Errno 28|disk quota exceeded/i;
const NETWORK =
  /Failed to establish a new connection|Name or service not known|Temporary failure in name resolution|Read timed out|ConnectTimeout|ConnectionError|Could not fetch URL|HTTPSConnectionPool|Network is unreachable|No matching distribution found|Could not find a version that satisfies/i;
const BUILD = /Failed building wheel|subprocess-exited-with-error|error: command .* failed/i;

export function summarizePipFailure(output: string): PipFailure {
  const all = output
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  const flagged = all.filter((line) => /^\s*(ERROR|error)\b|^\s*[\w.]+Error: |No space left/.test(line));
  const lines = (flagged.length > 0 ? flagged : all).slice(-12);
  const text = all.slice(-200).join('\n');
  const cause = DISK.test(text) ? 'disk' : NETWORK.test(text) ? 'network' : BUILD.test(text) ? 'build' : 'unknown';
  return { lines, cause };
}
