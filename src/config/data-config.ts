import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FtdojoError } from '../core/index.js';
import type { Environment } from './environment-values.js';
import { expandPath, nonEmpty } from './environment-values.js';

/** Where the raw-data repository reads from and writes to, resolved once at the edge. */
export interface DataConfig {
  /** Absolute path of the offline mirror (holds MANIFEST.tsv), or null to use the hub. */
  mirror: string | null;
  /** Base URL of the Hugging Face hub, without a trailing slash. */
  hubEndpoint: string;
  /** Token sent as `Authorization: Bearer` to the hub; needed for gated datasets. */
  hubToken: string | null;
  /** Root of ftdojo's own cache (hub downloads go under `<cacheDir>/hub`). */
  cacheDir: string;
}

/** Command-line flags that override the environment. */
export interface DataConfigFlags {
  mirror?: string | undefined;
  hubEndpoint?: string | undefined;
  cacheDir?: string | undefined;
  /** Directory relative paths are resolved against; the process's working directory by default. */
  cwd?: string | undefined;
}

export type { Environment } from './environment-values.js';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

function resolveMirror(raw: string, cwd: string, from: string): string {
  const mirror = expandPath(raw, cwd);
  if (!existsSync(mirror) || !statSync(mirror).isDirectory()) {
    throw new FtdojoError('MISSING_MIRROR', `the data mirror ${mirror} (from ${from}) is not a folder`, {
      hint: 'point FTDOJO_DATA_MIRROR (or --mirror) at the folder that holds MANIFEST.tsv, e.g. ../shared/datasets, or unset it to download from the Hugging Face hub',
    });
  }
  if (!existsSync(join(mirror, 'MANIFEST.tsv'))) {
    throw new FtdojoError('MISSING_MIRROR', `the data mirror ${mirror} (from ${from}) has no MANIFEST.tsv`, {
      hint: 'FTDOJO_DATA_MIRROR must name the mirror root, the folder that holds MANIFEST.tsv (not one of its sub-folders); unset it to download from the Hugging Face hub',
    });
  }
  return mirror;
}

function resolveEndpoint(raw: string, from: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new FtdojoError('INVALID_INPUT', `the hub endpoint ${JSON.stringify(raw)} (from ${from}) is not a URL`, {
      hint: `set HF_ENDPOINT to a base URL such as ${DEFAULT_HUB_ENDPOINT}`,
      cause,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new FtdojoError('INVALID_INPUT', `the hub endpoint ${raw} (from ${from}) must be http or https`, {
      hint: `set HF_ENDPOINT to a base URL such as ${DEFAULT_HUB_ENDPOINT}`,
    });
  }
  return raw.replace(/\/+$/, '');
}

/**
 * Resolves the data settings: flags win over the environment, the environment over defaults.
 * The only place that looks at FTDOJO_DATA_MIRROR, HF_ENDPOINT, HF_TOKEN and FTDOJO_HOME.
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

  const endpointFlag = nonEmpty(flags.hubEndpoint);
  const endpointEnv = nonEmpty(env.HF_ENDPOINT);
  const hubEndpoint =
    endpointFlag !== undefined
      ? resolveEndpoint(endpointFlag, '--hub-endpoint')
      : endpointEnv !== undefined
        ? resolveEndpoint(endpointEnv, 'HF_ENDPOINT')
        : DEFAULT_HUB_ENDPOINT;

  const cacheRaw = nonEmpty(flags.cacheDir) ?? nonEmpty(env.FTDOJO_HOME) ?? join(homedir(), '.cache', 'ftdojo');
  return {
    mirror,
    hubEndpoint,
    hubToken: nonEmpty(env.HF_TOKEN) ?? null,
    cacheDir: expandPath(cacheRaw, cwd),
  };
}
