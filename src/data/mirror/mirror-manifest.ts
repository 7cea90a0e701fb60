import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FtdojoError } from '../../core/index.js';
import { corruptDataError } from '../readers/corrupt-data-error.js';
import { readTextFile } from '../readers/read-text-file.js';

/** One line of the mirror's MANIFEST.tsv: what a mirror file is and where it was copied from. */
export interface ManifestEntry {
  path: string;
  bytes: number;
  rows: number;
  repo: string;
  commit: string;
  sourcePath: string;
  sha256: string;
}

export type MirrorManifest = ReadonlyMap<string, ManifestEntry>;

const COLUMNS = ['path', 'bytes', 'rows', 'repo', 'commit', 'source_path', 'sha256'] as const;

/**
 * Parses MANIFEST.tsv, the mirror's own index. The catalogue never copies its hashes: reading them
 * here keeps one source of truth, and a mirror refreshed with new files needs no code change.
 */
export function parseMirrorManifest(text: string, file: string): MirrorManifest {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const header = lines[0]?.split('\t') ?? [];
  const position = Object.fromEntries(COLUMNS.map((column) => [column, header.indexOf(column)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((column) => position[column] === -1);
  if (missing.length > 0) throw corruptDataError({ file, line: 1, reason: `the header lacks the column(s) ${missing.join(', ')}` });

  const entries = new Map<string, ManifestEntry>();
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = line.split('\t');
    const cell = (column: (typeof COLUMNS)[number]): string => cells[position[column]] ?? '';
    const entry: ManifestEntry = {
      path: cell('path'),
      bytes: Number(cell('bytes')),
      rows: Number(cell('rows')),
      repo: cell('repo'),
      commit: cell('commit'),
      sourcePath: cell('source_path'),
      sha256: cell('sha256').toLowerCase(),
    };
    const problem =
      cells.length !== header.length
        ? `${cells.length} columns where the header has ${header.length}`
        : !/^[0-9a-f]{64}$/.test(entry.sha256)
          ? 'the sha256 is not 64 hex digits'
          : !Number.isInteger(entry.bytes) || !Number.isInteger(entry.rows)
            ? 'bytes and rows must be whole numbers'
            : entries.has(entry.path)
              ? `${entry.path} is listed twice`
              : undefined;
    if (problem !== undefined) throw corruptDataError({ file, line: index + 2, reason: problem });
    entries.set(entry.path, entry);
  });
  return entries;
}

export async function readMirrorManifest(mirrorRoot: string): Promise<MirrorManifest> {
  const file = join(mirrorRoot, 'MANIFEST.tsv');
  return parseMirrorManifest(await readTextFile(file), file);
}

/**
 * The same, read synchronously: the manifest is a small index (a hundred lines), and the
 * repository needs it to answer "does the mirror hold this file?" without awaiting.
 */
export function readMirrorManifestSync(mirrorRoot: string): MirrorManifest {
  const file = join(mirrorRoot, 'MANIFEST.tsv');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new FtdojoError('MISSING_MIRROR', `the data mirror ${mirrorRoot} has no readable MANIFEST.tsv`, {
      hint: 'FTDOJO_DATA_MIRROR must name the mirror root, the folder that holds MANIFEST.tsv; unset it to download from the Hugging Face hub',
      fault: 'environment',
      cause,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw corruptDataError({ file, reason: 'not valid UTF-8 text', cause });
  }
  return parseMirrorManifest(text, file);
}
