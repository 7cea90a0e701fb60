import { describe, expect, it } from 'vitest';
import { nextWorkspacePollMs } from './run-sandboxed.js';

describe('nextWorkspacePollMs', () => {
  it('watches a nearly full workspace closely and a roomy one every half second', () => {
    expect(nextWorkspacePollMs(0, 16 * 1024 ** 2)).toBe(50);
    expect(nextWorkspacePollMs(15 * 1024 ** 2, 16 * 1024 ** 2)).toBe(50);
    expect(nextWorkspacePollMs(0, 8 * 1024 ** 3)).toBe(500);
    expect(nextWorkspacePollMs(0, 4e8)).toBe(200);
    expect(nextWorkspacePollMs(2e9, 1e9)).toBe(50);
  });
});
