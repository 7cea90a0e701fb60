import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODER_FAULT_IDS, PLANTED_FAULTS, plantFault } from '../../bench/index.js';
import { resolveDataConfig } from '../../config/index.js';
import type { DojoSession, Hypothesis } from '../../core/index.js';
import { HYPOTHESIS_VERSION, ImplementationRecordSchema } from '../../core/index.js';
import { createDataRepository } from '../../data/index.js';
import type { TaskEnvironment } from '../../dojo/index.js';
import { openDojoSession, prepareTaskEnvironment } from '../../dojo/index.js';
import { createOpenAiCompatibleChatModel } from '../../llm/index.js';
import { getTask } from '../../tasks/index.js';
import { realDojoRequirements } from '../../testing/real-dojo.js';
import type { ScriptedChatServer } from '../../testing/scripted-chat-server.js';
import { chatReplies, startScriptedChatServer } from '../../testing/scripted-chat-server.js';
import { bubblewrapSandboxFor } from '../../testing/task-sandbox-for-tests.js';
import { createLlmCoder } from './llm-coder.js';

/*
 * The coder against the real dojo: a chat model (a named test double at the HTTP boundary: a
 * local server replaying a script) whose first drafts carry the faults a coding model makes, and
 * a real session whose static and data tiers (sandboxed debug run included) catch each one. The
 * diagnostic goes back in the repair request and the sound second draft passes. Training the
 * repaired code for real is run-agent-llm.test.ts's job (one real training for both).
 */
const { mirror, runtime, skip } = await realDojoRequirements();
const EXAMPLE = resolve(import.meta.dirname, '../../../examples/financeiq');
const SOUND = readFileSync(join(EXAMPLE, 'process_data.py'), 'utf8');

const HYPOTHESIS: Hypothesis = {
  schemaVersion: HYPOTHESIS_VERSION,
  proposer: 'test',
  parentExperimentId: null,
  changes: 'data',
  addresses: 'none',
  data: { count: 16, seed: 0, response: 'target', maxCharacters: null, balance: 'label', subtasks: [], dedupe: true, synthesizeRows: 0 },
  training: { num_train_epochs: 1, cutoff_len: 512 },
  rationale: 'sixteen rows balanced over the answer letters',
  expectedEffect: 'no bias towards one letter',
};

const fenced = (script: string) => `Here is the script.\n\n\`\`\`python process_data.py\n${script}\`\`\`\n`;

describe.skipIf(skip !== null)(`the coder repairs its drafts from the dojo's diagnostics${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let root: string;
  let environment: TaskEnvironment;
  let session: DojoSession;

  beforeAll(async () => {
    if ('skip' in runtime) return;
    root = mkdtempSync(join(tmpdir(), 'ftdojo-coder-'));
    const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
    environment = await prepareTaskEnvironment({
      task: getTask('financeiq'),
      profile: 'mini',
      repository,
      runtime: { ...runtime.config, home: join(root, 'home') },
    });
    session = openDojoSession({
      environment,
      workspace: join(root, 'session'),
      budgetSeconds: 3600,
      seed: 0,
      evalLimit: 3,
      sandboxFor: bubblewrapSandboxFor(environment),
      baseEvalDir: null,
      validationLimits: { debugSeconds: 5 },
    }).session;
  }, 300_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const coderOn = (server: ScriptedChatServer, repairRounds = 3) =>
    createLlmCoder({
      model: createOpenAiCompatibleChatModel({ baseUrl: server.url, model: 'scripted-coder', timeoutMs: 10_000, maxRetries: 0 }),
      session,
      task: { id: 'financeiq', metric: 'accuracy', outputFormat: 'the option letter' },
      repairRounds,
    });

  function faultyScript(id: (typeof CODER_FAULT_IDS)[number]): string {
    const fault = PLANTED_FAULTS.find((candidate) => candidate.id === id)!;
    const workspace = plantFault(fault, EXAMPLE, join(root, 'drafts', id), { testQuestions: [] });
    return readFileSync(join(workspace, 'process_data.py'), 'utf8');
  }

  for (const id of CODER_FAULT_IDS) {
    const fault = PLANTED_FAULTS.find((candidate) => candidate.id === id)!;
    it(`${id}: caught by the ${fault.tier} tier (${fault.code}), repaired in round 2`, async () => {
      const server = await startScriptedChatServer([chatReplies.text(fenced(faultyScript(id))), chatReplies.text(fenced(SOUND))]);
      try {
        const { files, record } = await coderOn(server).implement({ hypothesis: HYPOTHESIS, experimentId: `exp-${id}`, remainingSeconds: 3000 });
        expect(ImplementationRecordSchema.parse(record)).toMatchObject({ implementer: 'llm', outcome: 'repaired', fellBack: null });
        expect(record.rounds.map((round) => [round.outcome, round.failedTier])).toEqual([
          ['failed', fault.tier],
          ['passed', null],
        ]);
        expect(record.rounds[0]!.findings.map((finding) => finding.code)).toContain(fault.code);
        // The repair request told the model what failed and showed it the draft.
        const repair = JSON.stringify(server.requests[1]!.body.messages);
        expect(repair).toContain(fault.code);
        expect(repair).toContain('The draft it checked');
        expect(record.rounds[1]!.diff).toMatch(/^\+\+\+ b\/process_data.py/m);
        expect(files['process_data.py']).toBe(SOUND);
        expect(files['hypothesis.json']).toContain('sixteen rows');
      } finally {
        await server.close();
      }
    }, 120_000);
  }

  it('falls back to the template when the drafts still fail after the repair rounds, and says why', async () => {
    const broken = fenced(faultyScript('script-syntax-error'));
    const server = await startScriptedChatServer([chatReplies.text('I would rather explain it in words.'), chatReplies.text(broken), chatReplies.text(broken)]);
    try {
      const { files, record } = await coderOn(server, 2).implement({ hypothesis: HYPOTHESIS, experimentId: 'exp-fallback', remainingSeconds: 3000 });
      expect(record.outcome).toBe('fell-back');
      expect(record.fellBack).toMatch(/still failed after 2 repair round\(s\) \(static tier, script-syntax\)/);
      expect(record.rounds.map((round) => round.outcome)).toEqual(['no-code', 'failed', 'failed']);
      expect(files['strategy.json']).toContain('"count": 16');
      expect(files['process_data.py']).toContain("FT-Agent's data script");
    } finally {
      await server.close();
    }
  }, 120_000);

  it('falls back when the model is not there, without ending the run', async () => {
    const server = await startScriptedChatServer([chatReplies.serverError(503)]);
    try {
      const { record } = await coderOn(server).implement({ hypothesis: HYPOTHESIS, experimentId: 'exp-down', remainingSeconds: 3000 });
      expect(record).toMatchObject({ outcome: 'fell-back', rounds: [] });
      expect(record.fellBack).toMatch(/unavailable/);
    } finally {
      await server.close();
    }
  }, 60_000);
});
