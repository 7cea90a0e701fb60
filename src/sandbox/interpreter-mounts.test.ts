import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeMounts, nodeOptionsFor, pythonMounts } from './interpreter-mounts.js';
import { testPython } from './sandbox-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-interpreters-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('pythonMounts', () => {
  it("mounts the interpreter's prefixes (none for the system's /usr) and puts its bin first on PATH", async () => {
    const python = testPython(process.env);
    const [prefix, basePrefix] = JSON.parse(
      execFileSync(python, ['-c', 'import sys, json; print(json.dumps([sys.prefix, sys.base_prefix]))'], { encoding: 'utf8' }),
    ) as string[];
    const mounts = await pythonMounts(python);
    expect(mounts.path).toEqual([dirname(python)]);
    for (const dir of [prefix!, basePrefix!]) {
      if (dir.startsWith('/usr')) expect(mounts.dirs).not.toContain(dir);
      else expect(mounts.dirs.some((mounted) => dir === mounted || dir.startsWith(`${mounted}/`))).toBe(true);
    }
  });

  it('mounts a venv and the base interpreter it links to, each at its host path', async () => {
    // A stand-in venv: bin/python is a script that reports a prefix under the test folder.
    const venv = join(root, 'venv');
    const base = join(root, 'base');
    mkdirSync(join(venv, 'bin'), { recursive: true });
    mkdirSync(join(base, 'bin'), { recursive: true });
    writeFileSync(join(base, 'bin', 'python3.11'), `#!/bin/sh\necho '["${venv}", "${base}", "${venv}", "${base}", "${base}/bin/python3.11"]'\n`, {
      mode: 0o755,
    });
    symlinkSync(join(base, 'bin', 'python3.11'), join(venv, 'bin', 'python'));
    const mounts = await pythonMounts(join(venv, 'bin', 'python'));
    expect(mounts).toEqual({ dirs: [venv, base], path: [join(venv, 'bin')] });
  });

  it('refuses an interpreter whose prefix is a whole home or system folder', async () => {
    const python = join(root, 'broad-python');
    writeFileSync(python, `#!/bin/sh\necho '["/root", "/root", "/root", "/root", "/root/bin/python"]'\n`, { mode: 0o755 });
    await expect(pythonMounts(python)).rejects.toThrow(/whole of \/root/);
  });
});

describe('nodeMounts', () => {
  it("needs nothing for the system's Node, and only the binary's folder for another", () => {
    expect(nodeMounts('/usr/bin/node')).toEqual({ dirs: [], path: ['/usr/bin'] });
    const bin = join(root, 'node-install', 'bin');
    mkdirSync(bin, { recursive: true });
    expect(nodeMounts(join(bin, 'node'))).toEqual({ dirs: [bin], path: [bin] });
  });

  it('knows whether this Node can run WebAssembly under an address-space limit', async () => {
    expect(await nodeOptionsFor(process.execPath)).toBe('--disable-wasm-trap-handler');
    const oldNode = join(root, 'old-node');
    writeFileSync(oldNode, '#!/bin/sh\necho "node: --disable-wasm-trap-handler is not allowed in NODE_OPTIONS" >&2\nexit 9\n', { mode: 0o755 });
    expect(await nodeOptionsFor(oldNode)).toBeNull();
  });
});
