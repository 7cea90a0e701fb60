/**
 * Test support (imported by *.test.ts only): ChemCoTDataset rows in the dataset's own layout, for
 * tests whose fake hub serves the hub-only (and gated) training source of the ChemCoT tasks: one
 * JSON array per chemcotbench-cot/<family>/<subtask>.json; each row {id, query, task, subtask,
 * struct_cot, raw_cot, meta} with `meta` and `struct_cot` as JSON text (struct_cot sometimes encoded
 * twice around a ```json fence, sometimes null) and the answer under the key the question asks for.
 */
const FORMAT = (body: string) => `Your response must be directly parsable JSON format:\n{\n${body}\n}`;
let serial = 0;

function row(task: string, subtask: string, query: string, cot: Record<string, unknown> | null, meta: Record<string, unknown>, fence = false) {
  serial += 1;
  const cotText = cot === null ? null : JSON.stringify(cot, null, 4);
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    query,
    task,
    subtask,
    struct_cot: cotText === null ? null : fence ? JSON.stringify('```json\n' + cotText + '\n```') : cotText,
    raw_cot: cot === null ? null : 'Okay, let me look at the molecule first...',
    meta: JSON.stringify(meta),
  };
}

const countQuery = (what: string, smiles: string) =>
  `You are a chemical assistant. Count the number of ${what} in the molecule.\n${FORMAT('    "count": "Your Answer Number"')}\nInput Molecule: ${smiles}`;
const optQuery = (property: string, smiles: string) =>
  `You are a chemical assistent, Optimize the Source Molecule: ${smiles} to improve the ${property} while following a structured intermediate optimization process.\n${FORMAT(
    '    "Structural Analysis of Source Molecule": "",\n    "Property Analysis": "",\n    "Limitation in Source Molecule for Property": "",\n    "Optimization for Source Molecule": "",\n    "Final Target Molecule": "SMILES"',
  )}\nDO NOT output other text except for the answer.`;
const editQuery = (instruction: string) => `You are a chemical assistant. ${instruction}\n${FORMAT('    "output": "Modified Molecule SMILES"')}`;
const fsQuery = (reactants: string, key: string) =>
  `You are a chemical assistant. Given the reactants ${reactants}, predict the products of the reaction.\nAnswer: The answer should be a json format that includes the ${key} SMILES: {"${key}": "SMILES"}`;
const optCot = (target: string) => ({
  'Structural Analysis of Source Molecule': 'An aromatic ring with a short chain.',
  'Property Analysis': 'The property is limited by polarity.',
  'Limitation in Source Molecule for Property': 'Few lipophilic groups.',
  'Optimization for Source Molecule': 'Add a small alkyl group.',
  'Final Target Molecule': target,
});

const PROPERTY_FILES = ['logp', 'solubility', 'qed', 'drd', 'gsk', 'jnk'];

/** Hub path → rows. Rows marked "no target" must be dropped with a count. */
export const CHEMCOT_DATASET_FILES: Record<string, unknown[]> = {
  'chemcotbench-cot/mol_und/fg_count.json': [
    row(
      'mol_und',
      'fg_count',
      countQuery('hydroxyl groups', 'OCC(O)CO'),
      { 'Functional group': 'hydroxyl [OX2H]', Matches: 'three', count: 3 },
      { smiles: 'OCC(O)CO', gt: 3 },
    ),
    row('mol_und', 'fg_count', countQuery('ester groups', 'CCOC(=O)CC(=O)OCC'), { Matches: 'two esters', count: '2' }, { smiles: 'CCOC(=O)CC(=O)OCC' }, true),
    row('mol_und', 'fg_count', countQuery('nitro groups', 'CCN'), null, { smiles: 'CCN' }), // no target
  ],
  'chemcotbench-cot/mol_und/ring_count.json': [
    row(
      'mol_und',
      'ring_count',
      countQuery('benzene rings', 'c1ccc(-c2ccccc2)cc1'),
      { Rings: 'two phenyl rings', count: 2 },
      { smiles: 'c1ccc(-c2ccccc2)cc1' },
    ),
  ],
  'chemcotbench-cot/mol_und/Murcko_scaffold.json': [
    row(
      'mol_und',
      'Murcko_scaffold',
      `You are a chemical assistant. Extract the Bemis-Murcko scaffold of the molecule.\n${FORMAT('    "Output Scaffold": "SMILES"')}\nInput Molecule: CCOc1ccc(CC2CCNCC2)cc1`,
      { 'Side chains': 'ethoxy removed', 'Output Scaffold': 'c1ccc(CC2CCNCC2)cc1' },
      { smiles: 'CCOc1ccc(CC2CCNCC2)cc1' },
      true,
    ),
  ],
  'chemcotbench-cot/mol_und/ring_system_scaffold.json': [
    row(
      'mol_und',
      'ring_system_scaffold',
      `You are a chemical assistant. Please Determine whether the ring_system_scaffold is in the Molecule.\n${FORMAT('    "output": "Yes / No"')}\nInput Molecule: Cc1ccc2[nH]ccc2c1, Ring System Structure: c1ccc2[nH]ccc2c1`,
      { Comparison: 'the indole is present', output: 'Yes' },
      { gt: 'Yes' },
    ),
  ],
  'chemcotbench-cot/mol_edit/add.json': [
    row(
      'mol_edit',
      'add',
      editQuery('Modify the molecule c1ccc(CCN)cc1 by adding a hydroxyl.'),
      { output: 'Oc1ccc(CCN)cc1' },
      { molecule: 'c1ccc(CCN)cc1', reference: 'Oc1ccc(CCN)cc1' },
    ),
  ],
  'chemcotbench-cot/mol_edit/delete.json': [
    row(
      'mol_edit',
      'delete',
      editQuery('Modify the molecule Clc1ccc(CCO)cc1 by removing a halo.'),
      { output: 'OCCc1ccccc1' },
      { molecule: 'Clc1ccc(CCO)cc1' },
      true,
    ),
  ],
  'chemcotbench-cot/mol_edit/sub.json': [
    row(
      'mol_edit',
      'sub',
      editQuery('Modify the molecule O=Cc1ccc(C)o1 by removing a aldehyde and adding a carboxyl.'),
      { output: 'not a molecule' },
      { reference: 'Cc1ccc(C(=O)O)o1' },
    ),
  ],
  ...Object.fromEntries(
    PROPERTY_FILES.map((file, position) => [
      `chemcotbench-cot/mol_opt/${file}.json`,
      [
        row(
          'mol_opt',
          file,
          optQuery(`${file} property`, 'OCCc1ccccc1'),
          optCot(['CCCc1ccccc1', 'OCCc1ccncc1', 'OCCc1ccc(F)cc1', 'CN1CCC(c2ccccc2)CC1', 'Nc1ncc(-c2ccccc2)s1', 'O=C(N)c1ccc(O)cc1'][position]!),
          {
            src_smiles: 'OCCc1ccccc1',
            prop: file,
          },
        ),
        ...(file === 'logp' ? [row('mol_opt', file, optQuery('logp property', 'CCO'), optCot('C1CC'), { src_smiles: 'CCO', prop: file })] : []), // no target: invalid SMILES
      ],
    ]),
  ),
  'chemcotbench-cot/rxn/fs_major_product.json': [
    row(
      'rxn',
      'fs_major_product',
      fsQuery('CC(=O)O.OCC', 'Major Product'),
      { Mechanism: 'Fischer esterification', 'Major Product': 'CCOC(C)=O' },
      {
        reactants: ['CC(=O)O', 'OCC'],
        reagents: ['OS(=O)(=O)O'],
        gt: JSON.stringify({ 'Major Product': 'CCOC(C)=O', 'Byproduct(s)': 'O' }),
      },
    ),
  ],
  'chemcotbench-cot/rxn/fs_by_product.json': [
    row(
      'rxn',
      'fs_by_product',
      fsQuery('CC(=O)O.OCC', 'Byproduct(s)'),
      { Mechanism: 'condensation releases water', 'Byproduct(s)': 'O' },
      { reactants: ['CC(=O)O', 'OCC'] },
      true,
    ),
  ],
};

/** Hub files (path → JSON array, listed as LFS) from rows by path. */
export function chemcotDatasetHubFiles(files: Record<string, unknown[]> = CHEMCOT_DATASET_FILES): Record<string, { content: string; lfs: boolean }> {
  return Object.fromEntries(Object.entries(files).map(([path, rows]) => [path, { content: JSON.stringify(rows, null, 2), lfs: true }]));
}

/**
 * `count` mol_und fg_count rows counting hydroxyl groups in distinct alcohols and diols (CCO,
 * OCCO, CCCO, OCCCO...), each with its count: a pool large enough to train on.
 */
export function hydroxylCountRows(count: number): unknown[] {
  return Array.from({ length: count }, (_, index) => {
    const carbons = 2 + Math.floor(index / 2);
    const diol = index % 2 === 1;
    const smiles = `${diol ? 'O' : ''}${'C'.repeat(carbons)}O`;
    const hydroxyls = diol ? 2 : 1;
    return row(
      'mol_und',
      'fg_count',
      countQuery('hydroxyl groups', smiles),
      { 'Functional group': 'hydroxyl [OX2H]', count: hydroxyls },
      { smiles, gt: hydroxyls },
    );
  });
}
