import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { probeBubblewrap } from '../../sandbox/index.js';
import { createSandboxCodeRunner } from './sandbox-code-runner.js';

const config = resolveRuntimeConfig(process.env);
const probe = await probeBubblewrap(config.baseEnv.PATH);
const scratch = mkdtempSync(join(tmpdir(), 'ftdojo-code-runner-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!probe.ok)('createSandboxCodeRunner', () => {
  const runner = createSandboxCodeRunner({ python: config.python, hostPath: config.baseEnv.PATH, scratchDir: scratch });
  const request = { wallSeconds: 30, memoryBytes: 2 * 1024 ** 3, outputs: ['out/result.txt', 'absent.txt'] };

  it('runs a program on its files in a fresh workspace, reads outputs back and removes the workspace', async () => {
    const result = await runner.runPython({
      ...request,
      files: {
        'main.py': "import os, helper\nos.makedirs('out')\nopen('out/result.txt', 'w').write(helper.VALUE + os.environ['GREETING'])\n",
        'helper.py': "VALUE = 'made '\n",
      },
      script: 'main.py',
      env: { GREETING: 'here' },
    });
    expect(result).toMatchObject({ status: 'ok', exitCode: 0, outputs: { 'out/result.txt': 'made here', 'absent.txt': null } });
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('keeps the network out and reports a failing program as data', async () => {
    const result = await runner.runPython({
      ...request,
      files: { 'main.py': "import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=5)\n" },
      script: 'main.py',
    });
    expect(result.status).toBe('failed');
    expect(result.stderrTail).toMatch(/OSError|unreachable|refused/i);
  });

  it('refuses files outside the workspace before running anything', async () => {
    await expect(runner.runPython({ ...request, files: { '../escape.py': '' }, script: '../escape.py' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
