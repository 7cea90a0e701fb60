import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProfileSpec, Sample, TaskSpec } from '../core/index.js';
import { TaskSpecSchema } from '../core/index.js';
import type { EngineFacts } from '../runtime/index.js';
import { createScriptedBackend } from '../testing/scripted-backend.js';
import { evaluateReusing, type EvaluateReusingInput } from './reuse-evaluation.js';

const profile: ProfileSpec = {
  baseModel: 'test',
  budget: { wallClockSeconds: 60, sampleCap: 10 },
  validationSize: 3,
  testSize: 0,
  maxNewTokens: 8,
  dataFrom: 'mirror',
  splitRule: 'fixed',
  deviations: [],
};
const task: TaskSpec = TaskSpecSchema.parse({
  schemaVersion: 1,
  id: 'quiz',
  title: 'Quiz',
  domain: 'finance',
  paperTask: false,
  description: 'Pick a letter.',
  outputFormat: { description: 'one letter', example: 'B' },
  sources: [],
  heldOutFrom: [],
  metrics: [{ name: 'accuracy', scorer: 'choice-letter', params: { letters: ['A', 'B', 'C', 'D'] }, direction: 'higher', primary: true }],
  profiles: { paper: profile, mini: profile },
});
const sample = (id: string, reference: string): Sample => ({ id, prompt: `question ${id}`, reference, target: reference, meta: {} });
const samples = [sample('q1', 'B'), sample('q2', 'C'), sample('q3', 'A')];
const picks: Record<string, string> = { q1: 'B', q2: 'D', q3: 'A' };

/** A local-like backend: constrains, and describes the engine it would run without generating. */
const backendWith = (engine: Partial<EngineFacts> = {}, options: { describable?: boolean } = {}) =>
  createScriptedBackend((request) => `free ${request.id}`, {
    engine: { modelSha256: 'a'.repeat(64), ...engine },
    choose: (request) => picks[request.id]!,
    describable: options.describable ?? true,
  });

function run(outDir: string, backend: ReturnType<typeof backendWith>, extra: Partial<EvaluateReusingInput> = {}) {
  const lines: string[] = [];
  const result = evaluateReusing({
    task,
    profile: 'mini',
    split: 'validation',
    samples,
    backend,
    outDir,
    bootstrap: { resamples: 0, seed: 0 },
    log: (line) => lines.push(line),
    ...extra,
  });
  return result.then((value) => ({ ...value, lines }));
}

/** A folder holding a kept evaluation of the base backend (one generation, done). */
async function keptFolder() {
  const outDir = mkdtempSync(join(tmpdir(), 'ftdojo-reuse-'));
  const first = await run(outDir, backendWith());
  expect(first.outcome).toEqual({ kind: 'evaluated', reason: 'nothing kept' });
  return { outDir, first };
}

describe('evaluateReusing: a kept evaluation is reused only when its fingerprint matches', () => {
  it('hit: the same fingerprint is reused without generating, and says so', async () => {
    const { outDir, first } = await keptFolder();
    expect(existsSync(join(outDir, 'pending-fingerprint.json'))).toBe(false);
    const backend = backendWith();
    const again = await run(outDir, backend);
    expect(again.outcome).toEqual({ kind: 'reused' });
    expect(backend.calls).toHaveLength(0);
    expect(backend.described).toBe(1);
    expect(again.file).toEqual(first.file);
    expect(again.lines).toEqual([`kept evaluation reused: its fingerprint matches (${first.file.fingerprint.digest.slice(0, 12)}…)`]);
    // Batch size, threads and device change nothing but rounding: still reused.
    expect((await run(outDir, backendWith(), { batchSize: 2 })).outcome.kind).toBe('reused');
    expect((await run(outDir, backendWith({ threads: 16, device: 'cuda' }))).outcome.kind).toBe('reused');
  });

  it('miss: changed weights, template, versions or decoding evaluate again, remove the kept generations, and say which field differs', async () => {
    const cases: [Partial<EngineFacts>, Partial<EvaluateReusingInput>, RegExp][] = [
      [{ modelSha256: 'b'.repeat(64) }, {}, /^the kept fingerprint differs: model aaaaaaaaaaaa… → bbbbbbbbbbbb…$/],
      [
        { chatTemplate: { name: 'scripted', sha256: '1'.repeat(64), system: null, rendered: 'Q: {{content}}' } },
        {},
        /chatTemplate 000000000000… → 111111111111…/,
      ],
      [{ versions: { scripted: '2' } }, {}, /engine\.versions \{"scripted":"1"\} → \{"scripted":"2"\}/],
      [{}, { decoding: 'free' }, /decoding \{"strategy":"choice".*\} → \{"strategy":"greedy".*"maxNewTokens":8/],
      [{}, { maxNewTokens: 4, decoding: 'free' }, /decoding/],
    ];
    for (const [engine, extra, reason] of cases) {
      const { outDir, first } = await keptFolder();
      // What the local backend would resume from: it must not survive a changed fingerprint.
      mkdirSync(join(outDir, 'generation'), { recursive: true });
      writeFileSync(join(outDir, 'generation', 'generations.jsonl'), '{"id":"q1","output":"stale"}\n');
      let seenStale: boolean | null = null;
      const backend = backendWith(engine);
      const generate = backend.generate.bind(backend);
      backend.generate = (requests, call) => {
        seenStale = existsSync(join(outDir, 'generation', 'generations.jsonl'));
        return generate(requests, call);
      };
      const again = await run(outDir, backend, extra);
      expect(again.outcome.kind).toBe('evaluated');
      expect(again.outcome.kind === 'evaluated' && again.outcome.reason).toMatch(reason);
      expect(again.lines[0]).toMatch(/^evaluating: the kept fingerprint differs: /);
      expect(backend.calls).toHaveLength(1);
      expect(seenStale).toBe(false);
      expect(again.file.fingerprint.digest).not.toBe(first.file.fingerprint.digest);
      // The new evaluation is now the kept one.
      expect((await run(outDir, backendWith(engine), extra)).outcome.kind).toBe('reused');
    }
  });

  it("miss: kept records that are not the split's samples, or another split, evaluate again", async () => {
    const { outDir } = await keptFolder();
    const records = readFileSync(join(outDir, 'records.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(outDir, 'records.jsonl'), records.slice(0, 2).join('\n') + '\n');
    const dropped = await run(outDir, backendWith());
    expect(dropped.outcome).toEqual({ kind: 'evaluated', reason: "the kept records are not the split's samples: 2 records kept, 3 samples in the split" });

    const shorter = await run(outDir, backendWith(), { samples: samples.slice(0, 2) });
    expect(shorter.outcome.kind === 'evaluated' && shorter.outcome.reason).toMatch(/task\.samples/);
  });

  it('corrupt: an unreadable report, records file or fingerprint is evaluated again, not a crash', async () => {
    const corruptions: [string, (outDir: string) => void, RegExp][] = [
      ['report.json', (dir) => writeFileSync(join(dir, 'report.json'), '{"schemaVersion": 2, "kind": "ftdojo-evalu'), /report\.json cannot be read/],
      ['records.jsonl', (dir) => writeFileSync(join(dir, 'records.jsonl'), '{"id": "q1", "out'), /records\.jsonl cannot be read/],
      [
        'an edited fingerprint',
        (dir) => {
          const file = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { fingerprint: { model: { sha256: string } } };
          file.fingerprint.model.sha256 = 'a'.repeat(63) + 'b';
          writeFileSync(join(dir, 'report.json'), JSON.stringify(file));
        },
        /does not match its own digest/,
      ],
      ['an empty report.json', (dir) => writeFileSync(join(dir, 'report.json'), ''), /report\.json cannot be read/],
    ];
    for (const [what, corrupt, reason] of corruptions) {
      const { outDir } = await keptFolder();
      corrupt(outDir);
      const backend = backendWith();
      const again = await run(outDir, backend);
      expect(again.outcome.kind, what).toBe('evaluated');
      expect(again.outcome.kind === 'evaluated' && again.outcome.reason, what).toMatch(reason);
      expect(backend.calls, what).toHaveLength(1);
      expect(again.file.report.primary.value, what).toBeCloseTo(2 / 3);
    }
  });

  it('scores kept outputs again when only the scoring mode differs', async () => {
    const { outDir, first } = await keptFolder();
    const backend = backendWith();
    // Official scoring of a multiple-choice task defaults to free decoding: ask for constrained to keep the outputs comparable.
    const official = await run(outDir, backend, { scoring: 'official', decoding: 'constrained' });
    expect(official.outcome).toEqual({ kind: 'rescored', reason: 'kept in corrected scoring, official asked' });
    expect(backend.calls).toHaveLength(0);
    expect(official.file.report.scoring).toBe('official');
    expect(official.file.fingerprint.digest).not.toBe(first.file.fingerprint.digest);
  });

  it('resumes an interrupted evaluation of the same fingerprint, and starts over after one of another', async () => {
    const { outDir } = await keptFolder();
    const pending = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as { fingerprint: unknown };
    const interrupt = (fingerprint: unknown) => {
      for (const name of ['report.json', 'records.jsonl']) rmSync(join(outDir, name), { force: true });
      mkdirSync(join(outDir, 'generation'), { recursive: true });
      writeFileSync(join(outDir, 'generation', 'generations.jsonl'), '{"id":"q1","output":"B"}\n');
      writeFileSync(join(outDir, 'pending-fingerprint.json'), JSON.stringify(fingerprint));
    };
    interrupt(pending.fingerprint);
    let kept: boolean | null = null;
    const backend = backendWith();
    const generate = backend.generate.bind(backend);
    backend.generate = (requests, call) => {
      kept = existsSync(join(outDir, 'generation', 'generations.jsonl'));
      return generate(requests, call);
    };
    const resumed = await run(outDir, backend);
    expect(resumed.lines).toEqual(['resuming an interrupted evaluation of the same fingerprint']);
    expect(kept).toBe(true);
    expect(existsSync(join(outDir, 'pending-fingerprint.json'))).toBe(false);

    interrupt({ ...(pending.fingerprint as object), digest: 'f'.repeat(64) });
    const restarted = await run(outDir, backendWith());
    expect(restarted.outcome.kind === 'evaluated' && restarted.outcome.reason).toMatch(/does not match its own digest/);
  });

  it('cannot check without a description of the engine: evaluates again and says why', async () => {
    const { outDir } = await keptFolder();
    const backend = backendWith({}, { describable: false });
    const again = await run(outDir, backend);
    expect(again.outcome).toEqual({
      kind: 'evaluated',
      reason: 'scripted cannot tell its engine facts before generating, so a kept evaluation cannot be checked',
    });
    expect(backend.calls).toHaveLength(1);
  });
});
