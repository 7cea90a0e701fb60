import { FtdojoError } from '../../core/index.js';
import type { JsonValue, Sample } from '../../core/index.js';

// A sample that lacks what its scorer needs is a bug in the task's data builder, not a model
// failure, so these readers throw instead of scoring the sample as wrong.

/**
 * The gold SMILES of a sample. `reference` may be the SMILES itself, a list of component SMILES
 * (a reactant set, joined with '.'), or an object holding either under `referenceKey`
 * (e.g. "Major Product" for forward synthesis).
 */
export function referenceSmiles(sample: Sample, referenceKey?: string): string {
  let value: JsonValue | undefined = sample.reference;
  if (referenceKey !== undefined) {
    value = isObject(value) ? value[referenceKey] : undefined;
  }
  const smiles = asSmiles(value);
  if (smiles === null) {
    const where = referenceKey === undefined ? 'reference' : `reference[${JSON.stringify(referenceKey)}]`;
    throw new FtdojoError('CORRUPT_DATA', `sample ${sample.id}: ${where} is not a SMILES string or list of SMILES`, {
      fault: 'internal',
      hint: 'the task must store the gold SMILES in the reference (set referenceKey when it is an object)',
    });
  }
  return smiles;
}

/** A required string field of `sample.meta`. */
export function metaString(sample: Sample, name: string): string {
  const value = optionalMetaString(sample, name);
  if (value === undefined) {
    throw new FtdojoError('CORRUPT_DATA', `sample ${sample.id}: meta.${name} is missing or not a non-empty string`, {
      fault: 'internal',
      hint: `the task must put meta.${name} on every sample this scorer sees`,
    });
  }
  return value;
}

/** An optional string field of `sample.meta`; absent, null and "" all read as undefined. */
export function optionalMetaString(sample: Sample, name: string): string | undefined {
  const value = sample.meta[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new FtdojoError('CORRUPT_DATA', `sample ${sample.id}: meta.${name} must be a string, got ${typeof value}`, {
      fault: 'internal',
    });
  }
  return value;
}

/** The error for a sample whose own SMILES (gold, source molecule) RDKit cannot read. */
export function invalidSampleSmiles(sample: Sample, what: string): FtdojoError {
  return new FtdojoError('CORRUPT_DATA', `sample ${sample.id}: ${what} is not valid SMILES`, {
    fault: 'internal',
    hint: 'the task data builder should drop or fix samples whose SMILES RDKit rejects',
  });
}

function asSmiles(value: JsonValue | undefined): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    return (value as string[]).map((item) => item.trim()).join('.');
  }
  return null;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
