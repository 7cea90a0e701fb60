import type { Molecule } from './load-chemistry.js';

/**
 * A molecule's graph as RDKit holds it, read from MinimalLib's JSON (`get_json`): what the
 * fingerprint and scaffold code here needs and MinimalLib does not expose one call at a time.
 * Atom and bond indices are RDKit's.
 */
export interface MoleculeGraph {
  atoms: GraphAtom[];
  bonds: GraphBond[];
  /** The rings RDKit perceived (its SSSR), as atom indices. */
  atomRings: number[][];
}

export interface GraphAtom {
  atomicNumber: number;
  /** Hydrogens on the atom that are not graph atoms (implicit and explicit counts together). */
  hydrogens: number;
  charge: number;
  /** 0 when no isotope is set. */
  isotope: number;
  radicals: number;
  aromatic: boolean;
  /** 'unspecified', 'cw', 'ccw' or 'other', as the JSON writes the chiral tag. */
  stereo: string;
}

export interface GraphBond {
  begin: number;
  end: number;
  /** RDKit's Bond::BondType number: 1 single, 2 double, 3 triple, 12 aromatic, 17 dative... */
  type: number;
  /** The order RDKit's JSON writes: the Kekulé order of an aromatic bond, else the type. */
  order: number;
}

/** RDKit's Bond::BondType value for aromatic bonds. */
export const AROMATIC_BOND = 12;

interface RdkitJson {
  defaults: { atom: Record<string, unknown>; bond: Record<string, unknown> };
  molecules: {
    atoms?: Record<string, unknown>[];
    bonds?: (Record<string, unknown> & { atoms: [number, number] })[];
    extensions?: { name: string; aromaticAtoms?: number[]; aromaticBonds?: number[]; atomRings?: number[][] }[];
  }[];
}

export function moleculeGraph(molecule: Molecule): MoleculeGraph {
  const json = JSON.parse(molecule.get_json()) as RdkitJson;
  const entry = json.molecules[0]!;
  const extension = entry.extensions?.find((item) => item.name === 'rdkitRepresentation');
  const aromaticAtoms = new Set(extension?.aromaticAtoms ?? []);
  const aromaticBonds = new Set(extension?.aromaticBonds ?? []);
  const atomDefaults = json.defaults.atom;
  const bondDefaults = json.defaults.bond;
  const read = (record: Record<string, unknown>, defaults: Record<string, unknown>, key: string): unknown => record[key] ?? defaults[key];
  const atoms = (entry.atoms ?? []).map((atom, index): GraphAtom => ({
    atomicNumber: Number(read(atom, atomDefaults, 'z')),
    hydrogens: Number(read(atom, atomDefaults, 'impHs')),
    charge: Number(read(atom, atomDefaults, 'chg')),
    isotope: Number(read(atom, atomDefaults, 'isotope')),
    radicals: Number(read(atom, atomDefaults, 'nRad')),
    aromatic: aromaticAtoms.has(index),
    stereo: String(read(atom, atomDefaults, 'stereo')),
  }));
  const bonds = (entry.bonds ?? []).map((bond, index): GraphBond => ({
    begin: bond.atoms[0],
    end: bond.atoms[1],
    type: aromaticBonds.has(index) ? AROMATIC_BOND : Number(read(bond, bondDefaults, 'bo')),
    order: Number(read(bond, bondDefaults, 'bo')),
  }));
  return { atoms, bonds, atomRings: extension?.atomRings ?? [] };
}

/** For each atom, the indices of its bonds. */
export function atomBonds(graph: MoleculeGraph): number[][] {
  const result: number[][] = graph.atoms.map(() => []);
  graph.bonds.forEach((bond, index) => {
    result[bond.begin]!.push(index);
    result[bond.end]!.push(index);
  });
  return result;
}

export function otherAtom(bond: GraphBond, atom: number): number {
  return bond.begin === atom ? bond.end : bond.begin;
}
