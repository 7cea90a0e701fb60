import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { pythonEnvironment } from '../python-env/index.js';
import type { RuntimeWorker, WorkerReply } from './runtime-worker.js';
import { createRuntimeWorker } from './runtime-worker.js';

/**
 * The worker's life cycle against a stand-in speaking protocol 1 (standard library only): what a
 * `train` request does is named by its config_path. The real worker.py answers `ping` without
 * importing torch, so it is started here too.
 */
const root = mkdtempSync(join(tmpdir(), 'ftdojo-worker-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STAND_IN = `
import json, os, sys, time
def send(message):
    sys.stdout.write(json.dumps({"protocol": int(os.environ.get("PROTOCOL", "1")), **message}) + "\\n")
    sys.stdout.flush()
send({"event": "ready", "pid": os.getpid()})
for line in sys.stdin:
    request = json.loads(line)
    what = request.get("config_path", "")
    if what == "sleep":
        time.sleep(600)
    if what == "crash":
        sys.stderr.write("Fatal Python error: Segmentation fault\\n")
        sys.stderr.flush()
        os._exit(139)
    if what == "raise":
        send({"id": request["id"], "event": "result", "ok": False, "seconds": 0.1, "error": {"type": "ValueError", "message": "bad", "exit_code": 1}})
        continue
    send({"id": request["id"], "event": "progress", "done": 1})
    rss = 10**12 if what == "grow" else 1000
    send({"id": request["id"], "event": "result", "ok": True, "seconds": 0.1, "value": {"pid": os.getpid()}, "rss_bytes": rss, "cuda_bytes": None})
`;
const standIn = join(root, 'stand_in.py');
writeFileSync(standIn, STAND_IN);

const workers: RuntimeWorker[] = [];
function standInWorker(options: { env?: Record<string, string>; maxRequests?: number; python?: string } = {}): RuntimeWorker {
  const worker = createRuntimeWorker({
    python: options.python ?? 'python3',
    args: ['-u', standIn],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    killGraceSeconds: 1,
    maxRequests: options.maxRequests,
  });
  workers.push(worker);
  return worker;
}
afterAll(async () => {
  for (const worker of workers) await worker.close();
});

const train = (what: string) => ({ kind: 'train' as const, config_path: what, run_dir: root, log_path: join(root, 'log') });
const pidOf = (reply: WorkerReply) => (reply.state === 'ok' ? reply.value.pid : reply.state);

describe('createRuntimeWorker', () => {
  it('starts on the first request, serves the next ones in the same process, and hands each its events', async () => {
    const worker = standInWorker();
    expect(worker.stats()).toMatchObject({ starts: 0, pid: null });
    const events: unknown[] = [];
    const first = await worker.request(train('ok'), { onEvent: (event) => events.push(event) });
    const second = await worker.request(train('ok'));
    expect(first.state).toBe('ok');
    expect(pidOf(second)).toBe(pidOf(first));
    expect(events).toEqual([expect.objectContaining({ event: 'progress', done: 1 })]);
    expect(worker.stats()).toMatchObject({ starts: 1, served: 2 });
  });

  it('answers requests one at a time, in order', async () => {
    const worker = standInWorker();
    const replies = await Promise.all([1, 2, 3].map(() => worker.request(train('ok'))));
    expect(new Set(replies.map(pidOf)).size).toBe(1);
    expect(worker.stats().served).toBe(3);
  });

  it('stops a request by killing the process group, and starts a fresh process for the next one', async () => {
    const worker = standInWorker();
    const controller = new AbortController();
    const before = pidOf(await worker.request(train('ok')));
    const sleeping = worker.request(train('sleep'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    expect(await sleeping).toMatchObject({ state: 'died', stopped: true, signal: 'SIGTERM' });
    const after = await worker.request(train('ok'));
    expect(after.state).toBe('ok');
    expect(pidOf(after)).not.toBe(before);
    expect(worker.stats().starts).toBe(2);
  });

  it('does not start a request whose signal is already aborted, and leaves the process alone', async () => {
    const worker = standInWorker();
    const before = pidOf(await worker.request(train('ok')));
    expect(await worker.request(train('ok'), { signal: AbortSignal.abort() })).toMatchObject({ state: 'died', stopped: true, pid: null });
    expect(pidOf(await worker.request(train('ok')))).toBe(before);
  });

  it('reports a worker that dies mid-request with its last output, and restarts for the next', async () => {
    const worker = standInWorker();
    const crashed = await worker.request(train('crash'));
    expect(crashed).toMatchObject({ state: 'died', stopped: false, exitCode: 139 });
    expect(crashed.state === 'died' && crashed.stderrTail).toContain('Segmentation fault');
    expect((await worker.request(train('ok'))).state).toBe('ok');
    expect(worker.stats().starts).toBe(2);
  });

  it('turns an exception into an error reply, and retires that process before the next request', async () => {
    const worker = standInWorker();
    const first = pidOf(await worker.request(train('ok')));
    expect(await worker.request(train('raise'))).toMatchObject({ state: 'error', error: { type: 'ValueError', message: 'bad', exitCode: 1 } });
    expect(pidOf(await worker.request(train('ok')))).not.toBe(first);
    expect(worker.stats().retired[0]).toContain('raised ValueError');
  });

  it('retires a process after maxRequests, or when its memory grew past the limit', async () => {
    const worker = standInWorker({ maxRequests: 2 });
    const pids = [];
    for (let index = 0; index < 3; index += 1) pids.push(pidOf(await worker.request(train('ok'))));
    expect(pids[1]).toBe(pids[0]);
    expect(pids[2]).not.toBe(pids[1]);
    const grown = standInWorker();
    const big = pidOf(await grown.request(train('grow')));
    expect(pidOf(await grown.request(train('ok')))).not.toBe(big);
    expect(grown.stats().retired[0]).toContain('resident memory');
  });

  it('refuses a worker that speaks another protocol, and an interpreter that cannot start', async () => {
    expect(await standInWorker({ env: { PROTOCOL: '2' } }).request(train('ok'))).toMatchObject({
      state: 'unstartable',
      reason: expect.stringContaining('protocol 2'),
    });
    expect(await standInWorker({ python: join(root, 'no-such-python') }).request(train('ok'))).toMatchObject({
      state: 'unstartable',
      reason: expect.stringContaining('ENOENT'),
    });
  });

  it('ends its process on close; a later request starts a fresh one', async () => {
    const worker = standInWorker();
    const before = pidOf(await worker.request(train('ok')));
    await worker.close();
    expect(worker.stats()).toMatchObject({ pid: null, retired: ['closed'] });
    expect(existsSync(`/proc/${String(before)}`)).toBe(false);
    expect(pidOf(await worker.request(train('ok')))).not.toBe(before);
  });

  it('starts the real worker.py, which answers a ping without importing torch', async () => {
    const config = resolveRuntimeConfig(process.env);
    const python = existsSync(config.python) ? config.python : 'python3';
    const worker = createRuntimeWorker({ python, env: pythonEnvironment(config) });
    workers.push(worker);
    const reply = await worker.request({ kind: 'ping' });
    expect(reply).toMatchObject({ state: 'ok', value: { torch_imported: false, cached_models: 0 } });
  });
});
