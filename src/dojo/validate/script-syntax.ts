import { execFile } from 'node:child_process';
import type { ScriptLanguage } from '../submission/index.js';

export type ScriptSyntaxResult = { ok: true } | { ok: false; message: string; evidence: string[] };

/** Parses a script without running it (Python: ast.parse; Node: node --check). */
export type ScriptSyntaxCheck = (path: string, language: ScriptLanguage) => Promise<ScriptSyntaxResult>;

/** Python code that parses argv[1] and prints "line:column: message" on a syntax error, exit 1. */
export const PYTHON_PARSE_ONLY = [
  'import ast, sys',
  'path = sys.argv[1]',
  'try:',
  '    ast.parse(open(path, "rb").read(), path)',
  'except SyntaxError as error:',
  '    print(f"line {error.lineno}, column {error.offset}: {error.msg}")',
  '    print((error.text or "").rstrip())',
  '    sys.exit(1)',
].join('\n');

function run(command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000, maxBuffer: 1 << 20, env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** The real check: the project's Python parses Python scripts, this Node parses JavaScript. */
export function createScriptSyntaxCheck(options: { python: string; node?: string }): ScriptSyntaxCheck {
  return async (path, language) => {
    const result =
      language === 'python' ? await run(options.python, ['-c', PYTHON_PARSE_ONLY, path]) : await run(options.node ?? process.execPath, ['--check', path]);
    if (result.code === 0) return { ok: true };
    const lines = result.output
      .split('\n')
      .map((line) => line.trimEnd())
      .filter(Boolean);
    const message = language === 'python' ? (lines[0] ?? 'syntax error') : (lines.find((line) => /Error:/.test(line)) ?? lines[0] ?? 'syntax error');
    return { ok: false, message, evidence: lines.slice(0, 6) };
  };
}
