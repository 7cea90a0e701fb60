import { describe, expect, it } from 'vitest';
import { DataStrategySchema, ProblemSchema, TrainingChangesSchema } from '../../core/index.js';
import type { PlanningContext } from './heuristic-planner.js';
import { initialHypothesis } from './heuristic-planner.js';
import type { AttemptSummary, ExperimentFacts, PlanningPromptInput } from './planning-prompt.js';
import { buildPlanningMessages, PLANNING_PROMPT_LIMITS } from './planning-prompt.js';

const context: PlanningContext = {
  sampleCap: 400,
  poolHasSolutions: true,
  modelContext: 4096,
  remainingSeconds: 3600,
  tokensPerSecond: 120,
  charactersPerToken: 3.1,
};
const hypothesis = { ...initialHypothesis(context), rationale: 'answers in the boxed format\nsecond line', proposer: 'heuristic' };

const best: ExperimentFacts = {
  experimentId: 'exp-003',
  hypothesis: { ...hypothesis, parentExperimentId: 'exp-001' },
  accepted: true,
  metric: 0.6234567,
  formatErrorRate: 0.04,
  diagnosis: { problem: 'underfitting', evidence: ['loss fell only 3% over the last half'] },
};
const last: ExperimentFacts = {
  experimentId: 'exp-005',
  hypothesis: { ...hypothesis, data: { ...hypothesis.data, response: 'target' } },
  accepted: false,
  metric: 0.41,
  formatErrorRate: 0.35,
  diagnosis: { problem: 'format-errors', evidence: ["35% of validation answers could not be read in the task's format"] },
};

const summary = (index: number, idea = `idea number ${index}`): AttemptSummary => ({
  experimentId: `exp-${String(index).padStart(3, '0')}`,
  idea,
  metric: index / 1000,
  accepted: index % 7 === 0,
  problem: 'none',
});

const input = (change: Partial<PlanningPromptInput> = {}): PlanningPromptInput => ({
  task: {
    id: 'gsm8k-mini',
    description: 'Grade-school math word problems.',
    metric: 'accuracy',
    direction: 'higher',
    outputFormat: 'the final number inside \\boxed{}',
  },
  sampleCap: 400,
  poolHasSolutions: true,
  charactersPerToken: 3.1,
  modelContext: 4096,
  meanRowTokens: 240.5,
  hardware: '1x NVIDIA H100, 80 GB',
  remainingSeconds: 3600,
  trainingSecondsAllowed: 1800,
  tokensPerSecond: 120,
  tokensPerSecondSource: 'measured',
  best,
  last,
  attempts: [summary(1), summary(2), { ...summary(3), experimentId: 'exp-003' }, summary(4), { ...summary(5), experimentId: 'exp-005' }],
  startingPoint: null,
  ...change,
});

const textOf = (messages: ReturnType<typeof buildPlanningMessages>) => messages.map((message) => message.content).join('\n');

describe('buildPlanningMessages', () => {
  it('explains every hypothesis field, the acceptance rule and how to stop in the system message', () => {
    const [system, user] = buildPlanningMessages(input());
    expect(system?.role).toBe('system');
    expect(user?.role).toBe('user');
    const rules = system?.content ?? '';
    for (const key of Object.keys(TrainingChangesSchema.shape)) expect(rules).toContain(key);
    for (const key of Object.keys(DataStrategySchema.shape)) expect(rules).toContain(key);
    for (const problem of ProblemSchema.options) expect(rules).toContain(problem);
    expect(rules).toContain('"solution-then-target"');
    expect(rules).toContain('paired bootstrap');
    expect(rules).toContain('Acceptance is not yours to decide');
    expect(rules).toContain('{"stop": true, "reason": "..."}');
    expect(rules).toMatch(/count x min\(cutoff_len, mean row tokens\) x num_train_epochs/);
  });

  it('shows the task card, the data facts, the hardware and the budget', () => {
    const user = buildPlanningMessages(input())[1]?.content ?? '';
    expect(user).toContain('# Task gsm8k-mini');
    expect(user).toContain('metric: accuracy (higher is better)');
    expect(user).toContain('Grade-school math word problems.');
    expect(user).toContain('expected output format: the final number inside \\boxed{}');
    expect(user).toContain('sample cap: 400 rows');
    expect(user).toContain('pool rows have worked solutions: yes');
    expect(user).toContain('characters per token: 3.10');
    expect(user).toContain('model context: 4096 tokens');
    expect(user).toContain('mean training row: about 241 tokens (measured)');
    expect(user).toContain('hardware: 1x NVIDIA H100, 80 GB');
    expect(user).toContain('time left: 3600 s');
    expect(user).toContain('training may take at most 1800 s');
    expect(user).toContain('120 tokens/s (measured), so at most 216000 training tokens');
  });

  it("shows the best in full, the last one's diagnosis, and the other attempts in a line each", () => {
    const user = buildPlanningMessages(input())[1]?.content ?? '';
    expect(user).toContain('# Best so far: exp-003');
    expect(user).toContain(JSON.stringify(best.hypothesis.data));
    expect(user).toContain(JSON.stringify(best.hypothesis.training));
    expect(user).toContain('validation accuracy: 0.6235; format error rate: 4%');
    expect(user).toContain('diagnosis: underfitting; evidence:\n  - loss fell only 3% over the last half');
    expect(user).toContain('# Last experiment: exp-005, not accepted');
    expect(user).toContain('35% of validation answers could not be read');
    expect(user).toContain('must address this diagnosis (problem "format-errors")');
    expect(user).toContain('# Other attempts (4 most recent)');
    expect(user).toContain('- exp-001: idea number 1 | accuracy 0.001 | not accepted | problem none');
    // The best is shown in full above, not again as a line.
    expect(user).not.toContain('- exp-003:');
    expect(user).not.toContain('# Nothing has run yet');
  });

  it('says when the last experiment is the best, and offers the starting point before anything ran', () => {
    const same = buildPlanningMessages(input({ last: best, attempts: [{ ...summary(3), experimentId: 'exp-003' }] }))[1]?.content ?? '';
    expect(same).toContain('# Last experiment: exp-003, the best so far');
    const first =
      buildPlanningMessages(
        input({ best: null, last: null, attempts: [], meanRowTokens: null, tokensPerSecondSource: 'assumed', startingPoint: hypothesis }),
      )[1]?.content ?? '';
    expect(first).toContain('# Best so far: none accepted yet');
    expect(first).toContain('mean training row: not measured yet');
    expect(first).toContain('(assumed)');
    expect(first).toContain('# Nothing has run yet');
    expect(first).toContain(JSON.stringify(hypothesis.training));
    expect(first).not.toContain('# Other attempts');
  });

  it("shows earlier runs' lessons, the most relevant first and only a few", () => {
    const lessons = Array.from({ length: 8 }, (_, index) => `financeiq: lesson ${index + 1}`);
    const text = textOf(buildPlanningMessages(input({ lessons })));
    expect(text).toContain('# Lessons from earlier runs');
    expect(text).toContain('- financeiq: lesson 1');
    expect(text).toContain('- financeiq: lesson 5');
    expect(text).not.toContain('lesson 6');
    expect(textOf(buildPlanningMessages(input()))).not.toContain('# Lessons');
  });

  it('shows the plans already chosen for a parallel round, so the model proposes another', () => {
    const chosen = { ...last.hypothesis, data: { ...last.hypothesis.data, count: 321 } };
    const text = textOf(buildPlanningMessages(input({ pending: [chosen] })));
    expect(text).toContain('# Already chosen for this round');
    expect(text).toContain('"count":321');
    expect(textOf(buildPlanningMessages(input()))).not.toContain('# Already chosen');
  });

  it('stays under the character cap with a 200-attempt history, showing the recent ones and counting the rest', () => {
    const long = 'tried a much longer rationale that goes on and on about learning rates and epochs '.repeat(20);
    const attempts = Array.from({ length: 200 }, (_, index) => summary(index + 1, long));
    attempts[2] = { ...attempts[2]!, experimentId: 'exp-003' };
    const messages = buildPlanningMessages(input({ attempts, last: { ...last, experimentId: 'exp-200' } }));
    const text = textOf(messages);
    expect(text.length).toBeLessThanOrEqual(PLANNING_PROMPT_LIMITS.totalCharacters);
    const user = messages[1]?.content ?? '';
    expect(user).toContain(
      `# Other attempts (${PLANNING_PROMPT_LIMITS.recentAttempts} most recent; ${199 - PLANNING_PROMPT_LIMITS.recentAttempts} older not shown)`,
    );
    expect(user).toContain('- exp-200:');
    expect(user).not.toContain('- exp-188:');
    const line = user.split('\n').find((candidate) => candidate.startsWith('- exp-199:')) ?? '';
    expect(line).toContain('[...cut]');
    expect(line.length).toBeLessThan(PLANNING_PROMPT_LIMITS.ideaCharacters + 80);
  });

  it('keeps within the cap when every free-text field is huge', () => {
    const huge = 'x'.repeat(50_000);
    const bloated: ExperimentFacts = {
      ...best,
      hypothesis: { ...best.hypothesis, rationale: huge, expectedEffect: huge },
      diagnosis: { problem: 'truncation', evidence: Array.from({ length: 50 }, () => huge) },
    };
    const attempts = Array.from({ length: 200 }, (_, index) => summary(index + 1, huge));
    const messages = buildPlanningMessages(
      input({
        task: { id: 't', description: huge, metric: 'accuracy', direction: 'lower', outputFormat: huge },
        hardware: huge,
        best: bloated,
        last: { ...bloated, experimentId: 'exp-200' },
        attempts,
      }),
    );
    expect(textOf(messages).length).toBeLessThanOrEqual(PLANNING_PROMPT_LIMITS.totalCharacters);
    expect(messages[1]?.content).toContain('metric: accuracy (lower is better)');
    expect(messages[1]?.content).toContain('Propose the next experiment');
  });
});
