import { describe, expect, it } from 'vitest';
import { summarizePipFailure } from './pip-failure.js';

describe('summarizePipFailure', () => {
  it('quotes the ERROR lines and recognises a network failure', () => {
    const output = [
      'Collecting torch==2.8.0',
      "  WARNING: Retrying (Retry(total=4)) after connection broken by 'NewConnectionError: Failed to establish a new connection: [Errno 101] Network is unreachable'",
      'ERROR: Could not find a version that satisfies the requirement torch==2.8.0 (from versions: none)',
      'ERROR: No matching distribution found for torch==2.8.0',
    ].join('\n');
    expect(summarizePipFailure(output)).toEqual({
      lines: [
        'ERROR: Could not find a version that satisfies the requirement torch==2.8.0 (from versions: none)',
        'ERROR: No matching distribution found for torch==2.8.0',
      ],
      cause: 'network',
    });
  });

  it('recognises a full disk', () => {
    expect(
      summarizePipFailure('Installing collected packages: torch\nERROR: Could not install packages due to an OSError: [Errno 28] No space left on device')
        .cause,
    ).toBe('disk');
  });

  it('falls back to the last lines when pip printed no ERROR line', () => {
    const output = Array.from({ length: 30 }, (_, index) => `line ${index}`).join('\n');
    const failure = summarizePipFailure(output);
    expect(failure.cause).toBe('unknown');
    expect(failure.lines).toHaveLength(12);
    expect(failure.lines.at(-1)).toBe('line 29');
  });
});
