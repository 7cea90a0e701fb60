import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EnvMarker } from './env-marker.js';
import { envMarkerPath, readEnvMarker, staleReason, writeEnvMarker } from './env-marker.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-marker-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sha = 'a'.repeat(64);
const marker: EnvMarker = { schemaVersion: 1, lockSha256: sha, python: '3.11.7', versions: { torch: '2.8.0' }, createdAt: '2026-01-01T00:00:00.000Z' };

describe('the environment marker', () => {
  it('round-trips through the file', () => {
    writeEnvMarker(root, marker);
    expect(readEnvMarker(root)).toEqual(marker);
  });

  it('reads a missing, broken or foreign marker as none', () => {
    expect(readEnvMarker(join(root, 'nowhere'))).toBeNull();
    writeFileSync(envMarkerPath(root), '{ not json');
    expect(readEnvMarker(root)).toBeNull();
    writeFileSync(envMarkerPath(root), JSON.stringify({ ...marker, schemaVersion: 99 }));
    expect(readEnvMarker(root)).toBeNull();
  });

  it('takes the fast path only with an interpreter and the same lock hash', () => {
    expect(staleReason(marker, sha, true)).toBeNull();
    expect(staleReason(marker, 'b'.repeat(64), true)).toMatch(/requirements\.lock changed/);
    expect(staleReason(marker, sha, false)).toMatch(/no Python environment/);
    expect(staleReason(null, sha, true)).toMatch(/never verified/);
  });
});
