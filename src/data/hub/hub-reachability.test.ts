import { describe, expect, it } from 'vitest';
import { startFakeHub } from '../../testing/fake-hub-server.js';
import { createHubReachability } from './hub-reachability.js';

describe('hub reachability', () => {
  it('is offline without asking when a setting switched the hub off', async () => {
    let asked = 0;
    const reachability = createHubReachability({
      endpoint: 'http://127.0.0.1:9',
      offline: 'FTDOJO_DATA_OFFLINE=1',
      fetch: async () => {
        asked += 1;
        return new Response(null);
      },
    });
    expect(await reachability.check()).toEqual({ online: false, reason: 'the hub is switched off (FTDOJO_DATA_OFFLINE=1)', configured: true });
    expect(asked).toBe(0);
  });

  it('counts any HTTP answer as online, and asks once per process', async () => {
    const hub = await startFakeHub({});
    try {
      const reachability = createHubReachability({ endpoint: hub.url, offline: null });
      expect(await reachability.check()).toEqual({ online: true });
      expect(await reachability.check()).toEqual({ online: true });
      expect(hub.requests).toEqual(['HEAD /']);
    } finally {
      await hub.close();
    }
  });

  it('says why a hub that does not answer is offline, and asks again after a while', async () => {
    let clock = 0;
    let calls = 0;
    const reachability = createHubReachability({
      endpoint: 'http://hub.invalid',
      offline: null,
      recheckAfterMs: 1_000,
      now: () => clock,
      fetch: async () => {
        calls += 1;
        if (calls === 1) throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND hub.invalid'), { code: 'ENOTFOUND' }) });
        return new Response(null, { status: 404 });
      },
    });
    expect(await reachability.check()).toEqual({
      online: false,
      reason: 'the hub at http://hub.invalid does not answer (getaddrinfo ENOTFOUND hub.invalid)',
      configured: false,
    });
    clock = 500;
    expect((await reachability.check()).online).toBe(false);
    expect(calls).toBe(1);
    clock = 1_500;
    expect(await reachability.check()).toEqual({ online: true });
    expect(calls).toBe(2);
  });
});
