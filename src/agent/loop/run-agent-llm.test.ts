import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import { ImplementationRecordSchema, primaryMetric } from '../../core/index.js';
import { createDataRepository } from '../../data/index.js';
import { openDojoSession, prepareTaskEnvironment } from '../../dojo/index.js';
import { createOpenAiCompatibleChatModel } from '../../llm/index.js';
import { createRunStore, experimentPaths, openLessonStore } from '../../store/index.js';
import { getTask } from '../../tasks/index.js';
import { realDojoRequirements } from '../../testing/real-dojo.js';
import { bubblewrapSandboxFor } from '../../testing/task-sandbox-for-tests.js';
import { chatReplies, startScriptedChatServer } from '../../testing/scripted-chat-server.js';
import type { LlmPlannerCall } from '../plan/llm-planner.js';
import { createLlmPlanner } from '../plan/llm-planner.js';
import { loopStateOf, readExperimentFeedback } from './attempts.js';
import { createHeuristicPlanner } from './planner.js';
import { createRunRecorder } from './recorder.js';
import { runAgent } from './run-agent.js';
import { budgetSpent, noImprovementFor } from './stop-conditions.js';
import { createLlmCoder } from '../implement/llm-coder.js';
import { lessonsOfRun } from '../learn/lessons-of-run.js';

/*
 * The LLM path end to end: FT-Agent's real loop (sandboxed data script, validation, a real tiny
 * LLaMA-Factory training, evaluation, feedback, decision) planned and coded by a chat model behind the
 * OpenAI-compatible HTTP API. The model is a named test double at that boundary: a local server
 * replaying a script (a malformed reply, a proposal, a stop), since no real API is reachable here.
 */
const { mirror, runtime, skip } = await realDojoRequirements();
const root = mkdtempSync(join(tmpdir(), 'ftdojo-agent-llm-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(skip !== null)(`FT-Agent planned by a chat model, on the real dojo${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('repairs a malformed plan, writes and repairs its code, trains it for real, and ends when the model says stop', async () => {
    if ('skip' in runtime) return;
    const home = join(root, 'home');
    const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
    const task = getTask('financeiq');
    const environment = await prepareTaskEnvironment({ task, profile: 'mini', repository, runtime: { ...runtime.config, home } });
    const store = createRunStore(home);
    const { runId } = store.createRun({
      task: 'financeiq',
      taskFile: null,
      profile: 'mini',
      budget: { wallSeconds: 1800, trainingSeconds: null, llmTokens: null, experiments: null },
      agent: { name: 'ft-agent', planner: 'scripted', settings: {} },
      seed: 0,
      ftdojoVersion: 'test',
    });
    const context = {
      sampleCap: environment.sampleCap,
      poolHasSolutions: environment.poolHasSolutions,
      modelContext: environment.modelContext ?? 2048,
      tokensPerSecond: 60,
      charactersPerToken: environment.charactersPerToken,
    };
    const proposal = {
      changes: 'both',
      addresses: 'none',
      data: { count: 16, seed: 0, response: 'target', maxCharacters: null, balance: 'label', subtasks: [], dedupe: true, synthesizeRows: 0 },
      training: {
        learning_rate: 2e-4,
        num_train_epochs: 1,
        lora_rank: 8,
        lora_alpha: 16,
        cutoff_len: 512,
        per_device_train_batch_size: 4,
        gradient_accumulation_steps: 2,
      },
      rationale: 'a small balanced first point: every answer letter equally often',
      expectedEffect: 'no bias towards one letter',
    };
    // The example submission's script, cut to the plan's 16 rows (a real training, kept short).
    const sound = readFileSync(resolve(import.meta.dirname, '../../../examples/financeiq/process_data.py'), 'utf8').replace('CAP = 200', 'CAP = 16');
    const server = await startScriptedChatServer([
      chatReplies.malformed(),
      chatReplies.json(proposal),
      // The coder: a first draft with a syntax error, then the repair.
      chatReplies.text(`\`\`\`python process_data.py\n${sound.replace('import json', 'import json\ndef broken(:')}\`\`\`\n`),
      chatReplies.text(`\`\`\`python process_data.py\n${sound}\`\`\`\n`),
      chatReplies.json({ stop: true, reason: 'one experiment is all this test affords' }),
    ]);
    const calls: LlmPlannerCall[] = [];
    try {
      const metric = primaryMetric(task.spec);
      const planner = createLlmPlanner({
        model: createOpenAiCompatibleChatModel({ baseUrl: server.url, model: 'scripted-planner', timeoutMs: 10_000, maxRetries: 1 }),
        context: {
          ...context,
          task: {
            id: task.spec.id,
            description: task.spec.description,
            metric: metric.name,
            direction: metric.direction,
            outputFormat: task.spec.outputFormat.description,
          },
        },
        readFeedback: (experimentId) => readExperimentFeedback(store.runDir(runId), experimentId),
        fallback: createHeuristicPlanner(context),
        onCall: (record) => calls.push(record),
      });
      const session = openDojoSession({
        environment,
        workspace: store.runDir(runId),
        budgetSeconds: 1800,
        seed: 0,
        evalLimit: 3,
        sandboxFor: bubblewrapSandboxFor(environment),
        baseEvalDir: join(home, 'base-eval'),
      }).session;
      const outcome = await runAgent({
        session,
        recorder: createRunRecorder(store, runId),
        planner,
        implementer: createLlmCoder({
          model: createOpenAiCompatibleChatModel({ baseUrl: server.url, model: 'scripted-coder', timeoutMs: 10_000, maxRetries: 1 }),
          session,
          task: { id: 'financeiq', metric: metric.name, outputFormat: task.spec.outputFormat.description },
        }),
        stops: [budgetSpent(), noImprovementFor(3)],
        state: loopStateOf(store.state(runId), store.runDir(runId)),
      });
      expect(outcome.state).toBe('completed');
      expect(outcome.reason).toContain('no untried idea');
      expect(outcome.attempts).toHaveLength(1);
      expect(outcome.attempts[0]!.hypothesis).toMatchObject({
        proposer: expect.stringMatching(/^scripted-planner@127\.0\.0\.1:/),
        data: { count: 16, balance: 'label' },
      });
      expect(store.state(runId).experiments.get('exp-001')?.state).toBe('succeeded');
      // The malformed reply was repaired by a re-ask naming the problem; the stop ended the run.
      expect(calls.map((call) => [call.outcome, call.attempts])).toEqual([
        ['proposed', 2],
        ['stopped', 1],
      ]);
      expect(JSON.stringify(server.requests[1]!.body)).toContain('That reply could not be used');
      // The model wrote the code: its syntax error came back from the static tier, the repair trained for real.
      const implementation = ImplementationRecordSchema.parse(JSON.parse(readFileSync(experimentPaths(store.runDir(runId), 'exp-001').implementation, 'utf8')));
      expect(implementation).toMatchObject({ implementer: 'llm', outcome: 'repaired' });
      expect(implementation.rounds.map((round) => round.findings.map((finding) => finding.code))).toEqual([['script-syntax'], []]);
      expect(readFileSync(join(experimentPaths(store.runDir(runId), 'exp-001').submission, 'process_data.py'), 'utf8')).toBe(sound);
      // The second plan saw the first experiment's measured feedback.
      expect(JSON.stringify(server.requests[4]!.body)).toContain('exp-001');
      // The run's lesson: its change and validation effect, and no held-out item in the stored rows.
      const lessons = openLessonStore(home);
      try {
        lessons.add(lessonsOfRun(store.state(runId), store.runDir(runId), { id: 'financeiq', domain: task.spec.domain, metric: metric.name }));
        const stored = lessons.list();
        expect(stored).toMatchObject([{ experimentId: 'exp-001', reference: 'base', change: expect.stringMatching(/^first plan: data\.count 16;/) }]);
        const rows = JSON.stringify(stored);
        for (const item of environment.heldOutKeys.test) expect(rows.includes(item.key), `a test item in a lesson: ${item.key.slice(0, 60)}`).toBe(false);
      } finally {
        lessons.close();
      }
    } finally {
      await server.close();
      store.close();
    }
  }, 900_000);
});
