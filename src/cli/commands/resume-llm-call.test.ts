import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCliSetup, homeSharingModel, spawnBuiltCli } from '../../testing/built-cli.js';
import { chatReplies, startScriptedChatServer } from '../../testing/scripted-chat-server.js';

/*
 * kill -9 while FT-Agent waits for its model, then `ftdojo resume`: the run's log keeps all it had,
 * the planning call is made again (the server sees a second request), and the run completes. The
 * model is the scripted server (a test double at the provider boundary): it talks without end to
 * the first call, so the kill lands inside it, and says stop to the second. It lists one model,
 * so neither process is told the model's name.
 */
const setup = await builtCliSetup();
const skip = 'skip' in setup ? setup.skip : null;
const root = mkdtempSync(join(tmpdir(), 'ftdojo-llm-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventsOf = (runDir: string) =>
  existsSync(join(runDir, 'events.jsonl'))
    ? readFileSync(join(runDir, 'events.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { seq: number; type: string; state?: string; reason?: string })
    : [];

describe.skipIf(skip !== null)(`kill -9 during an LLM call, then resume${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('keeps the log, makes the call again and completes the run', async () => {
    if ('skip' in setup) return;
    const server = await startScriptedChatServer([chatReplies.endless('thinking ', 50)], { models: ['planner-model'] });
    try {
      const home = homeSharingModel(join(root, 'home'), setup);
      const run = spawnBuiltCli(setup, home, ['run', 'financeiq', '--budget', '10m', '--eval-limit', '2', '--llm', server.url]);
      for (const deadline = Date.now() + 240_000; server.requests.length === 0 && Date.now() < deadline; await sleep(200)) {
        if (run.child.exitCode !== null) throw new Error(`the run ended before asking its model:\n${run.output()}`);
      }
      expect(server.requests, run.output()).toHaveLength(1);
      await sleep(1500);
      run.child.kill('SIGKILL');
      expect(await run.exit).toBeNull();
      const runId = readdirSync(join(home, 'runs')).find((name) => name.startsWith('financeiq-'))!;
      const runDir = join(home, 'runs', runId);
      const before = eventsOf(runDir);
      expect(before.some((event) => event.type === 'run-finished')).toBe(false);

      server.push(chatReplies.json({ stop: true, reason: 'nothing worth the time left' }));
      const resumed = spawnBuiltCli(setup, home, ['resume', runId]);
      expect(await resumed.exit, resumed.output()).toBe(0);
      expect(resumed.output()).toContain('serves one model, planner-model');
      // The call cut short was made again: the same planner's prompt (only the time left differs), a second time.
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.body.messages?.[0]).toEqual(server.requests[0]!.body.messages?.[0]);
      const after = eventsOf(runDir);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.some((event) => event.type === 'run-resumed')).toBe(true);
      expect(after.at(-1)).toMatchObject({ type: 'run-finished', state: 'completed', reason: 'the planner has no untried idea left' });
    } finally {
      await server.close();
    }
  }, 600_000);
});
