import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const ENV_MARKER_FILE = 'ftdojo-env.json';
export const ENV_MARKER_VERSION = 1;

/** Written into the venv after a verified install: what the fast path of `ftdojo setup` trusts. */
export const EnvMarkerSchema = z.object({
  schemaVersion: z.literal(ENV_MARKER_VERSION),
  /** sha256 of python/requirements.lock at install time. */
  lockSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Python's version (3.11.7). */
  python: z.string(),
  /** Versions of the key packages as the verification found them. */
  versions: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
export type EnvMarker = z.infer<typeof EnvMarkerSchema>;

export function envMarkerPath(pythonEnvDir: string): string {
  return join(pythonEnvDir, ENV_MARKER_FILE);
}

/** The marker, or null when it is missing, unreadable or from another schema: all mean "install". */
export function readEnvMarker(pythonEnvDir: string): EnvMarker | null {
  try {
    const parsed = EnvMarkerSchema.safeParse(JSON.parse(readFileSync(envMarkerPath(pythonEnvDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written to a temporary name and renamed: a crash never leaves half a marker. */
export function writeEnvMarker(pythonEnvDir: string, marker: EnvMarker): void {
  const path = envMarkerPath(pythonEnvDir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(marker, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Why the installed environment is not current, or null when the fast path may be taken. */
export function staleReason(marker: EnvMarker | null, lockSha256: string, interpreterExists: boolean): string | null {
  if (!interpreterExists) return 'no Python environment yet';
  if (marker === null) return 'the environment was never verified (no ftdojo-env.json)';
  if (marker.lockSha256 !== lockSha256) return 'python/requirements.lock changed since the environment was installed';
  return null;
}
