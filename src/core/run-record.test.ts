import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  climbVersions,
  parseRunEvent,
  RUN_EVENT_LADDER,
  RUN_EVENT_VERSION,
  RunEventSchema,
  RunEventV1Schema,
  type RunEvent,
  type VersionLadder,
} from './run-record.js';
import { refusal } from '../testing/refusal.js';

/** Every past version's committed example log: each must stay readable (STYLE.md §9). */
const FIXTURES = { 1: 'run-events-v1.example.jsonl', 2: 'run-events-v2.example.jsonl' } as const;

function fixtureLines(version: keyof typeof FIXTURES): Record<string, unknown>[] {
  const text = readFileSync(new URL(`./fixtures/${FIXTURES[version]}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('parseRunEvent', () => {
  it('reads every line of the committed example of every schema version, upgraded to the current one', () => {
    expect(Object.keys(FIXTURES).map(Number)).toContain(RUN_EVENT_VERSION);
    for (const version of Object.keys(FIXTURES).map(Number) as (keyof typeof FIXTURES)[]) {
      const events = fixtureLines(version).map(parseRunEvent);
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((event) => event.schemaVersion === RUN_EVENT_VERSION)).toBe(true);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    }
  });

  it('lifts a v1 run-started to v2 with taskFile null, and reads a v2 one with its task file', () => {
    const lifted = parseRunEvent(fixtureLines(1)[0]);
    expect(lifted).toMatchObject({ schemaVersion: 2, type: 'run-started', taskFile: null });
    expect(parseRunEvent(fixtureLines(2)[0])).toMatchObject({ schemaVersion: 2, type: 'run-started', taskFile: '/home/researcher/tasks/aime25-variant.yaml' });
    const { taskFile: _dropped, ...v2WithoutFile } = fixtureLines(2)[0]!;
    expect(refusal(() => parseRunEvent(v2WithoutFile)).message).toMatch(/^not a run event: taskFile: /);
  });

  it('the v1 example holds every event type, each read field by field', () => {
    const events: RunEvent[] = fixtureLines(1).map(parseRunEvent);
    const types = new Set(events.map((event) => event.type));
    expect([...types].sort()).toEqual(RunEventV1Schema.options.map((option) => option.shape.type.value).sort());
    const started = events[0];
    expect(started?.type === 'run-started' && started.budget.experiments).toBe(10);
    const finished = events.find((event) => event.type === 'experiment-finished');
    expect(finished).toMatchObject({
      experimentId: 'exp-001',
      state: 'succeeded',
      feedbackPath: 'experiments/exp-001/feedback.json',
      primaryMetric: 0.2,
      verdict: 'improved',
    });
    const scored = events.find((event) => event.type === 'test-scored');
    expect(scored).toMatchObject({ metric: 'accuracy', interval: { level: 0.95 } });
  });

  it('refuses an event of a newer version with a hint to upgrade', () => {
    const error = refusal(() => parseRunEvent({ ...fixtureLines(1)[0], schemaVersion: RUN_EVENT_VERSION + 1 }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe(`run event schema version ${RUN_EVENT_VERSION + 1} is newer than this ftdojo reads (up to ${RUN_EVENT_VERSION})`);
    expect(error.hint).toBe('upgrade ftdojo to read this run event');
  });

  it('refuses what is not a run event, naming the first bad field', () => {
    const [started, iteration] = fixtureLines(1);
    expect(refusal(() => parseRunEvent(null)).message).toBe('not a run event: schemaVersion: expected one of 1, 2, got nothing');
    expect(refusal(() => parseRunEvent({ ...started, schemaVersion: 0 })).message).toBe('not a run event: schemaVersion: expected one of 1, 2, got 0');
    expect(refusal(() => parseRunEvent({ ...started, type: 'run-paused' })).message).toMatch(/^not a run event: type: /);
    expect(refusal(() => parseRunEvent({ ...started, seq: 0 })).message).toMatch(/^not a run event: seq: /);
    expect(refusal(() => parseRunEvent({ ...started, at: '1 March' })).message).toMatch(/^not a run event: at: /);
    expect(refusal(() => parseRunEvent({ ...started, profile: 'huge' })).message).toMatch(/^not a run event: profile: /);
    expect(refusal(() => parseRunEvent({ ...iteration, iteration: 1.5 })).message).toMatch(/^not a run event: iteration: /);
  });

  it('keeps feedback paths inside the run folder and summaries on one line', () => {
    const finished = fixtureLines(1).find((line) => line.type === 'experiment-finished');
    const hypothesis = fixtureLines(1).find((line) => line.type === 'hypothesis-proposed');
    for (const feedbackPath of [
      '/tmp/feedback.json',
      '../other-run/feedback.json',
      'experiments/../../x',
      'C:/feedback.json',
      'experiments\\exp-001\\feedback.json',
    ]) {
      expect(refusal(() => parseRunEvent({ ...finished, feedbackPath })).message, feedbackPath).toMatch(
        /^not a run event: feedbackPath: a relative path inside the run folder/,
      );
    }
    expect(refusal(() => parseRunEvent({ ...hypothesis, summary: 'two\nlines' })).message).toBe('not a run event: summary: a summary is one line');
  });

  it('keeps the hypothesis an opaque JSON object', () => {
    const hypothesis = fixtureLines(1).find((line) => line.type === 'hypothesis-proposed');
    const event = parseRunEvent({ ...hypothesis, hypothesis: { anything: [1, 'two', { three: null }] } });
    expect(event.type === 'hypothesis-proposed' && event.hypothesis).toEqual({ anything: [1, 'two', { three: null }] });
    expect(refusal(() => parseRunEvent({ ...hypothesis, hypothesis: ['not', 'an', 'object'] })).code).toBe('INVALID_INPUT');
  });

  it('is the v1 ladder: one readable version, no steps', () => {
    expect(RUN_EVENT_LADDER.current).toBe(RUN_EVENT_VERSION);
    expect(RUN_EVENT_LADDER.schemas[RUN_EVENT_VERSION]).toBe(RunEventSchema);
  });
});

describe('climbVersions', () => {
  // A pretend v2 that renames note.text to note.message and adds tags to every event: what a real
  // v2 would do, here to check that the v1 example climbs through a step and the next schema.
  const NoteV2 = z.object({ schemaVersion: z.literal(2), type: z.literal('note'), message: z.string(), tags: z.array(z.string()) });
  const OtherV2 = z.looseObject({ schemaVersion: z.literal(2), type: z.string().refine((type) => type !== 'note'), tags: z.array(z.string()) });
  const V2 = z.union([NoteV2, OtherV2]);
  const toV2 = (event: RunEvent): unknown => {
    const lifted: Record<string, unknown> = { ...event, schemaVersion: 2, tags: [] };
    if (event.type === 'note') {
      delete lifted.text;
      lifted.message = event.text;
      for (const key of ['runId', 'seq', 'at']) delete lifted[key];
    }
    return lifted;
  };
  const ladder: VersionLadder = { what: 'run event', current: 2, schemas: { 1: RunEventV1Schema, 2: V2 }, steps: { 1: toV2 } };

  it('lifts every line of the v1 example through the v1 → v2 step', () => {
    const lifted = fixtureLines(1).map((line) => climbVersions(line, ladder) as { schemaVersion: number; type: string; tags: string[]; message?: string });
    expect(lifted.every((event) => event.schemaVersion === 2 && event.tags.length === 0)).toBe(true);
    expect(lifted.find((event) => event.type === 'note')).toEqual({
      schemaVersion: 2,
      type: 'note',
      message: 'the planner asked for more rows with worked solutions',
      tags: [],
    });
  });

  it('reads a document already at the current version without a step', () => {
    const current = { schemaVersion: 2, type: 'note', message: 'hello', tags: ['x'] };
    expect(climbVersions(current, ladder)).toEqual(current);
  });

  it('calls a step that makes an invalid document, or a missing step, a bug of ours', () => {
    const [started] = fixtureLines(1);
    const broken = refusal(() => climbVersions(started, { ...ladder, steps: { 1: () => ({ schemaVersion: 2 }) } }));
    expect(broken.code).toBe('INTERNAL');
    expect(broken.message).toMatch(/^the upgrade of a run event from schema version 1 to 2 made an invalid one: /);
    const missing = refusal(() => climbVersions(started, { ...ladder, steps: {} }));
    expect(missing.code).toBe('INTERNAL');
    expect(missing.message).toBe('no upgrade from run event schema version 1 to 2');
  });
});
