/**
 * The raw-data repository's vocabulary. A dataset source is described once (where it lives on
 * the Hugging Face hub at a pinned revision, where the offline mirror keeps the same files) and
 * read through one code path whichever of the two serves it.
 */
export type FileFormat = 'json' | 'jsonl' | 'csv';
export type CotQuality = 'none' | 'low' | 'medium' | 'medium-high' | 'high';

export interface DatasetFile {
  /** Logical name used by tasks, e.g. "train/aime" or "category/经济师". */
  name: string;
  format: FileFormat;
  /** Path inside the hub repository at the pinned revision. */
  hubPath: string;
  /** Path inside the offline mirror (FTDOJO_DATA_MIRROR), or null when the mirror lacks it. */
  mirrorPath: string | null;
  /** Expected sha256 of the file's bytes, when known (from the mirror's MANIFEST or the hub's LFS pointer). */
  sha256?: string;
  /** Expected row count, when known. */
  rows?: number;
}

export interface DatasetSource {
  id: string;
  title: string;
  domain: string;
  description: string;
  licence: string;
  hub: {
    repo: string;
    repoType: 'dataset' | 'model';
    /** Pinned revision: a full commit hash, or a verified prefix (see `revisionNote`). */
    revision: string;
    revisionNote?: string;
  };
  /** Where the mirror's copy came from (repository and commit), when the mirror has this source. */
  mirrorOrigin?: { repo: string; commit: string; note?: string };
  files: DatasetFile[];
  cotQuality: CotQuality;
  cotNote: string;
  /** Field names a row carries, with a short meaning each. */
  fields: Record<string, string>;
  /** Not one of the paper's raw-data sources (e.g. an extension or an extra benchmark). */
  extension?: boolean;
}

export type Row = Record<string, unknown>;

export interface DataRepository {
  /** "mirror" reads FTDOJO_DATA_MIRROR; "hub" downloads pinned revisions into the cache. */
  readonly mode: 'mirror' | 'hub';
  readonly root: string;
  sources(): DatasetSource[];
  source(id: string): DatasetSource;
  /** True when the file can be read without the network. */
  hasLocal(sourceId: string, fileName: string): boolean;
  /** Absolute local path of one file (downloading it first in hub mode), checksum verified. */
  resolve(sourceId: string, fileName: string): Promise<string>;
  /** Parsed rows; a malformed file fails with the file, line and reason. */
  readRows(sourceId: string, fileName: string): Promise<Row[]>;
}
