import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliContext } from './context.js';
import { main } from './main.js';
import type { Output } from './output.js';

const home = mkdtempSync(join(tmpdir(), 'ftdojo-context-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const silent: Output = { out: () => undefined, err: () => undefined };

describe('the CLI context', () => {
  it('--offline switches the hub off for data (named as the flag) and, as HF_HUB_OFFLINE=1, for the model store', () => {
    const ctx = createCliContext(silent, { FTDOJO_HOME: home, FTDOJO_DATA_OFFLINE: '0' }, { offline: true });
    expect(ctx.config().offline).toBe('--offline');
    expect(ctx.repository().offline).toBe('--offline');
    expect(ctx.env.HF_HUB_OFFLINE).toBe('1');
    const online = createCliContext(silent, { FTDOJO_HOME: home }, {});
    expect(online.config().offline).toBeNull();
    expect(online.env.HF_HUB_OFFLINE).toBeUndefined();
  });

  it('machine() reports data settings that cannot be used as a reason, not a failure', () => {
    const ctx = createCliContext(silent, { FTDOJO_HOME: home, FTDOJO_DATA_MIRROR: join(home, 'no-mirror') }, {});
    const data = ctx.machine().data;
    expect('unusable' in data && data.unusable).toMatch(/no-mirror \(from FTDOJO_DATA_MIRROR\) is not a folder/);
  });

  it('`ftdojo --offline data ls` reads local files only', async () => {
    const out: string[] = [];
    const code = await main(['node', 'ftdojo', '--offline', 'data', 'ls'], { out: (text) => void out.push(text), err: () => undefined }, { FTDOJO_HOME: home });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('offline (--offline): only files already downloaded');
  });
});
