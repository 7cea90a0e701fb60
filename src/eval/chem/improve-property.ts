import { FtdojoError } from '../../core/index.js';
import type { Reaction } from '@rdkit/rdkit';
import { loadChemistry, parseMolecule } from './load-chemistry.js';
import type { RDKit } from './load-chemistry.js';
import { UNSUPPORTED_PROPERTIES, propertyValue } from './molecular-property.js';
import type { MolecularProperty } from './molecular-property.js';
import { canonicalSmiles } from './smiles.js';

/**
 * Single-site edits a medicinal chemist would try first, as RDKit reaction SMARTS. Ordered so
 * that the cheap, usually-sufficient ones come first: the search stops at the first edit that
 * improves the property.
 */
const EDITS: readonly string[] = [
  '[c;H1:1]>>[c:1]Cl', // aryl chloride: raises logP
  '[C;X4;!H0:1]>>[C:1]C', // extra methyl on an sp3 carbon
  '[c;H1:1]>>[c:1]C',
  '[*:1]-[N+](=O)[O-]>>[*:1]', // drop a nitro group (a QED structural alert)
  '[*:1]-[F,Cl,Br,I]>>[*:1]', // drop a halogen: lowers logP, raises solubility
  '[c;H1:1]>>[c:1]O', // phenol / alcohol: more polar, more soluble
  '[C;X4;!H0:1]>>[C:1]O',
  '[cH1:1]>>[nH0:1]', // aza swap: benzene ring carbon to pyridine nitrogen
  '[c;H1:1]>>[c:1]F',
  '[*:1]-[CH3]>>[*:1]', // drop a methyl
  '[*:1]-[OH]>>[*:1]',
  '[*:1]-[NH2]>>[*:1]',
  '[N;H1;!$(NC=O):1]>>[N:1]C', // N-methylation: one donor fewer
  '[c;H1:1]>>[c:1]N',
  '[c;H1:1]>>[c:1]-c1ccccc1', // phenyl: large logP gain
  '[*:1]-[*;D1]>>[*:1]', // drop any terminal atom: trims weight and rotatable bonds
  '[*:1]=[*;D1]>>[*:1]',
];

/** Edits stacked at most this deep when no single edit improves the property. */
const MAX_STEPS = 3;
/** "Improves" means by at least this much, so the result does not hinge on rounding. */
const MIN_GAIN = 1e-3;

/**
 * A valid molecule, made from `sourceSmiles` by a few small edits, whose property is really
 * higher than the source's (the direction ChemCoTBench counts as success), or null when the
 * search finds none. Molecule optimisation has no gold answer; this builds one so a task can
 * check its prompt, scorer and target rendering end to end.
 *
 * The search is greedy: try every single edit, return the first product that beats the source;
 * otherwise continue from the best product, up to MAX_STEPS edits deep.
 */
export async function improvePropertyReference(sourceSmiles: string, property: MolecularProperty): Promise<string | null> {
  const unsupported = UNSUPPORTED_PROPERTIES[property];
  if (unsupported !== undefined) {
    throw new FtdojoError('UNSUPPORTED', `cannot build an improved ${property} reference: ${unsupported}`, { fault: 'environment' });
  }
  const rdkit = await loadChemistry();
  const start = canonicalSmiles(rdkit, sourceSmiles);
  const target = start === null ? null : propertyValue(rdkit, start, property);
  if (start === null || target === null) {
    throw new FtdojoError('INVALID_INPUT', `not a valid SMILES: ${sourceSmiles}`);
  }
  const seen = new Set([start]);
  let current = start;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    let best: { smiles: string; value: number } | undefined;
    for (const candidate of singleEdits(rdkit, current)) {
      if (seen.has(candidate)) continue;
      seen.add(candidate);
      const value = propertyValue(rdkit, candidate, property);
      if (value === null) continue;
      if (value >= target + MIN_GAIN) return candidate;
      if (best === undefined || value > best.value) best = { smiles: candidate, value };
    }
    if (best === undefined) return null;
    current = best.smiles;
  }
  return null;
}

/** Canonical SMILES of every valid molecule one edit away from `smiles`, in EDITS order. */
function* singleEdits(rdkit: RDKit, smiles: string): Generator<string> {
  for (const edit of EDITS) {
    const products = runEdit(rdkit, reaction(rdkit, edit), smiles);
    for (const product of products) {
      const canonical = canonicalSmiles(rdkit, product);
      if (canonical !== null) yield canonical;
    }
  }
}

function runEdit(rdkit: RDKit, edit: Reaction, smiles: string): string[] {
  const molecule = parseMolecule(rdkit, smiles);
  if (molecule === null) return [];
  const reactants = new rdkit.MolList();
  const products: string[] = [];
  try {
    reactants.append(molecule);
    const outcomes = edit.run_reactants(reactants, 200);
    for (let index = 0; index < outcomes.size(); index += 1) {
      const list = outcomes.get(index);
      const product = list?.at(0) ?? null;
      try {
        // Reaction products come back unsanitised; canonicalSmiles re-parses them, which rejects
        // the ones with impossible valences or aromaticity.
        if (product !== null) products.push(product.get_smiles());
      } catch {
        // A product RDKit cannot even write is simply not a candidate.
      } finally {
        product?.delete();
        list?.delete();
      }
    }
    outcomes.delete();
  } finally {
    reactants.delete();
    molecule.delete();
  }
  return products;
}

// Compiled once per process, like the SMARTS queries: the edit list is fixed.
const reactions = new Map<string, Reaction>();

function reaction(rdkit: RDKit, smarts: string): Reaction {
  let compiled = reactions.get(smarts);
  if (compiled === undefined) {
    const parsed = rdkit.get_rxn(smarts);
    if (parsed === null) throw new FtdojoError('INTERNAL', `RDKit cannot parse the reaction SMARTS ${smarts}`);
    compiled = parsed;
    reactions.set(smarts, compiled);
  }
  return compiled;
}
