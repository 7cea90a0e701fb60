import { withMolecule } from './load-chemistry.js';
import type { RDKit } from './load-chemistry.js';

export interface MorganOptions {
  /** Default 2 (ECFP4-like), as ChemCoTBench and TDC use. */
  radius?: number;
  /** Default 2048 bits. ChemCoTBench's scaffold similarity uses 1024. */
  bits?: number;
}

/** The folded Morgan bit vector (RDKit's GetMorganFingerprintAsBitVect), packed 8 bits a byte; null if invalid. */
export function morganFingerprint(rdkit: RDKit, smiles: string, options: MorganOptions = {}): Uint8Array | null {
  const details = JSON.stringify({ radius: options.radius ?? 2, nBits: options.bits ?? 2048 });
  return withMolecule(rdkit, smiles, (molecule) => Uint8Array.from(molecule.get_morgan_fp_as_uint8array(details) as ArrayLike<number>));
}

/** Tanimoto similarity of two bit vectors of equal length: shared bits / bits in either. */
export function tanimoto(left: Uint8Array, right: Uint8Array): number {
  if (left.length !== right.length) throw new RangeError(`fingerprints differ in length (${left.length} vs ${right.length})`);
  let both = 0;
  let either = 0;
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index]!;
    const b = right[index]!;
    both += popcount(a & b);
    either += popcount(a | b);
  }
  // Only a molecule without atoms sets no bits, and parseMolecule refuses those; 0 keeps the
  // function total rather than dividing by zero.
  return either === 0 ? 0 : both / either;
}

/** Morgan-fingerprint Tanimoto similarity of two SMILES; 0 when either is invalid. */
export function morganTanimoto(rdkit: RDKit, left: string, right: string, options: MorganOptions = {}): number {
  const a = morganFingerprint(rdkit, left, options);
  if (a === null) return 0;
  const b = morganFingerprint(rdkit, right, options);
  return b === null ? 0 : tanimoto(a, b);
}

function popcount(byte: number): number {
  let count = 0;
  for (let value = byte; value !== 0; value &= value - 1) count += 1;
  return count;
}
