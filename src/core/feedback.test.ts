import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEEDBACK_SCHEMA_ID, FEEDBACK_VERSION, feedbackJsonSchema, parseFeedback, trainedTokensOf, upgradeFeedback, type Feedback } from './feedback.js';
import { refusal } from '../testing/refusal.js';

/** Every past version's committed example: each must stay readable (STYLE.md §9). */
const FIXTURES = { 1: 'feedback-v1.example.json' } as const;

function fixture(version: keyof typeof FIXTURES): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${FIXTURES[version]}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

describe('parseFeedback', () => {
  it('reads the committed example of every schema version, upgraded to the current one', () => {
    expect(Object.keys(FIXTURES).map(Number)).toContain(FEEDBACK_VERSION);
    for (const version of Object.keys(FIXTURES).map(Number) as (keyof typeof FIXTURES)[]) {
      const feedback = parseFeedback(fixture(version));
      expect(feedback.schemaVersion).toBe(FEEDBACK_VERSION);
      expect(feedback.kind).toBe('ftdojo-feedback');
    }
  });

  it('reads every level of the v1 example', () => {
    const feedback: Feedback = parseFeedback(fixture(1));
    expect(feedback.execution.stage).toBe('done');
    expect(feedback.evaluation?.split).toBe('validation');
    expect(feedback.comparison?.rule.name).toBe('paired-bootstrap-95');
    expect(feedback.budget.experiments).toEqual({ spent: 3, limit: 20, left: 17 });
    expect(upgradeFeedback(feedback)).toBe(feedback);
  });

  it('gives back the tokens an experiment trained on from its throughput and training time', () => {
    const feedback = parseFeedback(fixture(1));
    // The example trained 100 s at 500 tokens/s.
    expect(trainedTokensOf(feedback.training)).toBe(50_000);
    // Six significant digits of 123,457 tokens over 7.3 s give the count back.
    const training = {
      ...feedback.training!,
      trainSeconds: 7.3,
      throughput: { ...feedback.training!.throughput, tokensPerSecond: Number((123_457 / 7.3).toPrecision(6)) },
    };
    expect(trainedTokensOf(training)).toBe(123_457);
    expect(trainedTokensOf({ ...training, trainSeconds: null })).toBeNull();
    expect(trainedTokensOf({ ...training, throughput: { ...training.throughput, tokensPerSecond: null } })).toBeNull();
    expect(trainedTokensOf(null)).toBeNull();
  });

  it('refuses a document of a newer version with a hint to upgrade', () => {
    const error = refusal(() => parseFeedback({ ...fixture(1), schemaVersion: FEEDBACK_VERSION + 1 }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe(`feedback schema version ${FEEDBACK_VERSION + 1} is newer than this ftdojo reads (up to ${FEEDBACK_VERSION})`);
    expect(error.hint).toBe('upgrade ftdojo to read this document');
  });

  it('refuses what is not a feedback document, naming the first bad field', () => {
    expect(refusal(() => parseFeedback({ ...fixture(1), kind: 'ftdojo-evaluation' })).message).toMatch(/^not a feedback document: kind: /);
    expect(refusal(() => parseFeedback({ ...fixture(1), schemaVersion: undefined })).message).toMatch(/^not a feedback document: schemaVersion: /);
    expect(refusal(() => parseFeedback(null)).code).toBe('INVALID_INPUT');
    const document = fixture(1) as { evaluation: { split: string } };
    document.evaluation.split = 'test';
    expect(refusal(() => parseFeedback(document)).message).toMatch(/^not a feedback document: evaluation\.split: /);
  });

  it('holds at most ten error samples', () => {
    const document = fixture(1) as { evaluation: { errorSamples: unknown[] } };
    document.evaluation.errorSamples = Array.from({ length: 11 }, () => document.evaluation.errorSamples[0]);
    expect(refusal(() => parseFeedback(document)).message).toContain('evaluation.errorSamples');
  });
});

describe('feedbackJsonSchema', () => {
  it('is draft 2020-12 JSON Schema with an $id and a title, describing the current version', () => {
    const schema = feedbackJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(FEEDBACK_SCHEMA_ID);
    expect(schema.title).toBe('ftdojo experiment feedback, schema version 1');
    expect(schema.type).toBe('object');
    const properties = schema.properties as Record<string, { const?: unknown }>;
    expect(properties.schemaVersion!.const).toBe(FEEDBACK_VERSION);
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['execution', 'data', 'training', 'evaluation', 'comparison', 'budget']));
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'kind', 'experimentId', 'taskId', 'profile', 'createdAt']));
  });
});
