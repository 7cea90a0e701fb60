import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FtdojoError } from '../core/index.js';
import type { Environment } from './environment-values.js';
import { expandPath, nonEmpty } from './environment-values.js';
import { HUB_ENDPOINT_DEFAULT, resolveHubConfig } from './hub-config.js';

/** Where the raw-data repository reads from and writes to, resolved once at the edge. */
export interface DataConfig {
  /** Absolute path of the offline mirror (holds MANIFEST.tsv), read first for the files it holds; null: none. */
  mirror: string | null;
  /** Base URL of the Hugging Face hub, without a trailing slash. */
  hubEndpoint: string;
  /** Token sent as `Authorization: Bearer` to the hub; needed for gated datasets. */
  hubToken: string | null;
  /** Root of ftdojo's own cache (hub downloads go under `<cacheDir>/hub`). */
  cacheDir: string;
  /**
   * The setting that switched the hub off (e.g. "HF_HUB_OFFLINE=1"), or null: the hub is used
   * whenever it answers, for every file the mirror does not hold. Offline, only local files are read.
   */
  offline: string | null;
}

/** Command-line flags that override the environment. */
export interface DataConfigFlags {
  mirror?: string | undefined;
  hubEndpoint?: string | undefined;
  cacheDir?: string | undefined;
  /** True: never ask the hub (read the mirror and the cache only); false: use it even if HF_HUB_OFFLINE is set. */
  offline?: boolean | undefined;
  /** Directory relative paths are resolved against; the process's working directory by default. */
  cwd?: string | undefined;
}

export type { Environment } from './environment-values.js';

/** The hub's default base URL (resolveHubConfig's). */
export const DEFAULT_HUB_ENDPOINT = HUB_ENDPOINT_DEFAULT;

function resolveMirror(raw: string, cwd: string, from: string): string {
  const mirror = expandPath(raw, cwd);
  if (!existsSync(mirror) || !statSync(mirror).isDirectory()) {
    throw new FtdojoError('MISSING_MIRROR', `the data mirror ${mirror} (from ${from}) is not a folder`, {
      hint: 'point FTDOJO_DATA_MIRROR (or --mirror) at the folder that holds MANIFEST.tsv, e.g. ../shared/datasets, or unset it to download everything from the Hugging Face hub',
    });
  }
  if (!existsSync(join(mirror, 'MANIFEST.tsv'))) {
    throw new FtdojoError('MISSING_MIRROR', `the data mirror ${mirror} (from ${from}) has no MANIFEST.tsv`, {
      hint: 'FTDOJO_DATA_MIRROR must name the mirror root, the folder that holds MANIFEST.tsv (not one of its sub-folders); unset it to download from the Hugging Face hub',
    });
  }
  return mirror;
}

function parseSwitch(raw: string, from: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new FtdojoError('INVALID_INPUT', `${from} must be 1 or 0, got ${JSON.stringify(raw)}`, {
    hint: `set ${from}=1 to read only local data (the mirror and the download cache), or unset it to use the hub when it answers`,
  });
}

/** The first setting that decides, in order: the flag, FTDOJO_DATA_OFFLINE, then the hub's own HF_HUB_OFFLINE (as resolveHubConfig read it). */
function resolveOffline(env: Environment, flag: boolean | undefined, hubOffline: string | null): string | null {
  if (flag !== undefined) return flag ? '--offline' : null;
  const raw = nonEmpty(env.FTDOJO_DATA_OFFLINE);
  if (raw !== undefined) return parseSwitch(raw, 'FTDOJO_DATA_OFFLINE') ? `FTDOJO_DATA_OFFLINE=${raw}` : null;
  return hubOffline;
}

/**
 * Resolves the data settings: flags win over the environment, the environment over defaults.
 * Reads FTDOJO_DATA_MIRROR, FTDOJO_HOME and FTDOJO_DATA_OFFLINE; the hub's HF_ENDPOINT, HF_TOKEN and
 * HF_HUB_OFFLINE come through resolveHubConfig, as the model store reads them.
 */
export function resolveDataConfig(env: Environment, flags: DataConfigFlags = {}): DataConfig {
  const cwd = flags.cwd ?? process.cwd();
  const mirrorFlag = nonEmpty(flags.mirror);
  const mirrorEnv = nonEmpty(env.FTDOJO_DATA_MIRROR);
  const mirror =
    mirrorFlag !== undefined
      ? resolveMirror(mirrorFlag, cwd, '--mirror')
      : mirrorEnv !== undefined
        ? resolveMirror(mirrorEnv, cwd, 'FTDOJO_DATA_MIRROR')
        : null;

  // The hub's variables have one reader, shared with the model store.
  const hub = resolveHubConfig(env, { endpoint: flags.hubEndpoint });
  const cacheRaw = nonEmpty(flags.cacheDir) ?? nonEmpty(env.FTDOJO_HOME) ?? join(homedir(), '.cache', 'ftdojo');
  return {
    mirror,
    hubEndpoint: hub.endpoint,
    hubToken: hub.token,
    cacheDir: expandPath(cacheRaw, cwd),
    offline: resolveOffline(env, flags.offline, hub.offline),
  };
}
