import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { createBubblewrapSandbox, probeBubblewrap } from '../../sandbox/index.js';
import { testPython } from '../../sandbox/sandbox-fixture.js';
import { initialHypothesis } from '../plan/heuristic-planner.js';
import { writeSubmission } from './write-submission.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-implement-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const bubblewrap = await probeBubblewrap();

const context = { sampleCap: 6, poolHasSolutions: true, modelContext: 8192, remainingSeconds: 600, tokensPerSecond: 100, charactersPerToken: 3 };

function pool(): string {
  const dir = join(root, 'task');
  mkdirSync(dir, { recursive: true });
  const rows = [
    { prompt: 'What is 1+1? Put the answer in \\boxed{}.', target: '\\boxed{2}', subtask: 'a', extra: { solution: '1+1 is 2. \\boxed{2}' } },
    { prompt: 'What is 2+2? Put the answer in \\boxed{}.', target: '\\boxed{4}', subtask: 'a', extra: {} },
    { prompt: 'What is 2+2? Put the answer in \\boxed{}.', target: '\\boxed{4}', subtask: 'a', extra: {} },
    { prompt: 'x'.repeat(5000), target: '\\boxed{9}', subtask: 'b', extra: {} },
    { prompt: 'What is 3+3?', target: '', subtask: 'b', extra: {} },
    { prompt: 'What is 5+5? Put the answer in \\boxed{}.', target: '\\boxed{10}', subtask: 'b', extra: { solution: 'Five and five make ten.' } },
  ];
  writeFileSync(join(dir, 'pool.jsonl'), rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return dir;
}

describe('writeSubmission', () => {
  it('writes the strategy script, strategy.json and a train.yaml LLaMA-Factory reads', async () => {
    const hypothesis = initialHypothesis(context);
    const workspace = join(root, 'files');
    await writeSubmission(hypothesis, workspace);
    expect(JSON.parse(readFileSync(join(workspace, 'strategy.json'), 'utf8'))).toEqual(hypothesis.data);
    const yaml = parseDocument(readFileSync(join(workspace, 'train.yaml'), 'utf8'), { version: '1.1' }).toJS() as Record<string, unknown>;
    expect(yaml).toEqual(hypothesis.training);
    expect(readFileSync(join(workspace, 'process_data.py'), 'utf8')).toContain('strategy.json');
  });

  it.skipIf(!bubblewrap.ok)('whose script carries out the strategy inside the sandbox: solutions, filters, dedupe', async () => {
    const hypothesis = initialHypothesis(context);
    const workspace = join(root, 'run');
    await writeSubmission(hypothesis, workspace);
    const python = testPython(process.env);
    const sandbox = createBubblewrapSandbox({ taskDir: pool(), workspaceDir: workspace, python });
    const result = await sandbox.exec([python, '/workspace/process_data.py']);
    expect(result.status, result.stderr).toBe('ok');
    const rows = JSON.parse(readFileSync(join(workspace, 'output', 'train.json'), 'utf8')) as { instruction: string; output: string }[];
    // The duplicate, the over-long prompt and the row without a target are gone.
    expect(rows).toHaveLength(3);
    const byPrompt = Object.fromEntries(rows.map((row) => [row.instruction.slice(0, 12), row.output]));
    expect(byPrompt['What is 1+1?']).toBe('1+1 is 2. \\boxed{2}');
    expect(byPrompt['What is 5+5?']).toBe('Five and five make ten.\n\\boxed{10}');
    expect(byPrompt['What is 2+2?']).toBe('\\boxed{4}');
  });
});
