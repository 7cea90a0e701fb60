import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { PoolRow, Sample, TaskFile, TaskSpec } from '../core/index.js';
import { didYouMean, FtdojoError, TaskFileSchema } from '../core/index.js';
import type { FileFormat, Row } from '../data/index.js';
import { readRows, stratifiedSplit, tailPerGroup } from '../data/index.js';
import { getScorerEntry, listScorers } from '../eval/index.js';
import type { TaskDefinition } from './define-task.js';
import { defineTask } from './define-task.js';
import { finalizeSplits } from './shared/finalize-splits.js';
import { miniProfile, paperProfile } from './shared/profiles.js';

/** One mistake in a task file: where (a dotted path), what, and how to fix it. */
export interface TaskFileProblem {
  path: string;
  message: string;
  hint?: string;
}

const PLACEHOLDER = /\{([A-Za-z_][\w.]*)\}/g;

function fieldValue(row: Row, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Row)[key] : undefined), row);
}

function fill(template: string, row: Row, extra: Record<string, string> = {}): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (name in extra) return extra[name]!;
    const value = fieldValue(row, name);
    return typeof value === 'string' ? value : JSON.stringify(value ?? '');
  });
}

function parseText(path: string, text: string): { value?: unknown; problems: TaskFileProblem[] } {
  if (extname(path) === '.json') {
    try {
      return { value: JSON.parse(text), problems: [] };
    } catch (error) {
      return {
        problems: [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}`, hint: 'check commas and quotes, or write the task in YAML' }],
      };
    }
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({
        path: '(file)',
        message: `YAML error at line ${error.linePos?.[0]?.line ?? '?'}: ${error.message.split('\n')[0]}`,
        hint: 'indent with spaces and quote strings that contain ":" or "{"',
      })),
    };
  }
  return { value: document.toJS(), problems: [] };
}

function formatOf(file: string, declared: FileFormat | undefined): FileFormat | undefined {
  if (declared) return declared;
  const extension = extname(file).slice(1).toLowerCase();
  return extension === 'json' || extension === 'jsonl' || extension === 'csv' ? extension : undefined;
}

interface Loaded {
  file: TaskFile;
  rows: { row: Row; file: string; index: number }[];
}

/** Checks everything that can be checked before building: schema, files, fields, scorers, sizes. */
async function check(path: string): Promise<{ loaded?: Loaded; problems: TaskFileProblem[] }> {
  if (!existsSync(path))
    return { problems: [{ path: '(file)', message: `${path} does not exist`, hint: 'pass the path of a .yaml, .yml or .json task file' }] };
  const parsed = parseText(path, readFileSync(path, 'utf8'));
  if (parsed.problems.length > 0) return { problems: parsed.problems };
  const result = TaskFileSchema.safeParse(parsed.value);
  if (!result.success) {
    return {
      problems: result.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(top level)',
        message: issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys.join(', ')}` : issue.message,
        ...(issue.code === 'unrecognized_keys' ? { hint: 'remove it, or check its spelling against `ftdojo tasks validate --help`' } : {}),
      })),
    };
  }
  const file = result.data;
  const problems: TaskFileProblem[] = [];
  const rows: Loaded['rows'] = [];
  const base = dirname(resolve(path));
  for (const [index, name] of file.data.files.entries()) {
    const full = resolve(base, name);
    const format = formatOf(full, file.data.format);
    if (!existsSync(full))
      problems.push({ path: `data.files.${index}`, message: `${name} not found (looked in ${base})`, hint: 'paths are relative to the task file' });
    else if (!format)
      problems.push({ path: `data.files.${index}`, message: `cannot tell the format of ${name}`, hint: 'name it .json, .jsonl or .csv, or set data.format' });
    else {
      try {
        (await readRows(full, format)).forEach((row, rowIndex) => rows.push({ row, file: basename(full), index: rowIndex }));
      } catch (error) {
        problems.push({ path: `data.files.${index}`, message: (error as Error).message });
      }
    }
  }
  const first = rows[0]?.row;
  if (first) {
    const fields = Object.keys(first);
    const need = (field: string, where: string) => {
      if (fieldValue(first, field) === undefined) {
        const guess = didYouMean(field, fields, { containment: true });
        problems.push({
          path: where,
          message: `field "${field}" is not in the data (fields: ${fields.join(', ')})`,
          ...(guess ? { hint: `did you mean "${guess}"?` } : {}),
        });
      }
    };
    need(file.data.answer, 'data.answer');
    if (file.data.id) need(file.data.id, 'data.id');
    if (file.data.subtask) need(file.data.subtask, 'data.subtask');
    if (file.split.group) need(file.split.group, 'split.group');
    file.data.meta.forEach((field, index) => need(field, `data.meta.${index}`));
    for (const [, name] of file.data.prompt.matchAll(PLACEHOLDER)) need(name!, 'data.prompt');
    for (const [, name] of file.data.target.matchAll(PLACEHOLDER)) if (name !== 'answer') need(name!, 'data.target');
    if (file.data.id) {
      const ids = new Set<string>();
      for (const { row, file: name, index } of rows) {
        const id = String(fieldValue(row, file.data.id));
        if (ids.has(id)) {
          problems.push({
            path: 'data.id',
            message: `id "${id}" repeats (${name} row ${index + 1})`,
            hint: 'ids must be unique; drop data.id to number rows instead',
          });
          break;
        }
        ids.add(id);
      }
    }
  } else if (problems.length === 0) problems.push({ path: 'data.files', message: 'the data files hold no rows' });
  if (file.split.rule === 'tail-per-group' && !file.split.group)
    problems.push({ path: 'split.group', message: 'tail-per-group needs split.group', hint: "name the field that holds each row's group" });
  if (rows.length > 0 && file.split.validation + file.split.test >= rows.length) {
    problems.push({
      path: 'split',
      message: `validation + test (${file.split.validation + file.split.test}) leave no rows of ${rows.length} for the training pool`,
      hint: 'lower split.validation or split.test',
    });
  }
  const primaries = file.metrics.filter((metric) => metric.primary).length;
  if (primaries !== 1)
    problems.push({
      path: 'metrics',
      message: `exactly one metric must be primary, found ${primaries}`,
      hint: 'set primary: true on the metric the agent should optimise',
    });
  for (const [index, metric] of file.metrics.entries()) {
    try {
      const entry = getScorerEntry(metric.scorer);
      const params = entry.params.safeParse(metric.params);
      if (!params.success)
        problems.push({
          path: `metrics.${index}.params`,
          message: params.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; '),
        });
      if (metric.direction && metric.direction !== entry.direction)
        problems.push({
          path: `metrics.${index}.direction`,
          message: `scorer ${entry.id} is ${entry.direction}-is-better, not ${metric.direction}`,
          hint: 'drop direction: it is taken from the scorer',
        });
    } catch (error) {
      problems.push({
        path: `metrics.${index}.scorer`,
        message: (error as Error).message,
        hint: `scorers: ${listScorers()
          .map((entry) => entry.id)
          .join(', ')}`,
      });
    }
  }
  return problems.length > 0 ? { problems } : { loaded: { file, rows }, problems };
}

function toSpec(file: TaskFile): TaskSpec {
  const budget = file.budget;
  const common = {
    validation: file.split.validation,
    test: file.split.test,
    maxNewTokens: budget.maxNewTokens ?? 256,
    splitRule:
      file.split.rule === 'seeded'
        ? `seeded order (seed "${file.split.seed}") per subtask`
        : `last min(ceil(n/2), 100) rows of each ${file.split.group} held out`,
  };
  const mini = miniProfile({
    ...common,
    ...(budget.sampleCap ? { sampleCap: budget.sampleCap } : {}),
    ...(budget.wallClockSeconds ? { wallClockSeconds: budget.wallClockSeconds } : {}),
  });
  if (budget.baseModel) mini.baseModel = budget.baseModel;
  return {
    schemaVersion: 1,
    id: file.id,
    title: file.title,
    domain: file.domain,
    paperTask: false,
    description: file.description,
    outputFormat: file.outputFormat,
    subtasks: [],
    sources: [`file:${file.id}`],
    heldOutFrom: [`file:${file.id}`],
    metrics: file.metrics.map((metric) => ({ ...metric, direction: metric.direction ?? getScorerEntry(metric.scorer).direction })),
    profiles: { paper: paperProfile(common), mini: { ...mini, dataFrom: 'mirror' } },
    notes: ['A user-defined task: its data are local files, read the same way for both profiles.'],
  };
}

/** Every mistake in a task file, or none. */
export async function validateTaskFile(path: string): Promise<TaskFileProblem[]> {
  return (await check(path)).problems;
}

/** Loads a task file into a task definition; a broken file fails with all its problems listed. */
export async function loadTaskFile(path: string): Promise<TaskDefinition> {
  const { loaded, problems } = await check(path);
  if (!loaded) {
    const list = problems.map((problem) => `  - ${problem.path}: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`).join('\n');
    throw new FtdojoError('INVALID_TASK_FILE', `${path} has ${problems.length} problem(s):\n${list}`, {
      hint: `run \`ftdojo tasks validate ${path}\` after fixing them`,
    });
  }
  const { file, rows } = loaded;
  const samples: Sample[] = rows.map(({ row, file: name, index }) => {
    const answer = fieldValue(row, file.data.answer);
    const answerText = typeof answer === 'string' ? answer : JSON.stringify(answer);
    const meta = Object.fromEntries(file.data.meta.map((field) => [field, String(fieldValue(row, field) ?? '')]));
    return {
      id: file.data.id ? String(fieldValue(row, file.data.id)) : `${name}:${index + 1}`,
      ...(file.data.subtask ? { subtask: String(fieldValue(row, file.data.subtask)) } : {}),
      prompt: fill(file.data.prompt, row),
      reference: answerText,
      target: fill(file.data.target, row, { answer: answerText }),
      meta,
    };
  });
  const spec = toSpec(file);
  const leakageKey = (item: Sample | PoolRow) => item.prompt;
  return defineTask({
    spec,
    async buildSplits() {
      if (file.split.rule === 'tail-per-group') {
        const groups = tailPerGroup(
          rows.map((entry, index) => ({ entry, sample: samples[index]! })),
          ({ entry }) => String(fieldValue(entry.row, file.split.group!)),
        );
        const heldOut = groups.flatMap((group) => group.heldOut.map((item) => item.sample));
        const split = stratifiedSplit(heldOut, {
          seed: file.split.seed,
          key: (sample) => sample.id,
          stratum: (sample) => sample.subtask ?? 'all',
          sizes: file.split,
          restToPool: false,
        });
        const pool = groups.flatMap((group) => group.pool.map((item) => ({ ...item.sample, source: `file:${file.id}`, extra: {} })));
        return finalizeSplits({ pool, validation: split.validation, test: split.test }, leakageKey);
      }
      const split = stratifiedSplit(samples, {
        seed: file.split.seed,
        key: (sample) => sample.id,
        stratum: (sample) => sample.subtask ?? 'all',
        sizes: file.split,
        restToPool: true,
      });
      return finalizeSplits(
        { pool: split.pool.map((sample) => ({ ...sample, source: `file:${file.id}`, extra: {} })), validation: split.validation, test: split.test },
        leakageKey,
      );
    },
    leakageKey,
  });
}
