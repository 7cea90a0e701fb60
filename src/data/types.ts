/**
 * The raw-data repository's vocabulary. A dataset source is described once (where it lives on
 * the Hugging Face hub at a pinned revision, where the offline mirror keeps the same files) and
 * read through one code path whichever of the two serves it.
 */
export type FileFormat = 'json' | 'jsonl' | 'csv';
export type CotQuality = 'none' | 'low' | 'medium' | 'medium-high' | 'high';

/** Which fields hold the question-like and the answer-like text (for token-length stats). */
export interface TextFields {
  prompt: string[];
  answer: string[];
}

export interface DatasetFile {
  /** Logical name used by tasks, e.g. "train/aime" or "test/经济师". */
  name: string;
  format: FileFormat;
  /** Path inside the hub repository at the pinned revision, or null when the hub lacks this file. */
  hubPath: string | null;
  /** Path inside the offline mirror (FTDOJO_DATA_MIRROR), or null when the mirror lacks it. */
  mirrorPath: string | null;
  /**
   * Expected sha256 of the file's bytes, when known ahead of time. Usually left out: mirror files
   * are checked against the mirror's MANIFEST.tsv and hub files against the hub's LFS hashes.
   */
  sha256?: string;
  /** Expected row count, when known. */
  rows?: number;
  /** Overrides the source's text fields for this file (sources whose files differ in layout). */
  text?: TextFields;
}

/** A revision on the hub, pinned. */
export interface HubPin {
  repo: string;
  repoType: 'dataset' | 'model';
  /** Pinned revision: a full commit hash, or a verified prefix (see `revisionNote`). */
  revision: string;
  revisionNote?: string;
  /** Where the file paths came from, when they could not be checked against the hub offline. */
  layoutNote?: string;
}

export interface DatasetSource {
  id: string;
  title: string;
  domain: string;
  description: string;
  licence: string;
  /** The hub copy at a pinned revision, or null when no file of this source is fetched from the hub. */
  hub: HubPin | null;
  /** Where the mirror's copy came from (repository and commit), when the mirror has this source. */
  mirrorOrigin?: { repo: string; commit: string; note?: string };
  files: DatasetFile[];
  cotQuality: CotQuality;
  cotNote: string;
  /** Field names a row carries, with a short meaning each. */
  fields: Record<string, string>;
  /** Fields whose text is the prompt and the answer; absent when the layout has no such split. */
  text?: TextFields;
  /** Not one of the paper's raw-data sources (e.g. an extension or an extra benchmark). */
  extension?: boolean;
}

export type Row = Record<string, unknown>;

/** Bytes done and expected for one file of a download, for progress bars. */
export interface DownloadProgress {
  sourceId?: string;
  file: string;
  bytesDone: number;
  /** Null when the server did not say and the size is not known in advance. */
  bytesTotal: number | null;
}
export type ProgressListener = (progress: DownloadProgress) => void;

export type PullStatus = 'verified' | 'downloaded' | 'cached' | 'hub-only' | 'mirror-only';

export interface PullFileResult {
  name: string;
  status: PullStatus;
  /** Local path when the file is available. */
  path?: string;
  /** Why the file was skipped, for the statuses that skip. */
  reason?: string;
}

export interface PullReport {
  sourceId: string;
  mode: 'mirror' | 'hub';
  /** The full commit the hub revision resolved to (hub mode only). */
  hubCommit?: string;
  files: PullFileResult[];
  /** One sentence for the user, e.g. "mirror mode: verified 10 files against MANIFEST.tsv". */
  summary: string;
}

/** Where one file's bytes come from and what they were checked against. */
export interface FileProvenance {
  readFrom: 'mirror' | 'hub-cache';
  path: string;
  bytes: number;
  sha256?: string;
  rows?: number;
  /** For mirror files: the repository, commit and path the mirror's MANIFEST names. */
  origin?: { repo: string; commit: string; sourcePath: string };
  /** For hub files: the repository and the full commit. */
  hub?: { repo: string; commit: string; path: string };
}

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
  /** Where a local file came from; never downloads: MISSING_DATA when the file is not local. */
  provenance(sourceId: string, fileName: string): Promise<FileProvenance>;
  /** Fetches (hub mode) or verifies (mirror mode) every file of a source. */
  pull(sourceId: string, options?: { onProgress?: ProgressListener }): Promise<PullReport>;
}
