/**
 * The raw-data repository: dataset sources at pinned revisions, each file read from the offline
 * mirror when it holds it and from the Hugging Face hub otherwise, with checksums, readers,
 * dataset cards and tokenizers.
 */
export type {
  CotQuality,
  DataRepository,
  DatasetFile,
  DatasetSource,
  DownloadProgress,
  FileFormat,
  FileLocation,
  FileProvenance,
  FileRequest,
  HubPin,
  ProgressListener,
  PullFileResult,
  PullOptions,
  PullReport,
  PullStatus,
  RepositoryMode,
  Row,
  TextFields,
} from './types.js';
export { createDataRepository } from './repository.js';
export type { DataRepositoryOptions } from './repository.js';
export { taskDataFiles, taskPullCommand } from './task-files.js';
export type { TaskDataSpec } from './task-files.js';
export { DATASET_SOURCES, findSource } from './sources/catalogue.js';
export { FINANCEIQ_CATEGORIES } from './sources/financeiq.js';
export { parseCsvRows, parseJsonRows, parseJsonlRows, readCsvRows, readJsonRows, readJsonlRows, readRows } from './readers/index.js';
export { buildDatasetCard } from './card.js';
export { renderDatasetCard } from './render-dataset-card.js';
export { DATASET_CARD_VERSION, DatasetCardSchema } from './dataset-card-schema.js';
export type { DatasetCard, DatasetCardFile } from './dataset-card-schema.js';
export type { LengthStats } from './length-stats.js';
export { summarizeLengths } from './length-stats.js';
export type { Tokenizer } from './tokenizer.js';
export { createApproximateTokenizer } from './approximate-tokenizer.js';
export { createHfTokenizer } from './hf-tokenizer.js';
export { modelTokenizer } from './model-tokenizer.js';
export { createHubClient } from '../hub/index.js';
export type { HubClient, HubClientOptions, HubFile } from '../hub/index.js';
export { sha256File } from '../hub/index.js';
export * from './split/index.js';
export * from './leakage/index.js';
