import { withMolecule } from './load-chemistry.js';
import type { Molecule, RDKit } from './load-chemistry.js';
import { atomBonds, moleculeGraph, otherAtom, type MoleculeGraph } from './molecule-graph.js';

/**
 * RDKit's count-based Morgan fingerprint, `AllChem.GetMorganFingerprint(mol, radius)`: unfolded
 * 32-bit environment ids with how often each occurs. MinimalLib only offers the folded bit vector,
 * and ChemCoTBench's reaction similarity (and TDC's synthetic-accessibility score) use the counts,
 * so the algorithm is rebuilt here from RDKit's MorganGenerator.cpp and FingerprintUtil.cpp
 * (Release_2023_09_6, the RDKit TDC pins), with RDKit's portable 32-bit boost hash, so the ids are
 * RDKit's own, not just equivalent ones: tests check them against ids the Python build printed.
 *
 * Defaults as GetMorganFingerprint's: connectivity invariants with ring membership, bond types on,
 * chirality off, redundant environments dropped.
 */
export function morganCounts(rdkit: RDKit, molecule: Molecule, radius = 2): Map<number, number> {
  const graph = moleculeGraph(molecule);
  return morganCountsOfGraph(graph, connectivityInvariants(rdkit, graph), radius);
}

/** morganCounts of a SMILES; null when RDKit cannot read it. */
export function morganCountsOfSmiles(rdkit: RDKit, smiles: string, radius = 2): Map<number, number> | null {
  return withMolecule(rdkit, smiles, (molecule) => morganCounts(rdkit, molecule, radius));
}

/**
 * Tanimoto similarity of two count vectors as RDKit's SparseIntVect computes it: the sum of the
 * smaller counts over the sum of both minus that, 0 when the denominator is (near) zero.
 */
export function countTanimoto(left: Map<number, number>, right: Map<number, number>): number {
  let leftSum = 0;
  let rightSum = 0;
  let shared = 0;
  for (const [id, count] of left) {
    leftSum += Math.abs(count);
    const other = right.get(id);
    if (other !== undefined) shared += Math.min(count, other);
  }
  for (const count of right.values()) rightSum += Math.abs(count);
  const denominator = leftSum + rightSum - shared;
  return Math.abs(denominator) < 1e-6 ? 0 : shared / denominator;
}

// gboost::hash_combine with RDKit's 32-bit hash_result_t: seed ^= v + 0x9e3779b9 + (seed << 6) + (seed >> 2).
function combine(seed: number, value: number): number {
  const mixed = ((value >>> 0) + 0x9e3779b9 + ((seed << 6) >>> 0) + (seed >>> 2)) >>> 0;
  return (seed ^ mixed) >>> 0;
}

function hashVector(values: number[]): number {
  let seed = 0;
  for (const value of values) seed = combine(seed, value);
  return seed;
}

/** hash_value(std::pair<int32_t, uint32_t>): a fresh seed combined with both members. */
function hashPair(first: number, second: number): number {
  return combine(combine(0, first), second);
}

/** getConnectivityInvariants(mol, invars, includeRingMembership = true). */
export function connectivityInvariants(rdkit: RDKit, graph: MoleculeGraph): number[] {
  const bondsOf = atomBonds(graph);
  const inRing = new Set(graph.atomRings.flat());
  return graph.atoms.map((atom, index) => {
    const neighbours = bondsOf[index]!.map((bond) => otherAtom(graph.bonds[bond]!, index));
    const hydrogenNeighbours = neighbours.filter((neighbour) => graph.atoms[neighbour]!.atomicNumber === 1).length;
    const components = [
      atom.atomicNumber,
      neighbours.length + atom.hydrogens, // getTotalDegree
      atom.hydrogens + hydrogenNeighbours, // getTotalNumHs(includeNeighbors = true)
      atom.charge,
      atom.isotope === 0 ? 0 : isotopeMassDelta(rdkit, atom.atomicNumber, atom.isotope),
    ];
    if (inRing.has(index)) components.push(1);
    return hashVector(components);
  });
}

const massDeltas = new Map<string, number>();

/** static_cast<int>(isotope mass - standard atomic weight), from RDKit's own masses. */
function isotopeMassDelta(rdkit: RDKit, atomicNumber: number, isotope: number): number {
  const key = `${atomicNumber}:${isotope}`;
  let delta = massDeltas.get(key);
  if (delta === undefined) {
    const mass = (smiles: string) => withMolecule(rdkit, smiles, (molecule) => (JSON.parse(molecule.get_descriptors()) as { amw: number }).amw) ?? 0;
    delta = Math.trunc(mass(`[${isotope}#${atomicNumber}]`) - mass(`[#${atomicNumber}]`));
    massDeltas.set(key, delta);
  }
  return delta;
}

/** MorganEnvGenerator::getEnvironments with counts, for given atom invariants. */
export function morganCountsOfGraph(graph: MoleculeGraph, atomInvariants: number[], radius: number): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (id: number) => counts.set(id, (counts.get(id) ?? 0) + 1);
  const atomCount = graph.atoms.length;
  const bondsOf = atomBonds(graph);
  let current = [...atomInvariants];
  for (const invariant of current) add(invariant);

  // Environments (as sets of bond indices) already in the fingerprint, keyed by their sorted bond list.
  const seen = new Set<string>();
  let neighbourhoods: Set<number>[] = graph.atoms.map(() => new Set<number>());
  const dead = new Array<boolean>(atomCount).fill(false);
  for (let layer = 0; layer < radius; layer += 1) {
    // Atoms left out this round keep 0 as their invariant, as RDKit's zero-filled vector does.
    const next = new Array<number>(atomCount).fill(0);
    const roundNeighbourhoods = neighbourhoods.map((set) => new Set(set));
    const thisRound: { key: string; invariant: number; atom: number }[] = [];
    for (let atom = 0; atom < atomCount; atom += 1) {
      if (dead[atom]) continue;
      const bonds = bondsOf[atom]!;
      if (bonds.length === 0) {
        dead[atom] = true;
        continue;
      }
      const pairs: [number, number][] = [];
      for (const bondIndex of bonds) {
        const bond = graph.bonds[bondIndex]!;
        const other = otherAtom(bond, atom);
        roundNeighbourhoods[atom]!.add(bondIndex);
        for (const inherited of neighbourhoods[other]!) roundNeighbourhoods[atom]!.add(inherited);
        pairs.push([bond.type, current[other]!]);
      }
      pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let invariant = combine(layer, current[atom]!);
      for (const [bondType, neighbour] of pairs) invariant = combine(invariant, hashPair(bondType, neighbour));
      next[atom] = invariant;
      const key = [...roundNeighbourhoods[atom]!].sort((a, b) => a - b).join(',');
      thisRound.push({ key, invariant, atom });
      if (seen.has(key)) dead[atom] = true;
    }
    // RDKit sorts by (environment, invariant, atom) and keeps the first of equal environments.
    thisRound.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.invariant - b.invariant || a.atom - b.atom));
    for (const entry of thisRound) {
      if (seen.has(entry.key)) {
        dead[entry.atom] = true;
        continue;
      }
      add(entry.invariant);
      seen.add(entry.key);
    }
    current = next;
    neighbourhoods = roundNeighbourhoods;
  }
  return counts;
}
