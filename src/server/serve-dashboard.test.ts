import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveDashboard } from './serve-dashboard.js';

describe('serveDashboard', () => {
  const home = mkdtempSync(join(tmpdir(), 'ftdojo-serve-'));
  const webRoot = join(home, 'no-web');

  it('listens on 127.0.0.1 by default, and a port in use is a clear error', async () => {
    const first = await serveDashboard({ home, webRoot, port: 0 });
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const response = await fetch(`${first.url}api/runs`);
      expect(response.status).toBe(200);
      const port = Number(new URL(first.url).port);
      await expect(serveDashboard({ home, webRoot, port })).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+.*/);
      await expect(serveDashboard({ home, webRoot, port })).rejects.toMatchObject({ hint: expect.stringContaining('--port') });
    } finally {
      await first.close();
    }
  });
});
