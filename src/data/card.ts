import { DATASET_CARD_VERSION, DatasetCardSchema, type DatasetCard, type DatasetCardFile } from './dataset-card-schema.js';
import { summarizeLengths } from './length-stats.js';
import type { Tokenizer } from './tokenizer.js';
import type { DataRepository, DatasetFile, DatasetSource, Row, TextFields } from './types.js';

function isFilled(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** A field's text as a model would see it: strings as they are, structures as JSON. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return isFilled(value) ? JSON.stringify(value) : '';
}

function joinFields(row: Row, names: readonly string[]): string {
  const parts: string[] = [];
  for (const name of names) {
    const text = asText(row[name]);
    if (text !== '') parts.push(text);
  }
  return parts.join('\n');
}

function wholeRowText(row: Row): string {
  const parts: string[] = [];
  for (const value of Object.values(row)) if (typeof value === 'string' && value !== '') parts.push(value);
  return parts.join('\n');
}

function describeFields(rows: readonly Row[], meanings: Record<string, string>): NonNullable<DatasetCardFile['fields']> {
  const filled = new Map<string, number>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) filled.set(name, (filled.get(name) ?? 0) + (isFilled(value) ? 1 : 0));
  }
  return [...filled].map(([name, count]) => ({ name, meaning: meanings[name] ?? null, filled: count }));
}

/**
 * Token lengths of the prompt-like and answer-like text of each row. Rows without that kind of
 * text are left out of its stats (the count says how many had it: e.g. how many have a solution).
 */
function tokenStats(rows: readonly Row[], text: TextFields | undefined, tokenizer: Tokenizer): NonNullable<DatasetCardFile['tokens']> {
  const promptFields = text?.prompt ?? [];
  const usesLayout = promptFields.length > 0 && rows.some((row) => promptFields.some((name) => name in row));
  if (!usesLayout) {
    const lengths = rows
      .map((row) => wholeRowText(row))
      .filter((value) => value !== '')
      .map((value) => tokenizer.count(value));
    const row = summarizeLengths(lengths);
    return { layout: 'whole-row', ...(row ? { row } : {}) };
  }
  const measure = (names: readonly string[]) =>
    summarizeLengths(
      rows
        .map((row) => joinFields(row, names))
        .filter((value) => value !== '')
        .map((value) => tokenizer.count(value)),
    );
  const prompt = measure(promptFields);
  const answer = text && text.answer.length > 0 ? measure(text.answer) : null;
  return { layout: 'prompt-answer', ...(prompt ? { prompt } : {}), ...(answer ? { answer } : {}) };
}

function unavailableReason(repo: DataRepository, source: DatasetSource, file: DatasetFile): string {
  const location = repo.locate(source.id, file.name);
  if (location.from === null) return location.reason ?? 'not available here';
  if (location.from === 'mirror') return `missing from the mirror at ${file.mirrorPath ?? ''}`;
  const pull = `run \`ftdojo data pull ${source.id}\``;
  const hubOnly = file.mirrorPath === null && repo.mirror !== null ? 'hub-only (not in the offline mirror), ' : '';
  return repo.offline === null
    ? `${hubOnly}not downloaded yet: ${pull}`
    : `${hubOnly}not downloaded yet and the hub is switched off (${repo.offline}): ${pull} with it on`;
}

async function describeFile(repo: DataRepository, source: DatasetSource, file: DatasetFile, tokenizer: Tokenizer): Promise<DatasetCardFile> {
  if (!repo.hasLocal(source.id, file.name)) {
    return { name: file.name, format: file.format, available: false, unavailableReason: unavailableReason(repo, source, file) };
  }
  const provenance = await repo.provenance(source.id, file.name);
  const rows = await repo.readRows(source.id, file.name);
  const origin = provenance.origin
    ? `${provenance.origin.repo}@${provenance.origin.commit}:${provenance.origin.sourcePath}`
    : provenance.hub
      ? `${provenance.hub.repo}@${provenance.hub.commit}:${provenance.hub.path}`
      : undefined;
  return {
    name: file.name,
    format: file.format,
    available: true,
    readFrom: { kind: provenance.readFrom, path: provenance.path },
    ...(origin ? { origin } : {}),
    bytes: provenance.bytes,
    ...(provenance.sha256 ? { sha256: provenance.sha256 } : {}),
    rows: rows.length,
    fields: describeFields(rows, source.fields),
    tokens: tokenStats(rows, file.text ?? source.text, tokenizer),
  };
}

/**
 * The card the agent reads about one source: where it comes from, what a row holds, how long its
 * texts are in tokens, and how good its chain-of-thought is. It reads only local files (never
 * downloads): files that are not here are listed with how to get them. Checked against the schema.
 */
export async function buildDatasetCard(repo: DataRepository, sourceId: string, tokenizer: Tokenizer): Promise<DatasetCard> {
  const source = repo.source(sourceId);
  const files: DatasetCardFile[] = [];
  for (const file of source.files) files.push(await describeFile(repo, source, file, tokenizer));
  const available = files.filter((file) => file.available);
  return DatasetCardSchema.parse({
    schemaVersion: DATASET_CARD_VERSION,
    id: source.id,
    title: source.title,
    domain: source.domain,
    description: source.description,
    licence: source.licence,
    extension: source.extension ?? false,
    mode: repo.mode,
    hub: source.hub
      ? {
          repo: source.hub.repo,
          revision: source.hub.revision,
          ...(source.hub.revisionNote ? { revisionNote: source.hub.revisionNote } : {}),
          ...(source.hub.layoutNote ? { layoutNote: source.hub.layoutNote } : {}),
        }
      : null,
    mirrorOrigin: source.mirrorOrigin ?? null,
    cot: { quality: source.cotQuality, note: source.cotNote },
    fields: source.fields,
    tokenizer: { name: tokenizer.name, approximate: tokenizer.name.startsWith('approx') },
    files,
    totals: { files: files.length, available: available.length, rows: available.reduce((sum, file) => sum + (file.rows ?? 0), 0) },
  });
}
