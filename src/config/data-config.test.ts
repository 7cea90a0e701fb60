import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HUB_ENDPOINT, resolveDataConfig } from './data-config.js';
import { resolveHubConfig } from './hub-config.js';
import { refusal } from '../testing/refusal.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-config-'));
const mirror = join(root, 'datasets');
mkdirSync(mirror);
writeFileSync(join(mirror, 'MANIFEST.tsv'), 'path\tbytes\trows\trepo\tcommit\tsource_path\tsha256\n');
const noManifest = join(root, 'empty');
mkdirSync(noManifest);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveDataConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const config = resolveDataConfig({});
    expect(config).toEqual({
      mirror: null,
      hubEndpoint: DEFAULT_HUB_ENDPOINT,
      hubToken: null,
      cacheDir: join(homedir(), '.cache', 'ftdojo'),
      offline: null,
    });
  });

  it('reads the environment and resolves relative paths against cwd', () => {
    const config = resolveDataConfig(
      { FTDOJO_DATA_MIRROR: 'datasets', HF_ENDPOINT: 'http://127.0.0.1:9999/', HF_TOKEN: 'hf_x', FTDOJO_HOME: 'cache' },
      { cwd: root },
    );
    expect(config).toEqual({ mirror, hubEndpoint: 'http://127.0.0.1:9999', hubToken: 'hf_x', cacheDir: join(root, 'cache'), offline: null });
  });

  it('lets flags win over the environment', () => {
    const config = resolveDataConfig(
      { FTDOJO_DATA_MIRROR: noManifest, HF_ENDPOINT: 'https://a.example', FTDOJO_HOME: '/env-cache' },
      { mirror, hubEndpoint: 'https://b.example', cacheDir: '/flag-cache' },
    );
    expect(config.mirror).toBe(mirror);
    expect(config.hubEndpoint).toBe('https://b.example');
    expect(config.cacheDir).toBe('/flag-cache');
  });

  it('treats an empty variable as unset', () => {
    expect(resolveDataConfig({ FTDOJO_DATA_MIRROR: '', HF_TOKEN: ' ' }).mirror).toBeNull();
    expect(resolveDataConfig({ HF_TOKEN: '' }).hubToken).toBeNull();
  });

  it('expands ~ in paths', () => {
    expect(resolveDataConfig({ FTDOJO_HOME: '~/ftdojo-cache' }).cacheDir).toBe(join(homedir(), 'ftdojo-cache'));
  });

  it('refuses a mirror folder that does not exist, with a fix', () => {
    const error = refusal(() => resolveDataConfig({ FTDOJO_DATA_MIRROR: join(root, 'nope') }));
    expect(error.code).toBe('MISSING_MIRROR');
    expect(error.message).toContain('FTDOJO_DATA_MIRROR');
    expect(error.hint).toContain('MANIFEST.tsv');
  });

  it('refuses a mirror folder without MANIFEST.tsv', () => {
    const error = refusal(() => resolveDataConfig({}, { mirror: noManifest }));
    expect(error.code).toBe('MISSING_MIRROR');
    expect(error.message).toContain('no MANIFEST.tsv');
  });

  it('is online by default and offline when HF_HUB_OFFLINE, FTDOJO_DATA_OFFLINE or the flag says so, naming the setting', () => {
    expect(resolveDataConfig({ HF_HUB_OFFLINE: '1' }).offline).toBe('HF_HUB_OFFLINE=1');
    expect(resolveDataConfig({ FTDOJO_DATA_OFFLINE: 'true' }).offline).toBe('FTDOJO_DATA_OFFLINE=true');
    expect(resolveDataConfig({ HF_HUB_OFFLINE: '0' }).offline).toBeNull();
    // ftdojo's own setting wins over the hub's, and the flag over both.
    expect(resolveDataConfig({ FTDOJO_DATA_OFFLINE: '0', HF_HUB_OFFLINE: '1' }).offline).toBeNull();
    expect(resolveDataConfig({ FTDOJO_DATA_OFFLINE: '1' }, { offline: false }).offline).toBeNull();
    expect(resolveDataConfig({}, { offline: true }).offline).toBe('--offline');
    const error = refusal(() => resolveDataConfig({ HF_HUB_OFFLINE: 'maybe' }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.hint).toContain('HF_HUB_OFFLINE=1');
  });

  it('reads the hub variables as the model store does (one reader: resolveHubConfig)', () => {
    for (const env of [{}, { HF_ENDPOINT: 'http://127.0.0.1:9999/', HF_TOKEN: ' hf_x ', HF_HUB_OFFLINE: 'yes' }, { HF_HUB_OFFLINE: 'off' }]) {
      const data = resolveDataConfig(env);
      const hub = resolveHubConfig(env);
      expect({ endpoint: data.hubEndpoint, token: data.hubToken, offline: data.offline }).toEqual(hub);
    }
    expect(resolveDataConfig({}, { hubEndpoint: 'https://b.example/' }).hubEndpoint).toBe(resolveHubConfig({}, { endpoint: 'https://b.example/' }).endpoint);
  });

  it('refuses a hub endpoint that is not an http(s) URL', () => {
    expect(refusal(() => resolveDataConfig({ HF_ENDPOINT: 'not a url' })).code).toBe('INVALID_INPUT');
    expect(refusal(() => resolveDataConfig({ HF_ENDPOINT: 'ftp://x.example' })).code).toBe('INVALID_INPUT');
  });
});
