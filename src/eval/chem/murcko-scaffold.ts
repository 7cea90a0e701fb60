import { withMolecule } from './load-chemistry.js';
import type { Molecule, RDKit } from './load-chemistry.js';
import { AROMATIC_BOND, atomBonds, moleculeGraph, otherAtom, type GraphAtom, type MoleculeGraph } from './molecule-graph.js';

const DOUBLE_BOND = 2;

/**
 * The Bemis-Murcko scaffold of a molecule as RDKit's `MurckoScaffold.MurckoScaffoldSmiles`
 * writes it (canonical SMILES without stereo), which ChemCoTBench's scaffold checks compare
 * (eval_metric.py, scaffold_consistency). MinimalLib has no Murcko function, so RDKit's
 * MurckoDecompose (ChemTransforms.cpp, Release_2023_09_6) is rebuilt on the molecule's graph:
 * keep ring atoms and the atoms on paths between rings, plus any atom double-bonded to one of
 * those; drop the rest, giving the scaffold atoms that lost a side chain the hydrogens RDKit gives
 * them. An acyclic molecule has the empty scaffold "". Null when the SMILES is invalid.
 */
export function murckoScaffoldSmiles(rdkit: RDKit, smiles: string): string | null {
  return withMolecule(rdkit, smiles, (molecule) => murckoScaffoldOf(rdkit, molecule));
}

export function murckoScaffoldOf(rdkit: RDKit, molecule: Molecule): string | null {
  const graph = moleculeGraph(molecule);
  if (graph.atoms.length === 0) return '';
  const kept = scaffoldAtoms(graph);
  if (kept.length === 0) return '';
  const scaffold = rdkit.get_mol(scaffoldJson(graph, kept));
  if (scaffold === null) return null;
  try {
    return scaffold.is_valid() ? scaffold.get_smiles(JSON.stringify({ doIsomericSmiles: false })) : null;
  } finally {
    scaffold.delete();
  }
}

/** Atoms RDKit's MurckoDecompose keeps, in index order. */
function scaffoldAtoms(graph: MoleculeGraph): number[] {
  const bondsOf = atomBonds(graph);
  const neighbours = (atom: number) => bondsOf[atom]!.map((bond) => otherAtom(graph.bonds[bond]!, atom));
  const inRing = new Set(graph.atomRings.flat());
  // Ring atoms and the linkers between ring systems: what is left after repeatedly pruning
  // non-ring atoms with at most one remaining neighbour. In a connected molecule that is exactly
  // the atoms on shortest paths between rings, which RDKit walks; a fragment without rings vanishes.
  const alive = new Set(graph.atoms.map((_, index) => index));
  let pruned = true;
  while (pruned) {
    pruned = false;
    for (const atom of [...alive]) {
      if (inRing.has(atom)) continue;
      if (neighbours(atom).filter((other) => alive.has(other)).length <= 1) {
        alive.delete(atom);
        pruned = true;
      }
    }
  }
  const keepers = alive;
  const kept = new Set(keepers);
  for (let atom = 0; atom < graph.atoms.length; atom += 1) {
    if (keepers.has(atom)) continue;
    // An atom double-bonded to a keeper stays (a carbonyl O on a ring or linker), the atom alone.
    if (bondsOf[atom]!.some((bond) => graph.bonds[bond]!.type === DOUBLE_BOND && keepers.has(otherAtom(graph.bonds[bond]!, atom)))) kept.add(atom);
  }
  return [...kept].sort((a, b) => a - b);
}

/**
 * The scaffold as RDKit JSON: the kept atoms and the bonds between them, aromatic flags and Kekulé
 * orders as in the molecule, and each atom's hydrogens as RDKit leaves them after removing its
 * neighbours: an aromatic heteroatom (or aromatic C+) that lost a neighbour gets exactly one H
 * (pyrrole-type N), any other atom gets back the valence of the bonds it lost.
 */
function scaffoldJson(graph: MoleculeGraph, kept: number[]): string {
  const index = new Map(kept.map((atom, position) => [atom, position]));
  const lostValence = new Map<number, number>();
  const keptValence = new Map<number, number>();
  graph.bonds.forEach((bond) => {
    const order = bondValence(bond.order);
    for (const [atom, other] of [
      [bond.begin, bond.end],
      [bond.end, bond.begin],
    ] as const) {
      if (!index.has(atom)) continue;
      const into = index.has(other) ? keptValence : lostValence;
      into.set(atom, (into.get(atom) ?? 0) + order);
    }
  });
  const atoms = kept.map((atom) => {
    const source = graph.atoms[atom]!;
    const lost = lostValence.get(atom);
    const hydrogens = lost === undefined ? source.hydrogens : hydrogensAfterLoss(source, keptValence.get(atom) ?? 0, lost);
    return { z: source.atomicNumber, impHs: hydrogens, chg: source.charge, isotope: source.isotope, nRad: source.radicals };
  });
  const bonds: { bo: number; atoms: [number, number] }[] = [];
  const aromaticBonds: number[] = [];
  graph.bonds.forEach((bond) => {
    const begin = index.get(bond.begin);
    const end = index.get(bond.end);
    if (begin === undefined || end === undefined) return;
    if (bond.type === AROMATIC_BOND) aromaticBonds.push(bonds.length);
    bonds.push({ bo: bond.order, atoms: [begin, end] });
  });
  const aromaticAtoms = kept.flatMap((atom, position) => (graph.atoms[atom]!.aromatic ? [position] : []));
  return JSON.stringify({
    rdkitjson: { version: 12 },
    defaults: { atom: { z: 6, impHs: 0, chg: 0, nRad: 0, isotope: 0, stereo: 'unspecified' }, bond: { bo: 1, stereo: 'unspecified' } },
    molecules: [{ atoms, bonds, extensions: [{ name: 'rdkitRepresentation', formatVersion: 2, aromaticAtoms, aromaticBonds }] }],
  });
}

function bondValence(order: number): number {
  return order >= 1 && order <= 3 ? order : order === 0 ? 0 : 1;
}

/** RDKit's allowed valences of neutral atoms, for the elements drug-like molecules carry. */
const VALENCES: Readonly<Record<number, number[]>> = {
  1: [1],
  5: [3],
  6: [4],
  7: [3],
  8: [2],
  9: [1],
  14: [4],
  15: [3, 5, 7],
  16: [2, 4, 6],
  17: [1],
  32: [4],
  33: [3, 5, 7],
  34: [2, 4, 6],
  35: [1],
  51: [3, 5, 7],
  52: [2, 4, 6],
  53: [1, 3, 5],
};

/**
 * The hydrogens of a scaffold atom that lost a neighbour. RDKit gives an aromatic heteroatom (and
 * an aromatic C+) one explicit H, so a pyrrole-type N stays [nH]; every other atom gets its
 * implicit hydrogens recomputed: up to the smallest allowed valence at or above the valence of
 * its remaining bonds (Kekulé orders). Charged atoms get back the bonds they lost; elements
 * without a default valence (metals) get none.
 */
function hydrogensAfterLoss(atom: GraphAtom, remainingValence: number, lostValence: number): number {
  if (atom.aromatic && (atom.atomicNumber !== 6 || atom.charge === 1)) return 1;
  if (atom.charge !== 0) return atom.hydrogens + lostValence;
  const allowed = VALENCES[atom.atomicNumber];
  if (allowed === undefined) return 0;
  const valence = allowed.find((value) => value >= remainingValence) ?? remainingValence;
  return Math.max(0, valence - remainingValence - atom.radicals);
}
