import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET_SOURCES, findSource } from '../../data/index.js';
import { CHEMCOT_DATASET_FILES, chemcotDatasetHubFiles, hydroxylCountRows } from '../../tasks/catalogue/chemcot-dataset-fixture.js';
import { factCheckingInstructRows, TABLE_INSTRUCT } from '../../tasks/catalogue/table-instruct-fixture.js';
import type { BuiltCliSetup } from '../../testing/built-cli.js';
import { builtCliSetup, homeSharingModel, spawnBuiltCli } from '../../testing/built-cli.js';
import { startFakeHub, type FakeHub, type FakeHubFile, type FakeHubRepo } from '../../testing/fake-hub-server.js';
import { tinyModelRepo, writeTinyModel } from '../../testing/tiny-model.js';

/*
 * The paper profile as a user with internet meets it, on this CPU: data files from a stand-in hub
 * on 127.0.0.1 at the pinned revisions. The hub serves the mirror's copies of the files both hold
 * and, for the hub-only training sources (TableInstruct, ChemCoTDataset), small files in their own
 * layouts made here. financeiq and TableBench read no mirror at all; a ChemCoT task reads
 * ChemCoTBench (mirror only: not wired to the hub) from the mirror and ChemCoTDataset from the hub,
 * file by file. `ftdojo run <task> --profile paper` then plans, trains
 * (LLaMA-Factory, for real, on the CPU: --device cpu), validates and scores on the held-out split.
 */
const setup = await builtCliSetup();
const skip = 'skip' in setup ? setup.skip : null;
const root = mkdtempSync(join(tmpdir(), 'ftdojo-run-paper-'));
const TINY_ID = 'ftdojo-test/tiny-chemist';
const TINY_COMMIT = '7a1e5000000000000000000000000000000c0ffe';

/** A source's hub repository at its pinned revision, holding `files`. */
function hubRepo(sourceId: string, files: Record<string, FakeHubFile>): [string, FakeHubRepo] {
  const pin = findSource(DATASET_SOURCES, sourceId).hub!;
  return [pin.repo, { commits: [{ sha: pin.revision.padEnd(40, '0'), files }] }];
}

/** The files of a source that the mirror holds too, served from the mirror's bytes. */
function mirrorServed(mirror: string, sourceId: string): [string, FakeHubRepo] {
  const files = findSource(DATASET_SOURCES, sourceId).files.filter((file) => file.hubPath !== null && file.mirrorPath !== null);
  return hubRepo(sourceId, Object.fromEntries(files.map((file) => [file.hubPath!, { content: readFileSync(join(mirror, file.mirrorPath!)), lfs: true }])));
}

let hub: FakeHub | undefined;
beforeAll(async () => {
  if (skip) return;
  const { mirror } = setup as BuiltCliSetup;
  const jsonl = (rows: readonly unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  hub = await startFakeHub(
    Object.fromEntries([
      mirrorServed(mirror, 'financeiq'),
      mirrorServed(mirror, 'tablebench'),
      hubRepo('tableinstruct', { 'TableInstruct_instructions.jsonl': { content: jsonl([...TABLE_INSTRUCT, ...factCheckingInstructRows(24)]), lfs: true } }),
      hubRepo(
        'chemcot-dataset',
        chemcotDatasetHubFiles({
          ...CHEMCOT_DATASET_FILES,
          'chemcotbench-cot/mol_und/fg_count.json': [...CHEMCOT_DATASET_FILES['chemcotbench-cot/mol_und/fg_count.json']!, ...hydroxylCountRows(24)],
        }),
      ),
      [TINY_ID, tinyModelRepo(TINY_COMMIT)],
    ]),
  );
});
afterAll(async () => {
  await hub?.close();
  rmSync(root, { recursive: true, force: true });
});

interface RunJson {
  task: string;
  profile: string;
  status: string;
  experiments: Array<{ state: string; baseModel?: unknown }>;
  best: { test: { value: number } | null } | null;
  base: { test: { value: number | null } } | null;
  runDir: string;
}

/** ChemCoTBench, the chemistry tasks' held-out side, is read from the mirror; the rest from the hub alone. */
const needsMirror = (task: string) => task.startsWith('chemcot-');

async function runPaper(task: string, baseModel: string, home: string): Promise<{ report: RunJson; output: string }> {
  const args = [
    '--device',
    'cpu',
    'run',
    task,
    '--profile',
    'paper',
    '--base-model',
    baseModel,
    '--eval-limit',
    '2',
    '--max-iterations',
    '1',
    '--budget',
    '15m',
    '--json',
  ];
  const env = { HF_ENDPOINT: hub!.url, FTDOJO_DATA_OFFLINE: '', HF_HUB_OFFLINE: '', ...(needsMirror(task) ? {} : { FTDOJO_DATA_MIRROR: '' }) };
  const cli = spawnBuiltCli(setup as BuiltCliSetup, home, args, env);
  const code = await cli.exit;
  expect(code, cli.output()).toBe(0);
  return { report: JSON.parse(cli.stdout()) as RunJson, output: cli.output() };
}

const embedded = () => (setup as BuiltCliSetup).runtime.modelPath;

/*
 * Three runs, one per kind of base model: the embedded model's folder (the one run that costs
 * minutes: SmolLM2-135M on the CPU, TableBench's long table prompts need its tokenizer), a tiny
 * model's folder and a tiny model named by hub id (a one-layer Llama with a byte tokenizer:
 * training and generation take seconds, whatever the profile's output lengths).
 */
describe.skipIf(skip !== null)(`ftdojo run --profile paper from a stand-in hub${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('tablebench-fact-checking: TableInstruct and TableBench from the hub (no mirror), a real training on the embedded model folder, scored on the held-out split', async () => {
    const home = homeSharingModel(join(root, 'tablebench'), setup as BuiltCliSetup);
    const { report, output } = await runPaper('tablebench-fact-checking', embedded(), home);
    expectCompleted(report, 'tablebench-fact-checking', output);
    expect(hub!.requests.some((request) => request.includes('/TableInstruct/resolve/'))).toBe(true);
    expect(hub!.requests.some((request) => request.includes('/TableBench/resolve/'))).toBe(true);
  }, 1_800_000);

  it('financeiq: every file from the hub (no mirror), trained on a model folder', async () => {
    const home = join(root, 'financeiq');
    const { report, output } = await runPaper('financeiq', writeTinyModel(join(root, 'tiny-folder')), home);
    expectCompleted(report, 'financeiq', output);
    expect(hub!.requests.some((request) => request.startsWith('GET /datasets/Duxiaoman-DI/FinanceIQ/resolve/'))).toBe(true);
  }, 900_000);

  it('chemcot-mol-und: ChemCoTBench from the mirror, ChemCoTDataset from the hub; a hub model named by id, downloaded once, trained and scored by id', async () => {
    // A home of its own: the model store it downloads into is not the test runtime's.
    const home = join(root, 'hub-model');
    const { report, output } = await runPaper('chemcot-mol-und', `${TINY_ID}@${TINY_COMMIT}`, home);
    // The paper profile scores `official`: ChemCoTBench leaves an output that is not bare JSON out of
    // the score, and the tiny model writes none, so the held-out accuracy has no items: null, not 0.
    expectCompleted(report, 'chemcot-mol-und', output, null);
    expect(hub!.requests.some((request) => request.includes('/ChemCoTDataset/resolve/'))).toBe(true);
    const modelFiles = hub!.requests.filter((request) => request.startsWith(`GET /${TINY_ID}/resolve/`));
    expect(modelFiles.length).toBeGreaterThan(0);
    expect(new Set(modelFiles).size, 'each model file is downloaded once').toBe(modelFiles.length);
    expect(existsSync(join(home, 'models', 'hub', 'ftdojo-test--tiny-chemist', TINY_COMMIT, 'config.json'))).toBe(true);
    expect(readFileSync(join(report.runDir, 'events.jsonl'), 'utf8')).toContain(TINY_ID);
  }, 900_000);
});

function expectCompleted(report: RunJson, task: string, output: string, baseTest: unknown = expect.any(Number)): void {
  expect(report, output).toMatchObject({ task, profile: 'paper', status: 'completed' });
  expect(
    report.experiments.some((experiment) => experiment.state === 'succeeded'),
    output,
  ).toBe(true);
  expect(report.base?.test, output).toMatchObject({ value: baseTest });
}
