import { FtdojoError } from '../core/index.js';
import type { Environment } from './environment-values.js';
import { nonEmpty } from './environment-values.js';

/** How the runtime reaches the Hugging Face hub for models, resolved once at the edge. */
export interface HubConfig {
  /** Base URL of the hub, without a trailing slash (HF_ENDPOINT, default https://huggingface.co). */
  endpoint: string;
  /** Sent as `Authorization: Bearer` (HF_TOKEN): gated models need it. */
  token: string | null;
  /** The setting that switched the hub off ("HF_HUB_OFFLINE=1"), or null: a model not in the store is downloaded. */
  offline: string | null;
}

export const HUB_ENDPOINT_DEFAULT = 'https://huggingface.co';

function hubEndpoint(raw: string, from: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new FtdojoError('INVALID_INPUT', `the hub endpoint ${JSON.stringify(raw)} (from ${from}) is not a URL`, {
      hint: `set HF_ENDPOINT to a base URL such as ${HUB_ENDPOINT_DEFAULT}`,
      cause,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new FtdojoError('INVALID_INPUT', `the hub endpoint ${raw} (from ${from}) must be http or https`, {
      hint: `set HF_ENDPOINT to a base URL such as ${HUB_ENDPOINT_DEFAULT}`,
    });
  }
  return raw.replace(/\/+$/, '');
}

function offlineSwitch(env: Environment): string | null {
  const raw = nonEmpty(env.HF_HUB_OFFLINE);
  if (raw === undefined) return null;
  const value = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return `HF_HUB_OFFLINE=${raw}`;
  if (['0', 'false', 'no', 'off'].includes(value)) return null;
  throw new FtdojoError('INVALID_INPUT', `HF_HUB_OFFLINE must be 1 or 0, got ${JSON.stringify(raw)}`, {
    hint: 'set HF_HUB_OFFLINE=1 to use only local files (models already in the store, data in the mirror and the cache), or unset it to download missing ones',
  });
}

/**
 * HF_ENDPOINT, HF_TOKEN and HF_HUB_OFFLINE (`endpoint` flag first): the one reader of the hub's
 * variables, for the model store and the data repository (resolveDataConfig) alike.
 */
export function resolveHubConfig(env: Environment, flags: { endpoint?: string | undefined } = {}): HubConfig {
  const flag = nonEmpty(flags.endpoint);
  const fromEnv = nonEmpty(env.HF_ENDPOINT);
  return {
    endpoint: flag !== undefined ? hubEndpoint(flag, '--hub-endpoint') : fromEnv !== undefined ? hubEndpoint(fromEnv, 'HF_ENDPOINT') : HUB_ENDPOINT_DEFAULT,
    token: nonEmpty(env.HF_TOKEN) ?? null,
    offline: offlineSwitch(env),
  };
}
