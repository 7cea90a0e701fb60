import type { DatasetCard, DatasetCardFile } from './dataset-card-schema.js';
import type { LengthStats } from './length-stats.js';

/** Pipes and newlines would break a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

const number = (value: number): string => value.toLocaleString('en-US');

function statsRow(file: string, kind: string, stats: LengthStats): string[] {
  return [file, kind, number(stats.count), number(stats.min), number(stats.mean), number(stats.p50), number(stats.p90), number(stats.p99), number(stats.max)];
}

function tokenRows(file: DatasetCardFile): string[][] {
  const tokens = file.tokens;
  if (!tokens) return [];
  const rows: string[][] = [];
  if (tokens.row) rows.push(statsRow(file.name, 'whole row', tokens.row));
  if (tokens.prompt) rows.push(statsRow(file.name, 'prompt', tokens.prompt));
  if (tokens.answer) rows.push(statsRow(file.name, 'answer', tokens.answer));
  return rows;
}

/** Fields over all readable files: where each appears and how often it has a value. */
function fieldRows(card: DatasetCard): string[][] {
  const seen = new Map<string, { meaning: string | null; files: number; filled: number; rows: number }>();
  for (const file of card.files) {
    for (const field of file.fields ?? []) {
      const entry = seen.get(field.name) ?? { meaning: field.meaning, files: 0, filled: 0, rows: 0 };
      entry.files += 1;
      entry.filled += field.filled;
      entry.rows += file.rows ?? 0;
      seen.set(field.name, entry);
    }
  }
  const readable = card.files.filter((file) => file.available).length;
  return [...seen].map(([name, entry]) => [
    `\`${name}\``,
    entry.meaning ?? '(not described by the catalogue)',
    entry.files === readable ? 'all' : `${entry.files} of ${readable}`,
    entry.rows === 0 ? '-' : `${Math.round((entry.filled / entry.rows) * 1000) / 10}%`,
  ]);
}

/** The card as Markdown, the form the agent reads. */
export function renderDatasetCard(card: DatasetCard): string {
  const out: string[] = [];
  out.push(`# Dataset card: ${card.title} (\`${card.id}\`)`, '', card.description, '');
  const facts: string[][] = [
    ['domain', card.domain + (card.extension ? " (not one of the paper's raw-data sources)" : '')],
    ['licence', card.licence],
    [
      'hub',
      card.hub ? `${card.hub.repo} at revision ${card.hub.revision}${card.hub.revisionNote ? ` (${card.hub.revisionNote})` : ''}` : 'not read from the hub',
    ],
    [
      'mirror copy from',
      card.mirrorOrigin
        ? `${card.mirrorOrigin.repo}@${card.mirrorOrigin.commit}${card.mirrorOrigin.note ? ` (${card.mirrorOrigin.note})` : ''}`
        : 'not in the offline mirror',
    ],
    [
      'read from',
      card.mode === 'hub'
        ? "the hub cache, each file checked against the hub's hashes"
        : "each file from the offline mirror when it holds it (checked against its MANIFEST.tsv), else from the hub cache (checked against the hub's hashes)",
    ],
    ['files', `${card.totals.available} of ${card.totals.files} readable here, ${number(card.totals.rows)} rows`],
    ['chain-of-thought quality', card.cot.quality],
    [
      'token counts',
      card.tokenizer.approximate
        ? `approximate (${card.tokenizer.name}: UTF-8 bytes / 3.6, one token per CJK character); expect ±20% against a real tokenizer`
        : `exact, tokenizer ${card.tokenizer.name} (special tokens not counted)`,
    ],
  ];
  out.push(table(['', ''], facts), '');
  if (card.hub?.layoutNote) out.push(`Hub file layout: ${card.hub.layoutNote}.`, '');

  out.push('## Chain-of-thought', '', card.cot.note, '');

  const readable = card.files.filter((file) => file.available);
  if (readable.length > 0) {
    out.push('## Files', '');
    out.push(
      table(
        ['file', 'rows', 'bytes', 'read from', 'source'],
        readable.map((file) => [file.name, number(file.rows ?? 0), number(file.bytes ?? 0), file.readFrom?.path ?? '', file.origin ?? '']),
      ),
      '',
    );
    out.push('## Token lengths', '');
    out.push(
      '"prompt" is the question-like text of a row, "answer" the answer-like text (including any worked solution); rows without such text are not counted. "whole row" joins every text field of a row, for files without that split.',
      '',
    );
    out.push(table(['file', 'text', 'rows', 'min', 'mean', 'p50', 'p90', 'p99', 'max'], readable.flatMap(tokenRows)), '');
    out.push('## Fields', '');
    out.push(table(['field', 'meaning', 'in files', 'filled'], fieldRows(card)), '');
  }
  const missing = card.files.filter((file) => !file.available);
  if (missing.length > 0) {
    out.push('## Not readable here', '');
    for (const file of missing) out.push(`- \`${file.name}\`: ${file.unavailableReason ?? 'unavailable'}`);
    out.push('');
  }
  return out.join('\n');
}
