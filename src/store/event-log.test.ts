import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FtdojoError } from '../core/index.js';
import { type RunMeta } from '../core/index.js';
import { openEventLog, readEventLog, writerLockPath } from './event-log.js';
import { refusal } from '../testing/refusal.js';

const META: RunMeta = {
  task: 'aime25',
  profile: 'mini',
  budget: { wallSeconds: 3600, trainingSeconds: null, llmTokens: null, experiments: 5 },
  agent: { name: 'ft-agent', planner: 'rule-based', settings: {} },
  seed: 0,
  ftdojoVersion: '0.1.0',
  taskFile: null,
};
const RUN = 'aime25-mini-20260301-101500-a3f9';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftdojo-event-log-'));
  path = join(dir, 'events.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A log of `notes` notes after run-started, closed. Returns its lines as written. */
function writeLog(notes: number): string[] {
  const log = openEventLog(path, { runId: RUN, create: true });
  log.append({ type: 'run-started', ...META });
  for (let index = 0; index < notes; index += 1) log.append({ type: 'note', text: `note ${index + 1}` });
  log.close();
  return readFileSync(path, 'utf8').split('\n').slice(0, -1);
}

/** A pid that no process has: one that just exited and was reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('openEventLog and readEventLog', () => {
  it('round-trips: append fills in version, run id, seq and time; read gives back what was written', () => {
    let tick = 0;
    const log = openEventLog(path, { runId: RUN, create: true, now: () => new Date(Date.UTC(2026, 2, 1, 10, 15, tick++)) });
    const written = [
      log.append({ type: 'run-started', ...META }),
      log.append({ type: 'iteration-started', iteration: 1, parentExperimentId: null }),
      log.append({ type: 'note', text: 'unicode survives: é, 日本, 🚀' }),
    ];
    expect(written.map((event) => [event.seq, event.at])).toEqual([
      [1, '2026-03-01T10:15:00.000Z'],
      [2, '2026-03-01T10:15:01.000Z'],
      [3, '2026-03-01T10:15:02.000Z'],
    ]);
    expect(log.events).toEqual(written);
    expect(log.bytes).toBe(readFileSync(path).length);
    log.close();
    log.close();
    const contents = readEventLog(path);
    expect(contents.events).toEqual(written);
    expect(contents.droppedTail).toBeNull();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(4);
    expect(JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!)).toMatchObject({ schemaVersion: 2, runId: RUN, seq: 1, type: 'run-started' });
  });

  it('has each line on disk when append returns, before any close', () => {
    const log = openEventLog(path, { runId: RUN, create: true });
    log.append({ type: 'run-started', ...META });
    log.append({ type: 'note', text: 'first' });
    // Read by another handle while the writer is still open: nothing waits in a buffer.
    expect(readEventLog(path).events.map((event) => event.seq)).toEqual([1, 2]);
    log.close();
  });

  it('goes on with the next seq when an existing log is opened again', () => {
    writeLog(2);
    const log = openEventLog(path, { runId: RUN });
    expect(log.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(log.append({ type: 'note', text: 'after reopening' }).seq).toBe(4);
    log.close();
    expect(readEventLog(path).events).toHaveLength(4);
  });

  it('drops and reports a half-written last line, and cuts it off before appending again', () => {
    writeLog(2);
    appendFileSync(path, '{"schemaVersion":1,"runId":"aime25-mini-20260301-101500-a3f9","seq":4,"at":"2026-03-');
    const contents = readEventLog(path);
    expect(contents.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(contents.droppedTail).toMatchObject({ line: 4, excerpt: expect.stringMatching(/^\{"schemaVersion":1,/) });
    expect(contents.bytes + contents.droppedTail!.bytes).toBe(readFileSync(path).length);

    const log = openEventLog(path, { runId: RUN });
    expect(log.recoveredTail?.line).toBe(4);
    expect(log.append({ type: 'note', text: 'after the crash' }).seq).toBe(4);
    log.close();
    const after = readEventLog(path);
    expect(after.droppedTail).toBeNull();
    expect(after.events.map((event) => event.type)).toEqual(['run-started', 'note', 'note', 'note']);
  });

  it('drops a last line without its newline even when it is whole JSON: the append never returned', () => {
    const lines = writeLog(1);
    writeFileSync(path, `${lines[0]}\n${lines[1]}`);
    const contents = readEventLog(path);
    expect(contents.events).toHaveLength(1);
    expect(contents.droppedTail?.line).toBe(2);
  });

  it('reads a log whose only line was cut as no events', () => {
    writeFileSync(path, '{"schemaVe');
    expect(readEventLog(path)).toMatchObject({ events: [], bytes: 0, droppedTail: { line: 1, bytes: 10 } });
  });

  it('calls a bad line before the last one corruption, with file and line', () => {
    const lines = writeLog(3);
    const corrupted = (line: number, text: string): FtdojoError => {
      const copy = [...lines];
      copy[line - 1] = text;
      writeFileSync(path, `${copy.join('\n')}\n`);
      return refusal(() => readEventLog(path));
    };
    const notJson = corrupted(2, '{"schemaVersion":1,"runId');
    expect(notJson.code).toBe('CORRUPT_DATA');
    expect(notJson.message).toMatch(new RegExp(`^${path.replaceAll('/', '\\/')}:2: not JSON \\(`));
    expect(notJson.hint).toMatch(/restore the file from a backup/);
    expect(corrupted(3, '').message).toBe(`${path}:3: empty line`);
    expect(corrupted(2, lines[1]!.replace('"type":"note"', '"type":"nothing"')).message).toMatch(new RegExp(`:2: not a run event: type: `));
    expect(corrupted(3, lines[3]!).message).toBe(`${path}:3: seq 4 where 3 was expected: the log has a gap or a repeat`);
    expect(corrupted(2, lines[1]!.replace(RUN, 'other-run')).message).toBe(`${path}:2: an event of run "other-run" in the log of run "${RUN}"`);
    const newer = corrupted(2, lines[1]!.replace('"schemaVersion":2', '"schemaVersion":9'));
    expect(newer.code).toBe('UNSUPPORTED');
    expect(newer.message).toBe(`${path}:2: run event schema version 9 is newer than this ftdojo reads (up to 2)`);
  });

  it('refuses a missing log, creating over an existing one, and another run opening it', () => {
    expect(refusal(() => readEventLog(path)).code).toBe('MISSING_DATA');
    expect(refusal(() => openEventLog(path, { runId: RUN })).code).toBe('MISSING_DATA');
    expect(existsSync(writerLockPath(path))).toBe(false);
    writeLog(0);
    expect(refusal(() => openEventLog(path, { runId: RUN, create: true })).message).toBe(`run ${RUN} already has a log at ${path}`);
    expect(refusal(() => openEventLog(path, { runId: 'another-run' })).message).toBe(`${path}:1: the log of run "${RUN}", opened as run "another-run"`);
    expect(existsSync(writerLockPath(path))).toBe(false);
  });

  it('refuses an invalid event without writing it or using up its seq', () => {
    const log = openEventLog(path, { runId: RUN, create: true });
    log.append({ type: 'run-started', ...META });
    const error = refusal(() =>
      log.append({
        type: 'experiment-finished',
        experimentId: 'exp-001',
        state: 'succeeded',
        feedbackPath: '/etc/passwd',
        primaryMetric: Number.NaN,
        verdict: null,
      }),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/^not a valid "experiment-finished" event: /);
    expect(log.append({ type: 'note', text: 'next' }).seq).toBe(2);
    log.close();
    expect(refusal(() => log.append({ type: 'note', text: 'closed' })).code).toBe('INTERNAL');
    expect(readEventLog(path).events).toHaveLength(2);
  });
});

describe('the writer lock', () => {
  it('lets one writer at a time append, and the next one in after close', () => {
    const first = openEventLog(path, { runId: RUN, create: true });
    first.append({ type: 'run-started', ...META });
    const error = refusal(() => openEventLog(path, { runId: RUN }));
    expect(error.message).toMatch(new RegExp(`^run ${RUN} is being written by another process \\(pid ${process.pid} on `));
    expect(error.retryable).toBe(true);
    first.close();
    expect(existsSync(writerLockPath(path))).toBe(false);
    const second = openEventLog(path, { runId: RUN });
    expect(second.append({ type: 'note', text: 'second writer' }).seq).toBe(2);
    second.close();
  });

  it('takes over a lock whose process is gone, or that is unreadable', async () => {
    writeLog(0);
    writeFileSync(
      writerLockPath(path),
      JSON.stringify({ pid: await deadPid(), host: (await import('node:os')).hostname(), since: '2026-03-01T10:15:00.000Z' }),
    );
    const log = openEventLog(path, { runId: RUN });
    expect(JSON.parse(readFileSync(writerLockPath(path), 'utf8'))).toMatchObject({ pid: process.pid });
    log.close();
    writeFileSync(writerLockPath(path), '{"pid":');
    openEventLog(path, { runId: RUN }).close();
  });
});

// The child imports the real event-log.ts: a loader hook transpiles TypeScript with the
// project's own compiler (Node 20 cannot strip types), and maps `./x.js` to `./x.ts`.
const HOOKS = (typescriptUrl: string): string => `
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from ${JSON.stringify(typescriptUrl)};
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const url = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const { outputText } = ts.transpileModule(readFileSync(fileURLToPath(url), 'utf8'), {
    fileName: fileURLToPath(url),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}`;

const WRITER = (eventLogUrl: string): string => `
import { openEventLog } from ${JSON.stringify(eventLogUrl)};
const [path, runId, meta] = process.argv.slice(2);
const log = openEventLog(path, { runId, create: true });
log.append({ type: 'run-started', ...JSON.parse(meta) });
for (let index = 0; ; index += 1) {
  // Lines of changing length, some several pages long, so a kill can land inside a write.
  const event = log.append({ type: 'note', text: 'x'.repeat((index * 997) % 20000) });
  process.stdout.write(event.seq + '\\n');
}`;

describe('a writer killed with SIGKILL while appending', () => {
  it('leaves a readable log that holds every line whose append returned', async () => {
    const typescriptUrl = pathToFileURL(createRequire(import.meta.url).resolve('typescript')).href;
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS(typescriptUrl));
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
    );
    writeFileSync(join(dir, 'writer.mjs'), WRITER(new URL('./event-log.ts', import.meta.url).href));

    const child = spawn(
      process.execPath,
      ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(dir, 'writer.mjs'), path, RUN, JSON.stringify(META)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let acknowledged = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        if (lines.length > 0) acknowledged = Number(lines.at(-1));
        if (acknowledged >= 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`the writer exited before it was killed: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const contents = readEventLog(path);
    expect(contents.events.length).toBeGreaterThanOrEqual(acknowledged);
    expect(contents.events.map((event) => event.seq)).toEqual(contents.events.map((_, index) => index + 1));
    expect(contents.bytes + (contents.droppedTail?.bytes ?? 0)).toBe(readFileSync(path).length);

    // The dead writer's lock is taken over, and the log goes on where it stopped.
    const log = openEventLog(path, { runId: RUN });
    expect(log.append({ type: 'note', text: 'resumed' }).seq).toBe(contents.events.length + 1);
    log.close();
    expect(readEventLog(path).droppedTail).toBeNull();
  });
});
