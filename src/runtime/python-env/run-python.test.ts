import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { runPython } from './run-python.js';

// Node stands in for the interpreter: runPython's job is the process, the environment and the streams.
const config = resolveRuntimeConfig({ FTDOJO_PYTHON: process.execPath, FTDOJO_THREADS: '2' });
const root = mkdtempSync(join(tmpdir(), 'ftdojo-run-python-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runPython', () => {
  it('runs with the runtime environment, streams lines and writes the log', async () => {
    const lines: string[] = [];
    const logFile = join(root, 'logs', 'run.log');
    const script = 'console.log(process.env.OMP_NUM_THREADS); console.log(process.env.HF_HUB_OFFLINE + " " + process.env.EXTRA); console.error("warn")';
    const result = await runPython(config, ['-e', script], { env: { EXTRA: 'x' }, onStdoutLine: (line) => lines.push(line), logFile });
    expect(result).toMatchObject({ code: 0, signal: null, stdout: '2\n1 x\n', stderr: 'warn\n' });
    expect(lines).toEqual(['2', '1 x']);
    expect(readFileSync(logFile, 'utf8')).toContain('warn');
  });

  it('returns a failed script as a result', async () => {
    const result = await runPython(config, ['-e', 'process.stderr.write("boom"); process.exit(3)']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('boom');
  });

  it('stops the process on abort', async () => {
    const controller = new AbortController();
    const running = runPython(config, ['-e', 'setTimeout(() => {}, 60000)'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const result = await running;
    expect(result.signal).toBe('SIGTERM');
    expect(result.code).toBe(143);
  });

  it('rejects with a fix when the interpreter does not exist', async () => {
    const missing = resolveRuntimeConfig({ FTDOJO_HOME: root });
    const error = await runPython(missing, ['-c', 'pass']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FtdojoError);
    expect((error as FtdojoError).code).toBe('PYTHON_ENV');
    expect((error as FtdojoError).hint).toContain('ftdojo setup');
  });
});
