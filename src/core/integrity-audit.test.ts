import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTEGRITY_AUDIT_VERSION, INTEGRITY_FLAGS, parseIntegrityAudit } from './integrity-audit.js';

/** Every past version's committed example: each must stay readable (STYLE.md §9). */
const FIXTURES = { 1: 'integrity-audit-v1.example.json' } as const;

function fixture(version: keyof typeof FIXTURES): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${FIXTURES[version]}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

describe('parseIntegrityAudit', () => {
  it('reads the committed example of every version', () => {
    expect(Object.keys(FIXTURES).map(Number)).toContain(INTEGRITY_AUDIT_VERSION);
    const audit = parseIntegrityAudit(fixture(1));
    expect(audit.flags).toEqual(['held-out-overlap', 'budget-overrun']);
    expect(audit.flags.every((flag) => (INTEGRITY_FLAGS as readonly string[]).includes(flag))).toBe(true);
    expect(audit.checks.map((check) => check.rule)).toEqual(['held-out-overlap', 'validation-overlap', 'base-model', 'budget', 'refusals']);
  });

  it('refuses a document of another kind or version, and negative refusal counts', () => {
    expect(() => parseIntegrityAudit({ ...fixture(1), schemaVersion: 2 })).toThrow();
    expect(() => parseIntegrityAudit({ ...fixture(1), kind: 'feedback' })).toThrow();
    expect(() => parseIntegrityAudit({ ...fixture(1), refusals: { BUSY: -1 } })).toThrow();
  });
});
