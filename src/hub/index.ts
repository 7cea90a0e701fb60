/**
 * The Hugging Face hub's public HTTP API, for any layer that downloads from it (datasets in data/,
 * models in runtime/): pinned revisions, file listings with their checksums, and resumable,
 * verified downloads with retries. Endpoint and token come in as values (src/config resolves them).
 */
export type { DownloadProgress, ProgressListener } from './download-progress.js';
export { describeDigest, digestFile, sha256File, type ExpectedDigest } from './file-digest.js';
export { checkRelativePath, createHubCache, isFullSha, type HubCache, type HubRepoRef, type RepoType } from './hub-cache.js';
export { createHubClient, isCommitPin, type HubClient, type HubClientOptions, type HubDownloadOptions, type HubFile } from './hub-client.js';
export { hubHttpError, hubTransportError, repoPage, type HubRequestContext } from './hub-errors.js';
export { DEFAULT_RETRY, withRetry, type RetryOptions } from './with-retry.js';
