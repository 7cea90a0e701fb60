/**
 * Test support for the repository and `ftdojo data pull` tests (imported by *.test.ts only): two
 * toy sources whose files are split between an offline mirror and the hub, the way aime25's and
 * the ChemCoT tasks' are, with the mirror folder and the fake hub's repositories that serve them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DatasetSource } from './types.js';

export const SPLIT_COMMIT = 'fca1d9ceb6925041264d211b9ddf7264e8145248';
export const EXTRA_COMMIT = '0123456789abcdef0123456789abcdef01234567';

/** 2,000 rows: large enough that an interrupted download has something to resume. */
export const TRAIN_JSONL =
  Array.from({ length: 2_000 }, (_, index) => JSON.stringify({ problem: `${index} + 1`, answer: String(index + 1) })).join('\n') + '\n';

const MIRROR_FILES: Record<string, string> = {
  'toy/bench.json': '[{"problem": "1 + 1", "answer": "2"}, {"problem": "2 + 2", "answer": "4"}]\n',
  // The hub has a copy too, with other bytes: which one a read returns shows which side served it.
  'toy/shared.json': '[{"side": "mirror"}]\n',
};

/**
 * bench: only the mirror has it; train: only the hub; shared: both (the mirror lists it, so the
 * mirror serves it); stale: both in the catalogue, but this mirror's manifest does not list it,
 * so the hub serves it.
 */
export const SPLIT_SOURCE: DatasetSource = {
  id: 'toy-split',
  title: 'toy split between mirror and hub',
  domain: 'math',
  description: 'toy',
  licence: 'MIT',
  hub: { repo: 'org/toy', repoType: 'dataset', revision: 'fca1d9c' },
  files: [
    { name: 'bench', format: 'json', hubPath: null, mirrorPath: 'toy/bench.json' },
    { name: 'train', format: 'jsonl', hubPath: 'data/train.jsonl', mirrorPath: null },
    { name: 'shared', format: 'json', hubPath: 'data/shared.json', mirrorPath: 'toy/shared.json' },
    { name: 'stale', format: 'json', hubPath: 'data/stale.json', mirrorPath: 'toy/stale.json' },
  ],
  cotQuality: 'none',
  cotNote: 'none',
  fields: {},
};

/** A second source only the hub has (like chemcot-dataset beside chemcotbench). */
export const HUB_SOURCE: DatasetSource = {
  id: 'toy-extra',
  title: 'toy hub-only source',
  domain: 'math',
  description: 'toy',
  licence: 'MIT',
  hub: { repo: 'org/extra', repoType: 'dataset', revision: EXTRA_COMMIT },
  files: [{ name: 'extra', format: 'json', hubPath: 'extra.json', mirrorPath: null }],
  cotQuality: 'none',
  cotNote: 'none',
  fields: {},
};

export const SPLIT_HUB_REPOS = {
  'org/toy': {
    commits: [
      {
        sha: SPLIT_COMMIT,
        files: {
          'data/train.jsonl': { content: TRAIN_JSONL, lfs: true },
          'data/shared.json': { content: '[{"side": "hub"}]\n' },
          'data/stale.json': { content: '[{"side": "hub", "stale": true}]\n' },
        },
      },
    ],
  },
  'org/extra': { commits: [{ sha: EXTRA_COMMIT, files: { 'extra.json': { content: '[{"x": 1}, {"x": 2}, {"x": 3}]\n', lfs: true } } }] },
};

/** Writes the mirror (its files and MANIFEST.tsv) into `root` and returns it. */
export function writeSplitMirror(root: string): string {
  const lines = ['path\tbytes\trows\trepo\tcommit\tsource_path\tsha256'];
  for (const [path, content] of Object.entries(MIRROR_FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    const rows = (JSON.parse(content) as unknown[]).length;
    const sha256 = createHash('sha256').update(content).digest('hex');
    lines.push([path, Buffer.byteLength(content), rows, 'upstream/toy', 'c'.repeat(40), path, sha256].join('\t'));
  }
  writeFileSync(join(root, 'MANIFEST.tsv'), lines.join('\n') + '\n');
  return root;
}
