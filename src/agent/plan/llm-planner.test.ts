import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Feedback, Hypothesis } from '../../core/index.js';
import { HypothesisSchema, parseFeedback } from '../../core/index.js';
import type { CallTimePolicy, OpenAiCompatibleChatModelOptions } from '../../llm/index.js';
import { ChatModelError, createOpenAiCompatibleChatModel } from '../../llm/index.js';
import { rejectionOf } from '../../testing/refusal.js';
import { chatReplies, startScriptedChatServer, type ScriptedChatReply, type ScriptedChatServer } from '../../testing/scripted-chat-server.js';
import type { PlanInput } from '../loop/planner.js';
import { createHeuristicPlanner } from '../loop/planner.js';
import type { Attempt } from './heuristic-planner.js';
import { initialHypothesis } from './heuristic-planner.js';
import type { LlmPlannerCall, LlmPlanningContext } from './llm-planner.js';
import { budgetProblems, createLlmPlanner } from './llm-planner.js';

const fixture = parseFeedback(JSON.parse(readFileSync(new URL('../../core/fixtures/feedback-v1.example.json', import.meta.url), 'utf8')));
const feedbackFor = (experimentId: string): Feedback => ({ ...structuredClone(fixture), experimentId });

// 3600 s left: training may take 1800 s, 216,000 tokens at 120 tokens/s; the fixture's rows average 240.5 tokens.
const context: LlmPlanningContext = {
  sampleCap: 400,
  poolHasSolutions: false,
  modelContext: 4096,
  tokensPerSecond: 120,
  charactersPerToken: 3,
  task: {
    id: 'gsm8k-mini',
    description: 'Grade-school math word problems.',
    metric: 'accuracy',
    direction: 'higher',
    outputFormat: 'the final number inside \\boxed{}',
  },
  hardware: '1x NVIDIA H100, 80 GB',
  tokensPerSecondSource: 'measured',
};
const start = initialHypothesis({ ...context, remainingSeconds: 3600 });
const best: Attempt = { experimentId: 'exp-001', hypothesis: start, diagnosis: { problem: 'none', evidence: [] }, accepted: true };
const last: Attempt = {
  experimentId: 'exp-002',
  hypothesis: { ...start, parentExperimentId: 'exp-001', training: { ...start.training, num_train_epochs: 2 } },
  diagnosis: { problem: 'format-errors', evidence: ["35% of validation answers could not be read in the task's format"] },
  accepted: false,
};
const planInput: PlanInput = { attempts: [best, last], best, remainingSeconds: 3600 };

/** A proposal as the model writes it: the hypothesis without schemaVersion and proposer. */
const proposal = (change: { count?: number; epochs?: number; cutoff?: number } = {}) => ({
  changes: 'data',
  addresses: 'format-errors',
  data: { ...start.data, count: change.count ?? 200, response: 'target' },
  training: { ...start.training, cutoff_len: change.cutoff ?? 512, num_train_epochs: change.epochs ?? 1 },
  rationale: 'answers are unreadable: train on the boxed target alone',
  expectedEffect: 'format errors below 10%',
});

const servers: ScriptedChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(
  script: ScriptedChatReply[],
  modelOptions: Partial<OpenAiCompatibleChatModelOptions> = {},
  maxBudgetRejections?: number,
  callTime?: CallTimePolicy,
) {
  const server = await startScriptedChatServer(script);
  servers.push(server);
  const sleeps: number[] = [];
  const calls: LlmPlannerCall[] = [];
  const fallbackInputs: PlanInput[] = [];
  const heuristic = createHeuristicPlanner(context);
  const model = createOpenAiCompatibleChatModel({
    baseUrl: server.url,
    model: 'planner-model',
    timeoutMs: 5000,
    maxRetries: 2,
    sleep: async (ms) => void sleeps.push(ms),
    backoff: { baseDelayMs: 1 },
    ...modelOptions,
  });
  const planner = createLlmPlanner({
    model,
    context,
    readFeedback: (experimentId) => (experimentId.startsWith('exp-') ? feedbackFor(experimentId) : null),
    fallback: { name: heuristic.name, propose: (input) => (fallbackInputs.push(input), heuristic.propose(input)) },
    onCall: (record) => calls.push(record),
    maxBudgetRejections,
    callTime,
  });
  return { server, model, planner, sleeps, calls, fallbackInputs };
}

const messagesOf = (server: ScriptedChatServer, index: number) => server.requests[index]?.body.messages ?? [];
const lastUserMessage = (server: ScriptedChatServer, index: number) => messagesOf(server, index).at(-1)?.content ?? '';

describe('createLlmPlanner', () => {
  it('turns a good JSON reply into a full hypothesis, and records the call', async () => {
    const reply: ScriptedChatReply = { kind: 'completion', content: JSON.stringify(proposal()), usage: { promptTokens: 3000, completionTokens: 250 } };
    const { server, model, planner, calls, fallbackInputs } = await setup([reply], { price: { inputPerMillion: 1, outputPerMillion: 4 } });
    const hypothesis = await planner.propose(planInput);

    expect(hypothesis).not.toBeNull();
    expect(HypothesisSchema.parse(hypothesis)).toEqual(hypothesis);
    expect(hypothesis).toMatchObject({
      schemaVersion: 1,
      proposer: model.name,
      parentExperimentId: 'exp-001',
      addresses: 'format-errors',
      data: { count: 200, response: 'target' },
      training: { cutoff_len: 512, num_train_epochs: 1 },
    });
    expect(planner.name).toBe(`llm:${model.name}`);
    expect(fallbackInputs).toHaveLength(0);

    const body = server.requests[0]?.body;
    expect(body?.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'hypothesis' } });
    const [system, user] = messagesOf(server, 0);
    expect(system?.content).toContain('paired bootstrap');
    expect(user?.content).toContain('# Task gsm8k-mini');
    expect(user?.content).toContain('# Best so far: exp-001');
    expect(user?.content).toContain('# Last experiment: exp-002, not accepted');
    expect(user?.content).toContain('mean training row: about 241 tokens (measured)');

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      model: model.name,
      outcome: 'proposed',
      attempts: 1,
      problems: [],
      fellBack: null,
      stopReason: null,
      usage: { promptTokens: 3000, completionTokens: 250, estimated: false },
    });
    expect(calls[0]?.usage.costUsd).toBeCloseTo((3000 * 1 + 250 * 4) / 1e6, 12);
    expect(calls[0]?.seconds).toBeGreaterThanOrEqual(0);
  });

  it('takes JSON wrapped in prose and fences', async () => {
    const { server, planner, calls } = await setup([chatReplies.proseWrapped(proposal())], { structuredOutput: 'json-object' });
    expect((await planner.propose(planInput))?.data.count).toBe(200);
    expect(server.requests[0]?.body.response_format).toEqual({ type: 'json_object' });
    // Without a provider-side schema, the schema travels in the system message.
    expect(messagesOf(server, 0)[0]?.content).toContain('"synthesizeRows"');
    expect(calls[0]?.outcome).toBe('proposed');
  });

  it('repairs malformed JSON by asking again, then uses the good reply', async () => {
    const { server, planner, calls } = await setup([chatReplies.malformed(), chatReplies.json(proposal())]);
    expect((await planner.propose(planInput))?.proposer).toContain('planner-model');
    expect(server.requests).toHaveLength(2);
    expect(lastUserMessage(server, 1)).toContain('no valid JSON in the reply');
    expect(calls[0]).toMatchObject({ outcome: 'proposed', attempts: 2, fellBack: null });
    expect(calls[0]?.problems[0]).toContain('no valid JSON');
  });

  it('falls back to the heuristic planner on a refusal, and says why', async () => {
    const { server, planner, calls, fallbackInputs } = await setup([chatReplies.refusal('I cannot help with that.'), chatReplies.json(proposal())]);
    const hypothesis = await planner.propose(planInput);
    expect(hypothesis?.proposer).toBe('heuristic');
    expect(fallbackInputs).toEqual([planInput]);
    expect(server.requests).toHaveLength(1);
    expect(calls[0]).toMatchObject({ outcome: 'fell-back', attempts: 1 });
    expect(calls[0]?.fellBack).toMatch(/^refused: .*I cannot help with that\./);
  });

  it('falls back when no reply matches the schema after the repairs', async () => {
    // max_steps is a LLaMA-Factory key, but not one a hypothesis may set.
    const unknownKey = { ...proposal(), training: { ...proposal().training, max_steps: 10 } };
    const { planner, calls } = await setup([chatReplies.malformed(), chatReplies.text('raise the rate'), chatReplies.json(unknownKey)]);
    expect((await planner.propose(planInput))?.proposer).toBe('heuristic');
    expect(calls[0]).toMatchObject({ outcome: 'fell-back', attempts: 3 });
    expect(calls[0]?.fellBack).toMatch(/^invalid-output: /);
    expect(calls[0]?.problems).toHaveLength(3);
    expect(calls[0]?.problems[2]).toContain('max_steps');
  });

  it('falls back when the provider stays down, and throws when the key is refused', async () => {
    const down = await setup([chatReplies.serverError(), chatReplies.serverError(503)], { maxRetries: 1 });
    expect((await down.planner.propose(planInput))?.proposer).toBe('heuristic');
    expect(down.calls[0]?.fellBack).toMatch(/^unavailable: .*HTTP 503/);

    const unauthorized = await setup([{ kind: 'error', status: 401, message: 'Incorrect API key provided.' }]);
    const error = await rejectionOf(unauthorized.planner.propose(planInput), ChatModelError);
    expect(error.reason).toBe('unauthorized');
    expect(error.hint).toContain('API_KEY');
    expect(unauthorized.fallbackInputs).toHaveLength(0);
  });

  it('bounds the planning step by its share of the time left: a model that never stops talking costs that, and the fallback plans', async () => {
    // 100 s left at a share of 2%: the whole step may take 2 s (a floor of 5 s applies below that, so 2.5% of 200 s).
    const { server, planner, calls } = await setup([chatReplies.endless('thinking ', 20)], {}, undefined, { share: 0.025, capSeconds: 300 });
    const progress: number[] = [];
    const started = Date.now();
    const hypothesis = await planner.propose({ ...planInput, remainingSeconds: 200, onProgress: (step) => progress.push(step.tokens) });
    const seconds = (Date.now() - started) / 1000;
    expect(hypothesis?.proposer).toBe('heuristic');
    expect(seconds).toBeGreaterThanOrEqual(4.9);
    expect(seconds).toBeLessThan(8);
    expect(calls[0]).toMatchObject({ outcome: 'fell-back', attempts: 1 });
    expect(calls[0]?.fellBack).toMatch(/^deadline: /);
    expect(progress.length).toBeGreaterThan(10);
    // The reply was asked for with a max_tokens the schema needs, not the server's default.
    expect(server.requests[0]!.body.max_tokens).toBeLessThan(1024);
  });

  it('shares one deadline between the re-asks of a step: a slow model re-asked for a repair falls back when it is spent', async () => {
    const slowProse = chatReplies.streamed('I would raise the learning rate a little.', 250, 4);
    const { server, planner, calls } = await setup([slowProse, slowProse, slowProse], {}, undefined, { share: 0.05, capSeconds: 300 });
    const started = Date.now();
    expect((await planner.propose({ ...planInput, remainingSeconds: 100 }))?.proposer).toBe('heuristic');
    // 5 s for the step: the first reply takes 2.75 s, its repair is cut off.
    expect((Date.now() - started) / 1000).toBeLessThan(7.5);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(calls[0]?.fellBack).toMatch(/^deadline: /);
  });

  it('waits as long as a 429 says, then uses the reply', async () => {
    const { server, planner, sleeps, calls } = await setup([chatReplies.rateLimited(2), chatReplies.json(proposal())]);
    expect((await planner.propose(planInput))?.data.count).toBe(200);
    expect(sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
    expect(calls[0]).toMatchObject({ outcome: 'proposed', attempts: 1, fellBack: null });
  });

  it('abandons a reply slower than the timeout and uses the retry', async () => {
    const { server, planner, calls } = await setup([chatReplies.slow(5000, chatReplies.json(proposal({ count: 300 }))), chatReplies.json(proposal())], {
      timeoutMs: 200,
    });
    const started = performance.now();
    expect((await planner.propose(planInput))?.data.count).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(2);
    expect(calls[0]?.outcome).toBe('proposed');
  });

  it('rejects a proposal over the time budget with the numbers, and takes the one that fits', async () => {
    // 400 rows x 240.5 tokens x 3 epochs at 120 tokens/s = 2405 s, over the 1800 s allowed.
    const reply = (value: unknown): ScriptedChatReply => ({
      kind: 'completion',
      content: JSON.stringify(value),
      usage: { promptTokens: 1000, completionTokens: 100 },
    });
    const { server, planner, calls } = await setup([reply(proposal({ count: 400, epochs: 3 })), reply(proposal({ count: 400, epochs: 2 }))]);
    const hypothesis = await planner.propose(planInput);
    expect(hypothesis?.training.num_train_epochs).toBe(2);

    expect(server.requests).toHaveLength(2);
    const reask = lastUserMessage(server, 1);
    expect(reask).toContain('rejected before it ran');
    expect(reask).toContain(
      "estimated training time 2405 s (400 rows x 241 tokens x 3 epochs at 120 tokens/s) is over the 1800 s allowed (half of 3600 s, this experiment's share of the 3600 s left); at these settings about 299 rows fit",
    );
    // The rejected proposal stays in the conversation, so the model sees what it is changing.
    expect(messagesOf(server, 1).at(-2)?.role).toBe('assistant');
    expect(calls[0]).toMatchObject({ outcome: 'proposed', attempts: 2, usage: { promptTokens: 2000, completionTokens: 200 } });
    expect(calls[0]?.problems[0]).toMatch(/^over the budget: estimated training time 2405 s/);
  });

  it('rejects a count over the cap and a cutoff over the context, and falls back after maxBudgetRejections', async () => {
    const tooBig = proposal({ count: 5000, cutoff: 8192 });
    const { server, planner, calls } = await setup([chatReplies.json(tooBig), chatReplies.json(tooBig), chatReplies.json(tooBig)]);
    expect((await planner.propose(planInput))?.proposer).toBe('heuristic');
    expect(server.requests).toHaveLength(3);
    expect(lastUserMessage(server, 1)).toContain('data.count 5000 is over the sample cap of 400 rows');
    expect(lastUserMessage(server, 1)).toContain("cutoff_len 8192 is over the model's context of 4096 tokens");
    expect(calls[0]).toMatchObject({ outcome: 'fell-back', attempts: 3 });
    expect(calls[0]?.fellBack).toContain('did not fit the budget after 2 re-asks');

    const once = await setup([chatReplies.json(tooBig)], {}, 0);
    expect((await once.planner.propose(planInput))?.proposer).toBe('heuristic');
    expect(once.server.requests).toHaveLength(1);
  });

  it('re-asks once for an experiment already tried, then falls back on a second repeat', async () => {
    const repeat = { ...proposal(), data: last.hypothesis.data, training: { ...last.hypothesis.training } };
    // The same plan with its keys in another order is still the same plan.
    const reordered = { ...repeat, training: Object.fromEntries(Object.entries(repeat.training).reverse()) };
    const { server, planner, calls } = await setup([chatReplies.json(repeat), chatReplies.json(proposal())]);
    expect((await planner.propose(planInput))?.data.count).toBe(200);
    expect(lastUserMessage(server, 1)).toContain('already tried');
    expect(calls[0]?.problems).toEqual(['already tried: the same data and training as an earlier experiment']);

    const twice = await setup([chatReplies.json(repeat), chatReplies.json(reordered)]);
    expect((await twice.planner.propose(planInput))?.proposer).toBe('heuristic');
    expect(twice.calls[0]?.fellBack).toContain('already tried, twice');
  });

  it('proposes nothing when the model stops, and records its reason', async () => {
    const { planner, calls, fallbackInputs } = await setup([chatReplies.json({ stop: true, reason: 'no idea is worth the 200 s left' })]);
    expect(await planner.propose(planInput)).toBeNull();
    expect(fallbackInputs).toHaveLength(0);
    expect(calls[0]).toMatchObject({ outcome: 'stopped', stopReason: 'no idea is worth the 200 s left', fellBack: null, attempts: 1 });
  });

  it('plans the first experiment from the starting point, and keeps a parent only when it exists', async () => {
    const { server, planner } = await setup([
      chatReplies.json(proposal()),
      chatReplies.json({ ...proposal(), parentExperimentId: 'exp-002' }),
      chatReplies.json({ ...proposal(), parentExperimentId: 'exp-999' }),
    ]);
    const first = await planner.propose({ attempts: [], best: null, remainingSeconds: 3600 });
    expect(first?.parentExperimentId).toBeNull();
    expect(lastUserMessage(server, 0)).toContain('# Nothing has run yet');
    expect(lastUserMessage(server, 0)).toContain('mean training row: not measured yet');
    expect((await planner.propose(planInput))?.parentExperimentId).toBe('exp-002');
    expect((await planner.propose(planInput))?.parentExperimentId).toBe('exp-001');
  });
});

describe('budgetProblems', () => {
  const sizing = { ...context, remainingSeconds: 3600, experimentsToFit: 1, meanRowTokens: null };
  const plan = (data: Partial<Hypothesis['data']>, training: Hypothesis['training']): Hypothesis => ({ ...start, data: { ...start.data, ...data }, training });

  it('assumes rows of 60% of the cutoff before any is measured, and no longer than maxCharacters allows', () => {
    // 400 rows x 307.2 tokens x 1 epoch at 120 tokens/s = 1024 s: fits in 1800 s; 2 epochs do not.
    expect(budgetProblems(plan({ count: 400, maxCharacters: null }, { cutoff_len: 512, num_train_epochs: 1 }), sizing)).toEqual([]);
    expect(budgetProblems(plan({ count: 400, maxCharacters: null }, { cutoff_len: 512, num_train_epochs: 2 }), sizing)[0]).toContain('2048 s');
    // 300 characters at 3 per token: rows of at most 100 tokens, so 5 epochs fit (1667 s).
    expect(budgetProblems(plan({ count: 400, maxCharacters: 300 }, { cutoff_len: 512, num_train_epochs: 5 }), sizing)).toEqual([]);
  });

  it('refuses "more data" on no more rows than the parent, and says when more rows than its do not fit', () => {
    // 600 s left for 2 experiments: 150 s of training, 18,000 tokens, 58 rows of 307.2 tokens; the parent trained 80.
    const tight = { ...sizing, remainingSeconds: 600, experimentsToFit: 2, parentRows: 80 };
    const moreData = { ...plan({ count: 120, maxCharacters: null }, { cutoff_len: 512, num_train_epochs: 1 }), addresses: 'too-little-data' as const };
    expect(budgetProblems(moreData, tight)[0]).toMatch(
      /about 58 rows fit, no more than the parent's 80: more data does not fit the time left, so change something else$/,
    );
    expect(budgetProblems({ ...moreData, data: { ...moreData.data, count: 58 } }, tight)).toEqual([
      "it addresses too-little-data with 58 rows, no more than the parent's 80: propose more rows than that, or another change",
    ]);
    expect(budgetProblems({ ...moreData, addresses: 'format-errors', data: { ...moreData.data, count: 58 } }, tight)).toEqual([]);
    expect(budgetProblems({ ...moreData, data: { ...moreData.data, count: 100 } }, { ...sizing, parentRows: 80 })).toEqual([]);
  });
});
