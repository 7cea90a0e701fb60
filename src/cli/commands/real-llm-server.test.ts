import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeuristicPlanner, createLlmPlanner, initialHypothesis } from '../../agent/index.js';
import type { LlmPlannerCall } from '../../agent/index.js';
import { resolveDataConfig } from '../../config/index.js';
import { createDataRepository } from '../../data/index.js';
import { createOpenAiCompatibleChatModel, onlyServedModel } from '../../llm/index.js';
import { createLocalBackend, createOpenAiCompatibleBackend } from '../../runtime/index.js';
import { builtCliSetup, homeSharingModel, spawnBuiltCli, type BuiltCliSetup } from '../../testing/built-cli.js';
import { getTask } from '../../tasks/index.js';
import { startLlamafactoryApi, type LlamafactoryApiServer } from '../../testing/llamafactory-api-server.js';

/*
 * The LLM backbone against a real OpenAI-compatible server, no scripted replies: `llamafactory-cli
 * api` from the pinned environment serving the embedded SmolLM2-135M on this CPU, a model far too
 * small and slow to plan. Started once for the file. It must cost a bounded share of a run and
 * never break one: the planning call falls back in bounded time, a short run ends cleanly with its
 * reason, and `ftdojo eval --endpoint` (naming no model: the server has one) scores the split's
 * items; the endpoint backend answers as the local one does, token for token.
 */
const setup = await builtCliSetup();
const skip = 'skip' in setup ? setup.skip : null;
const root = mkdtempSync(join(tmpdir(), 'ftdojo-real-llm-'));
let server: LlamafactoryApiServer | undefined;

beforeAll(async () => {
  if ('skip' in setup) return;
  server = await startLlamafactoryApi(setup.runtime);
}, 200_000);
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

const PROMPTS = [
  '以下是关于保险从业资格CICE的单项选择题，请直接给出正确答案的选项。\n题目：保险合同的当事人是？\nA. 投保人和保险人\nB. 被保险人\nC. 受益人\nD. 代理人\n答案：',
  'What is the capital of France? Answer in one word.',
];

describe.skipIf(skip !== null)(`the LLM backbone against llamafactory-cli api${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const ready = () => ({ setup: setup as BuiltCliSetup, server: server! });

  it('the endpoint backend answers like the local backend, token for token', async () => {
    const { setup: built, server: api } = ready();
    const requests = PROMPTS.map((content, index) => ({ id: `p${index}`, messages: [{ role: 'user' as const, content }] }));
    const endpoint = await createOpenAiCompatibleBackend({ baseUrl: api.origin, model: api.modelName, concurrency: 1 }).generate(requests, { maxNewTokens: 8 });
    const { runtime } = built;
    const local = await createLocalBackend(runtime.config, runtime.model, { promptFormat: runtime.promptFormat, batchSize: 2 }).generate(requests, {
      maxNewTokens: 8,
    });
    expect(endpoint.engine).toMatchObject({ engine: 'openai-compatible', servedModel: api.modelName, chatTemplate: null });
    for (const [index, output] of endpoint.outputs.entries()) {
      const reference = local.outputs[index]!;
      expect(output.id).toBe(reference.id);
      expect(output.output.length).toBeGreaterThan(0);
      expect(output.output).toBe(reference.output);
      expect(output.promptTokens).toBe(reference.promptTokens);
      expect(output.finishReason).toBe(reference.finishReason);
    }
  }, 300_000);

  it('a planning call that cannot give a valid plan within its deadline falls back in bounded time, streaming progress', async () => {
    const { server: api } = ready();
    const modelName = await onlyServedModel(api.url, null, 'FTDOJO_LLM_MODEL');
    expect(modelName).toBe(api.modelName);
    const context = { sampleCap: 400, poolHasSolutions: false, modelContext: 8192, tokensPerSecond: 60, charactersPerToken: 1.5 };
    const calls: LlmPlannerCall[] = [];
    const planner = createLlmPlanner({
      model: createOpenAiCompatibleChatModel({ baseUrl: api.url, model: modelName, timeoutMs: 180_000, maxRetries: 1 }),
      context: {
        ...context,
        task: {
          id: 'financeiq',
          description: 'Chinese financial multiple choice.',
          metric: 'accuracy',
          direction: 'higher',
          outputFormat: 'one letter, A to D',
        },
      },
      readFeedback: () => null,
      fallback: createHeuristicPlanner(context),
      onCall: (record) => calls.push(record),
      // 200 s left: the step may take 20 s.
      callTime: { share: 0.1, capSeconds: 300 },
    });
    const tokens: number[] = [];
    const started = Date.now();
    const hypothesis = await planner.propose({ attempts: [], best: null, remainingSeconds: 200, onProgress: (progress) => tokens.push(progress.tokens) });
    const seconds = (Date.now() - started) / 1000;
    expect(hypothesis).not.toBeNull();
    expect(seconds).toBeLessThan(20 + 10);
    expect(calls).toHaveLength(1);
    // A 135M model does not write a valid plan: the fallback's, for running out of time or of repairs.
    if (calls[0]!.outcome === 'fell-back') {
      expect(hypothesis!.proposer).toBe('heuristic');
      expect(calls[0]!.fellBack).toMatch(/^(deadline|invalid-output): /);
    } else expect(hypothesis).toMatchObject({ ...initialHypothesis({ ...context, remainingSeconds: 200 }), proposer: expect.stringContaining(modelName) });
    // The reply streamed: progress arrived token by token.
    expect(tokens.length).toBeGreaterThan(3);
  }, 120_000);

  it("ftdojo eval --endpoint, naming no model, scores the split's items with the server's only model", async () => {
    const { setup: built, server: api } = ready();
    const home = homeSharingModel(join(root, 'eval-home'), built);
    const cli = spawnBuiltCli(built, home, ['eval', '--task', 'financeiq', '--limit', '4', '--endpoint', api.url, '--json']);
    expect(await cli.exit, cli.output()).toBe(0);
    const result = JSON.parse(cli.stdout()) as {
      recordsPath: string;
      report: { primary: { count: number } };
      fingerprint: { model: { servedModel?: string | null } };
    };
    expect(result.fingerprint.model.servedModel).toBe(api.modelName);
    expect(result.report.primary.count).toBe(4);
    const ids = readFileSync(result.recordsPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    // The same items a local `ftdojo eval --limit 4` scores: the first four of the validation split
    // (the backend test above shows the answers are the local model's, token for token).
    const splits = await getTask('financeiq').buildSplits(createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: built.mirror })), 'mini');
    expect(ids).toEqual(splits.validation.slice(0, 4).map((sample) => sample.id));
  }, 300_000);

  it('a short run with this backbone ends cleanly with its reason, within its budget, and still scores on test', async () => {
    const { setup: built, server: api } = ready();
    const home = homeSharingModel(join(root, 'run-home'), built);
    // 4 minutes, 43 s of it reserved for held-out scoring: planning may take 30% of what is left.
    const run = spawnBuiltCli(built, home, ['run', 'financeiq', '--budget', '4m', '--eval-limit', '2', '--max-iterations', '1', '--llm', api.url], {
      FTDOJO_AGENT_LLM_CALL_SHARE: '0.3',
    });
    const code = await run.exit;
    const output = run.output();
    expect(code, output).toBe(0);
    expect(output).toContain(`serves one model, ${api.modelName}`);
    const runId = /run (financeiq-mini-\S+): FT-Agent/.exec(output)?.[1];
    expect(runId, output).toBeDefined();
    const runDir = join(home, 'runs', runId!);
    const events = readFileSync(join(runDir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; state?: string; reason?: string });
    const finished = events.find((event) => event.type === 'run-finished');
    expect(finished, output).toMatchObject({ state: 'completed' });
    expect(finished!.reason).toMatch(/^(budget: |1 iterations, the maximum)/);
    const calls = readFileSync(join(runDir, 'planner-calls.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LlmPlannerCall);
    // Each planning step kept to its share of the ~197 s session (30%: under a minute).
    for (const call of calls) expect(call.seconds).toBeLessThan(0.3 * 197 + 5);
    expect(existsSync(join(runDir, 'report.md'))).toBe(true);
    // The base model was scored on test (the held-out split) though no experiment may have run.
    expect(output).toMatch(/scoring .* on the held-out test split/);
  }, 600_000);
});
