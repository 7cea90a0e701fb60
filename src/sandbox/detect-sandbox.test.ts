import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FtdojoError } from '../core/index.js';
import { detectSandbox, probeBubblewrap } from './detect-sandbox.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-detect-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<FtdojoError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FtdojoError) return error;
    throw error;
  }
  throw new Error('expected SANDBOX_UNAVAILABLE');
}

/** A PATH holding only a stand-in `docker` client whose daemon is not running. */
function pathWithDeadDocker(): string {
  const bin = join(root, 'dead-docker-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'docker'),
    '#!/bin/sh\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n',
    { mode: 0o755 },
  );
  return bin;
}

describe('detectSandbox', () => {
  it('finds bubblewrap here by running a real trial sandbox', async () => {
    const probe = await probeBubblewrap(process.env.PATH);
    expect(probe).toMatchObject({ ok: true });
    const detection = await detectSandbox('auto', { hostPath: process.env.PATH });
    expect(detection.provider).toBe('bubblewrap');
    expect(detection.executable).toMatch(/\/bwrap$/);
    expect(detection.rejected).toEqual([]);
  });

  it('refuses docker with a clear reason when its daemon does not answer', async () => {
    const error = await refusal(detectSandbox('docker', { hostPath: pathWithDeadDocker(), image: 'python:3.11-slim' }));
    expect(error.code).toBe('SANDBOX_UNAVAILABLE');
    expect(error.fault).toBe('environment');
    expect(error.message).toContain('docker: docker is installed but does not answer: Cannot connect to the Docker daemon');
    expect(error.hint).toContain('apt-get install bubblewrap');
    expect(error.hint).toContain('docker or podman');
  });

  it("refuses this machine's docker too (a client without a daemon, or none at all), and a docker without an image", async () => {
    const error = await refusal(detectSandbox('docker', { hostPath: process.env.PATH }));
    expect(error.message).toMatch(/docker: (docker not found on PATH|docker is installed but does not answer|docker runs, but no sandbox image is configured)/);
  });

  it('with nothing installed, lists every provider it tried and says how to fix it; never runs unsandboxed', async () => {
    const empty = join(root, 'empty-bin');
    mkdirSync(empty, { recursive: true });
    const error = await refusal(detectSandbox('auto', { hostPath: empty }));
    expect(error.code).toBe('SANDBOX_UNAVAILABLE');
    expect(error.message).toContain('bubblewrap: bwrap not found on PATH');
    expect(error.message).toContain('podman: podman not found on PATH');
    expect(error.message).toContain('docker: docker not found on PATH');
    expect(error.hint).toContain('apt-get install bubblewrap');
    expect(error.hint).toContain('npx ftdojo setup');
  });

  it('reports a bubblewrap that exists but cannot make a sandbox', async () => {
    const bin = join(root, 'broken-bwrap-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'bwrap'), '#!/bin/sh\necho "bwrap: No permissions to creating new namespace" >&2\nexit 1\n', { mode: 0o755 });
    const probe = await probeBubblewrap(`${bin}:/usr/bin:/bin`);
    expect(probe).toEqual({ ok: false, reason: 'a trial run ended failed (exit 1): bwrap: No permissions to creating new namespace' });
  });
});
