import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBubblewrap } from './ensure-bubblewrap.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-ensure-bwrap-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/**
 * A PATH with a stand-in apt-get that records its calls; `install` says whether
 * `apt-get install` succeeds (and then puts a bwrap there), 'after-update' only once updated.
 */
function fakeSystem(install: 'works' | 'fails' | 'after-update', withBwrap = false) {
  const bin = join(root, `bin-${counter++}`);
  mkdirSync(bin);
  const calls = join(bin, 'calls.log');
  const bwrap = join(bin, 'bwrap');
  if (withBwrap) writeFileSync(bwrap, '#!/bin/sh\n', { mode: 0o755 });
  const installs = install === 'works' ? 'ok=1' : install === 'fails' ? 'ok=0' : `if [ -f "${bin}/updated" ]; then ok=1; else ok=0; fi`;
  writeFileSync(
    join(bin, 'apt-get'),
    `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> "${calls}"\nif [ "$1" = update ]; then /usr/bin/touch "${bin}/updated"; echo "Reading package lists..."; exit 0; fi\n${installs}\nif [ $ok = 1 ]; then printf '#!/bin/sh\\n' > "${bwrap}"; /bin/chmod +x "${bwrap}"; echo "Setting up bubblewrap"; exit 0; fi\necho "E: Unable to locate package bubblewrap" >&2; exit 100\n`,
    { mode: 0o755 },
  );
  const probe = async (hostPath: string) =>
    existsSync(bwrap) ? { ok: true as const, executable: join(hostPath, 'bwrap') } : { ok: false as const, reason: 'missing' };
  // Only this folder: the machine's real bwrap must not be found.
  return { hostPath: bin, calls: () => (existsSync(calls) ? readFileSync(calls, 'utf8') : ''), probe, bwrap };
}

describe('ensureBubblewrap', () => {
  it('does nothing (and runs no apt-get) when bubblewrap is in place and works', async () => {
    const system = fakeSystem('works', true);
    const result = await ensureBubblewrap({ hostPath: system.hostPath, root: true, probe: system.probe });
    expect(result).toMatchObject({ action: 'none', path: system.bwrap });
    expect(system.calls()).toBe('');
  });

  it('checks the real bubblewrap of this machine with a trial sandbox', async () => {
    const result = await ensureBubblewrap({ hostPath: process.env.PATH });
    expect(result).toMatchObject({ action: 'none', path: expect.stringMatching(/\/bwrap$/) });
  });

  it('installs it with apt-get as root when it is missing, non-interactively', async () => {
    const system = fakeSystem('works');
    const lines: string[] = [];
    const result = await ensureBubblewrap({ hostPath: system.hostPath, root: true, probe: system.probe, log: (line) => lines.push(line) });
    expect(result).toMatchObject({ action: 'installed', path: system.bwrap });
    expect(system.calls()).toBe('noninteractive install -y --no-install-recommends bubblewrap\n');
    expect(lines).toContain('Setting up bubblewrap');
  });

  it('updates the package lists once when the first install fails (a fresh container)', async () => {
    const system = fakeSystem('after-update');
    const result = await ensureBubblewrap({ hostPath: system.hostPath, root: true, probe: system.probe });
    expect(result.action).toBe('installed');
    expect(system.calls().split('\n').filter(Boolean)).toEqual([
      'noninteractive install -y --no-install-recommends bubblewrap',
      'noninteractive update',
      'noninteractive install -y --no-install-recommends bubblewrap',
    ]);
  });

  it('says what to do when it may not install (not root) or cannot (apt-get fails, or no apt-get)', async () => {
    const notRoot = fakeSystem('works');
    const asUser = await ensureBubblewrap({ hostPath: notRoot.hostPath, root: false, probe: notRoot.probe });
    expect(asUser).toMatchObject({ action: 'missing', reason: 'bubblewrap (bwrap) is not installed' });
    expect(asUser.action === 'missing' && asUser.hint).toContain('sudo apt-get install bubblewrap');
    expect(notRoot.calls()).toBe('');

    const failing = fakeSystem('fails');
    const failed = await ensureBubblewrap({ hostPath: failing.hostPath, root: true, probe: failing.probe });
    expect(failed).toMatchObject({ action: 'missing', reason: 'apt-get could not install bubblewrap' });

    const empty = join(root, 'nothing');
    mkdirSync(empty);
    const noApt = await ensureBubblewrap({ hostPath: empty, root: true });
    expect(noApt).toMatchObject({ action: 'missing', reason: 'bubblewrap (bwrap) is not installed' });
  });

  it('reports a bubblewrap that is installed but cannot make a sandbox, with what to change', async () => {
    const system = fakeSystem('works', true);
    const result = await ensureBubblewrap({
      hostPath: system.hostPath,
      root: false,
      probe: async () => ({ ok: false, reason: 'bwrap: setting up uid map: Permission denied' }),
    });
    expect(result).toMatchObject({ action: 'missing', reason: expect.stringContaining('setting up uid map') });
    expect(result.action === 'missing' && result.hint).toContain('unprivileged user namespaces');
  });
});
