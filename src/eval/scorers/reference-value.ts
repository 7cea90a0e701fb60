import { FtdojoError, type JsonValue, type Sample } from '../../core/index.js';

/**
 * The gold value a scorer compares against. A sample's reference is either the value itself
 * ("A", 25, ["A", "G"]) or an object holding it under the scorer's field ({"answer": "A"}), so
 * a task may store the reference in the same shape as the answer it asks for.
 */
export function referenceValue(sample: Sample, field?: string): JsonValue {
  const reference = sample.reference;
  if (field === undefined || reference === null || typeof reference !== 'object' || Array.isArray(reference)) return reference;
  if (!Object.hasOwn(reference, field)) {
    throw invalidReference(sample, `an object without the field ${JSON.stringify(field)}`, `a value, or an object with the field ${JSON.stringify(field)}`);
  }
  return reference[field]!;
}

/** The reference as text (strings, and numbers written as they print). */
export function referenceText(sample: Sample, scorerId: string): string {
  const reference = sample.reference;
  if (typeof reference === 'string') return reference;
  if (typeof reference === 'number') return String(reference);
  throw invalidReference(sample, describeValue(reference), `a string for scorer ${scorerId}`);
}

/**
 * A reference the scorer cannot read is a bug in the task's data, not a model failure, so it is
 * an exception that names the sample.
 */
export function invalidReference(sample: Sample, found: string, expected: string): FtdojoError {
  return new FtdojoError('INVALID_INPUT', `sample ${JSON.stringify(sample.id)}: its reference is ${found}; expected ${expected}`, {
    hint: "Fix the task's sample builder so that every reference has the shape its metric's scorer reads.",
  });
}

/** The kind of a value, never the value itself: references of held-out splits stay out of messages. */
export function describeValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
