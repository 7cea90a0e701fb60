import rdkitPackage from '@rdkit/rdkit';
import type { MainModule, Mol } from '@rdkit/rdkit';
import { FtdojoError } from '../../core/index.js';

/** The RDKit MinimalLib (WebAssembly) module: every chemistry helper takes it as its first argument. */
export type RDKit = MainModule;
export type Molecule = Mol;

// The package is CommonJS (module.exports = the factory) but its types declare an ES default
// export, so under NodeNext TypeScript types the default import as the namespace. At run time,
// Node and Vitest both hand over module.exports, which is the factory itself.
const initRDKitModule = rdkitPackage as unknown as typeof rdkitPackage.default;

// One module per process: instantiating the WASM costs ~100 ms and tens of MB, and scorers are
// created many times (one per metric and task), so they share this promise.
let loading: Promise<RDKit> | undefined;

/**
 * The shared RDKit module, loaded on first use. A failed load is not cached, so a caller can
 * retry after fixing the installation.
 */
export function loadChemistry(): Promise<RDKit> {
  loading ??= initRDKitModule()
    .then((rdkit) => {
      // MinimalLib prints parse failures to stderr; invalid SMILES are ordinary model outputs here.
      rdkit.disable_logging();
      return rdkit;
    })
    .catch((cause: unknown) => {
      loading = undefined;
      throw new FtdojoError('UNSUPPORTED', 'could not load RDKit (the @rdkit/rdkit WebAssembly module)', {
        fault: 'environment',
        hint: 'reinstall dependencies with `npm ci`; node_modules/@rdkit/rdkit/dist/RDKit_minimal.wasm must be readable',
        cause,
      });
    });
  return loading;
}

/**
 * Parses a SMILES string (a multi-component "A.B" included) into a molecule, or null when it is
 * not a valid SMILES. The caller owns the molecule and must `delete()` it.
 *
 * MinimalLib's `get_mol` also accepts mol blocks and JSON, and RDKit's SMILES parser treats
 * anything after whitespace as the molecule's name, so "CCO is ethanol" would parse as ethanol.
 * Both would let prose pass as a valid answer, so whitespace and non-SMILES formats are refused.
 */
export function parseMolecule(rdkit: RDKit, smiles: string): Molecule | null {
  const text = smiles.trim();
  if (text === '' || /\s/.test(text) || text.startsWith('{')) return null;
  const molecule = rdkit.get_mol(text);
  if (molecule === null) return null;
  if (!molecule.is_valid() || molecule.get_num_atoms() === 0) {
    molecule.delete();
    return null;
  }
  return molecule;
}

/** Runs `use` on the parsed molecule and frees it afterwards; null when the SMILES is invalid. */
export function withMolecule<T>(rdkit: RDKit, smiles: string, use: (molecule: Molecule) => T): T | null {
  const molecule = parseMolecule(rdkit, smiles);
  if (molecule === null) return null;
  try {
    return use(molecule);
  } finally {
    molecule.delete();
  }
}

// Compiled SMARTS queries live for the whole process: the patterns are a fixed, small set (the
// functional-group and QED tables), and recompiling them per molecule would dominate the cost.
const queries = new Map<string, Molecule>();

/** A compiled SMARTS query, cached; throws on a pattern RDKit cannot read (a bug in our tables). */
export function smartsQuery(rdkit: RDKit, smarts: string): Molecule {
  const cached = queries.get(smarts);
  if (cached !== undefined) return cached;
  const query = rdkit.get_qmol(smarts);
  if (query === null || !query.is_valid()) {
    query?.delete();
    throw new FtdojoError('INTERNAL', `RDKit cannot parse the SMARTS pattern ${smarts}`);
  }
  queries.set(smarts, query);
  return query;
}

/** Number of unique matches of a SMARTS pattern, as RDKit's GetSubstructMatches counts them. */
export function countMatches(rdkit: RDKit, molecule: Molecule, smarts: string): number {
  const matches: unknown = JSON.parse(molecule.get_substruct_matches(smartsQuery(rdkit, smarts)));
  return Array.isArray(matches) ? matches.length : 0;
}

/** Whether a SMARTS pattern matches at all. */
export function hasMatch(rdkit: RDKit, molecule: Molecule, smarts: string): boolean {
  return molecule.get_substruct_match(smartsQuery(rdkit, smarts)) !== '{}';
}

/** RDKit's standard 2D descriptors (CrippenClogP, amw, tpsa, NumHBD, NumRotatableBonds, ...). */
export function descriptors(molecule: Molecule): Record<string, number> {
  return JSON.parse(molecule.get_descriptors()) as Record<string, number>;
}
