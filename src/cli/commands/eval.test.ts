import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataConfig, resolveRuntimeConfig } from '../../config/index.js';
import { createDataRepository } from '../../data/index.js';
import { getTask } from '../../tasks/index.js';
import { startFakeHub } from '../../testing/fake-hub-server.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../testing/fake-openai-server.js';
import { tinyModelRepo } from '../../testing/tiny-model.js';
import { testMirror } from '../../testing/mirror.js';
import { main } from '../main.js';
import { timestamp } from './eval.js';

const mirror = testMirror();
const home = mkdtempSync(join(tmpdir(), 'ftdojo-cli-eval-'));

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'ftdojo', ...args],
    { out: (text) => void out.push(text), err: (text) => void err.push(text) },
    { FTDOJO_DATA_MIRROR: mirror ?? undefined, FTDOJO_HOME: home, ...env },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ftdojo eval: arguments', () => {
  it('refuses an unknown split, dtype or model, and an endpoint without a model name, with fixes', async () => {
    const split = await run(['eval', '--task', 'financeiq', '--split', 'train']);
    expect(split.code).toBe(2);
    expect(split.err).toContain('fix: use --split validation or --split test');
    const dtype = await run(['eval', '--task', 'financeiq', '--dtype', 'fp16']);
    expect(dtype.code).toBe(2);
    const model = await run(['eval', '--task', 'financeiq', '--model', './no/such/model/folder']);
    expect(model.code).toBe(2);
    expect(model.err).toMatch(/--model .* is neither "base", a folder, nor a Hugging Face id\n {2}fix: pass --model base/);
    // No model named: the server is asked for its only one; one that cannot be reached says how to name it.
    const endpoint = await run(['eval', '--task', 'financeiq', '--endpoint', 'http://127.0.0.1:1']);
    expect(endpoint.code).toBe(2);
    expect(endpoint.err).toContain('cannot reach http://127.0.0.1:1 to ask which models it serves');
    expect(endpoint.err).toContain('--endpoint-model');
    const limit = await run(['eval', '--task', 'financeiq', '--limit', '0']);
    expect(limit.code).toBe(2);
    const decoding = await run(['eval', '--task', 'financeiq', '--decoding', 'greedy']);
    expect(decoding.code).toBe(2);
    expect(decoding.err).toContain('fix: use --decoding constrained');
  });

  it('says to run `ftdojo setup` when the embedded model is not there', async () => {
    const { code, err } = await run(['eval', '--task', 'financeiq'], { FTDOJO_HOME: mkdtempSync(join(tmpdir(), 'ftdojo-empty-home-')) });
    expect(code).toBe(1);
    expect(err).toMatch(/the embedded SmolLM2-135M-Instruct is not set up in .*\n {2}fix: run `ftdojo setup`/);
  });

  it('names output folders by a sortable timestamp', () => {
    expect(timestamp(new Date(2025, 10, 26, 7, 5, 9))).toBe('20251126-070509');
  });
});

describe.skipIf(!mirror)('ftdojo eval through an OpenAI-compatible endpoint (fake OpenAI server double)', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    const splits = await getTask('financeiq').buildSplits(createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! })), 'mini');
    const targets = new Map(splits.validation.map((sample) => [sample.prompt, sample.target]));
    let answered = 0;
    // Right on every other prompt (gold letter and a stop), a wrong letter cut at the limit otherwise.
    server = await startFakeOpenAiServer({
      model: 'qwen-test',
      reply: ({ body }) => {
        const gold = targets.get(body.messages.at(-1)!.content) ?? 'A';
        answered += 1;
        return answered % 2 === 1 ? { content: gold } : { content: `${gold === 'A' ? 'B' : 'A'}. 因为`, finishReason: 'length' };
      },
    });
  });
  afterAll(async () => server?.close());

  it('scores the split, writes records and report, and prints JSON with the fingerprint and paths', async () => {
    const { code, out, err } = await run(
      ['eval', '--task', 'financeiq', '--endpoint', `${server.url}/v1`, '--endpoint-model', 'qwen-test', '--limit', '6', '--batch-size', '1', '--json'],
      { FTDOJO_ENDPOINT_API_KEY: 'sk-local' },
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      report: { primary: { metric: string; value: number; count: number } };
      fingerprint: Record<string, unknown>;
      decoding: { mode: string; reason: string };
      outDir: string;
      recordsPath: string;
      reportPath: string;
    };
    expect(result.report.primary).toMatchObject({ metric: 'accuracy', value: 0.5, count: 6 });
    expect(result.fingerprint).toMatchObject({
      engine: { name: 'openai-compatible' },
      model: { description: expect.stringContaining('qwen-test at http://127.0.0.1:'), servedModel: 'qwen-test', sha256: null },
      chatTemplate: null,
      decoding: { maxNewTokens: 8 },
      batchSize: 1,
      task: { id: 'financeiq', profile: 'mini', split: 'validation', samples: 6, limit: 6 },
    });
    // An endpoint cannot constrain its decoding: free generation, and the report says why.
    expect(result.decoding).toMatchObject({ mode: 'free', reason: expect.stringMatching(/cannot constrain its decoding/) });
    expect(result.outDir).toMatch(new RegExp(`^${home}/evals/financeiq-mini-validation-\\d{8}-\\d{6}$`));
    expect(existsSync(result.reportPath)).toBe(true);
    const records = readFileSync(result.recordsPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { category: string | null; finishReason: string });
    expect(records.map((record) => record.category)).toEqual([null, 'wrong-answer', null, 'wrong-answer', null, 'wrong-answer']);
    expect(records[1]!.finishReason).toBe('length');
    expect(
      server.requests.every(
        (request) => request.headers.authorization === 'Bearer sk-local' && request.body.max_tokens === 8 && request.body.temperature === 0,
      ),
    ).toBe(true);
  });

  it('prints per-metric results and the fingerprint for people', async () => {
    const outDir = join(home, 'eval-out');
    const { code, out } = await run(['eval', '--task', 'financeiq', '--endpoint', server.url, '--model', 'qwen-test', '--limit', '4', '--out', outDir]);
    expect(code).toBe(0);
    expect(out).toMatch(/generated 4 sample\(s\) in [\d.]+ s \([\d.]+ samples\/s/);
    expect(out).toMatch(/accuracy \(primary\) │ 0\.5000/);
    expect(out).toContain('outcomes: 2 correct, 2 wrong-answer');
    expect(out).toMatch(/engine {3}openai-compatible/);
    expect(out).toContain('template applied by the server (not visible)');
    expect(out).toMatch(/decoding greedy, max 8 new tokens, seed 0, batch size 4/);
    expect(out).toContain(`report:  ${join(outDir, 'report.json')}`);
    expect(out).toMatch(/^decoding: free generation: .* cannot constrain its decoding to options$/m);
  });

  it('refuses --decoding constrained through an endpoint, with the fix', async () => {
    const { code, err } = await run([
      'eval',
      '--task',
      'financeiq',
      '--endpoint',
      server.url,
      '--model',
      'qwen-test',
      '--limit',
      '2',
      '--decoding',
      'constrained',
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot constrain its decoding to options[\s\S]*fix: use --decoding free/);
  });
});

const installedPython = resolveRuntimeConfig(process.env).python;
const python = existsSync(installedPython) ? installedPython : null;

describe.skipIf(!mirror || !python)('ftdojo eval --model <Hugging Face id> (a tiny model on a fake hub, the real Python runtime)', () => {
  it('downloads the model once into the store and evaluates it from there, offline', async () => {
    const commit = '7e57000000000000000000000000000000000001';
    const hub = await startFakeHub({ 'ftdojo-test/tiny-smollm2': tinyModelRepo(commit) });
    const env = { FTDOJO_HOME: join(home, 'by-id'), FTDOJO_PYTHON: python!, FTDOJO_THREADS: '1', HF_ENDPOINT: hub.url };
    try {
      const { code, out, err } = await run(['eval', '--task', 'financeiq', '--model', 'ftdojo-test/tiny-smollm2@main', '--limit', '2', '--json'], env);
      expect(err).toBe('');
      expect(code).toBe(0);
      const result = JSON.parse(out) as {
        fingerprint: { model: { ref: unknown; sha256: string | null }; decoding: unknown };
        report: { primary: { count: number } };
      };
      expect(result.fingerprint.model.ref).toEqual({ kind: 'hub', id: 'ftdojo-test/tiny-smollm2', revision: 'main' });
      // A multiple-choice task on a local model: constrained to A-D by default (the byte-level tokenizer spells each in one token).
      expect(result.fingerprint.decoding).toMatchObject({ strategy: 'choice', choices: ['A', 'B', 'C', 'D'] });
      expect(result.fingerprint.model.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(result.report.primary.count).toBe(2);
      expect(existsSync(join(home, 'by-id', 'models', 'hub', 'ftdojo-test--tiny-smollm2', commit, 'ftdojo-hub-model.json'))).toBe(true);
      expect(hub.requests.filter((request) => request.includes('/resolve/'))).toHaveLength(6);
    } finally {
      await hub.close();
    }
  }, 300_000);
});
