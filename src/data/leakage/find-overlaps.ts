import { compactText, normalizeText } from './normalize-text.js';

export type OverlapKind = 'exact' | 'normalised' | 'contained';

export interface Overlap {
  heldOutId: string;
  poolId: string;
  kind: OverlapKind;
}

export interface KeyedItem {
  id: string;
  /** The text that identifies the question (problem statement, molecule, question + table...). */
  key: string;
}

/** Keys shorter than this are too generic for a containment test ("Yes", a short SMILES...). */
const CONTAINMENT_MIN_LENGTH = 40;

/**
 * Finds held-out items that also appear in the pool: exact key equality, equality after
 * normalisation (case, whitespace, number format), and containment of a long held-out key inside
 * a pool key (a held-out question pasted into a bigger training prompt).
 */
export function findOverlaps(pool: readonly KeyedItem[], heldOut: readonly KeyedItem[]): Overlap[] {
  const exact = new Map<string, string>();
  const normalised = new Map<string, string>();
  const compactPool: { id: string; text: string }[] = [];
  for (const item of pool) {
    if (!exact.has(item.key)) exact.set(item.key, item.id);
    const compact = compactText(item.key);
    if (!normalised.has(compact)) normalised.set(compact, item.id);
    compactPool.push({ id: item.id, text: compact });
  }
  const overlaps: Overlap[] = [];
  for (const item of heldOut) {
    const exactHit = exact.get(item.key);
    if (exactHit !== undefined) {
      overlaps.push({ heldOutId: item.id, poolId: exactHit, kind: 'exact' });
      continue;
    }
    const compact = compactText(item.key);
    const normalisedHit = normalised.get(compact);
    if (normalisedHit !== undefined) {
      overlaps.push({ heldOutId: item.id, poolId: normalisedHit, kind: 'normalised' });
      continue;
    }
    if (compact.length >= CONTAINMENT_MIN_LENGTH) {
      const container = compactPool.find((candidate) => candidate.text.length > compact.length && candidate.text.includes(compact));
      if (container) overlaps.push({ heldOutId: item.id, poolId: container.id, kind: 'contained' });
    }
  }
  return overlaps;
}

export { normalizeText };
