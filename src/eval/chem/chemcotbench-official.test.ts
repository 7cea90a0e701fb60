import { describe, expect, it } from 'vitest';
import type { Sample, SampleOutcome, ScoringMode } from '../../core/index.js';
import { createScorer } from '../scorer-library.js';
import { OFFICIAL_LEFT_OUT } from '../scorers/json-chemcotbench-aggregate.js';

/**
 * The examples the ChemCoTBench task cards give for each difference between the scoring modes
 * (src/tasks/catalogue/chemcot-{mol-und,mol-edit,mol-opt,reaction}/scoring.ts), checked: each
 * output scores what the card says in each mode. Molecules are textbook ones, not benchmark items.
 */
const sample = (subtask: string, fields: Partial<Sample>): Sample => ({
  id: `${subtask}-1`,
  subtask,
  prompt: '',
  reference: null,
  target: '',
  meta: {},
  ...fields,
});

async function score(scorer: string, params: Record<string, unknown>, output: string, item: Sample, scoring: ScoringMode): Promise<SampleOutcome> {
  return (await createScorer(scorer, { ...params, scoring })).score(output, item);
}

async function modes(scorer: string, params: Record<string, unknown>, output: string, item: Sample): Promise<[number | string, number | string]> {
  const read = (outcome: SampleOutcome) => (outcome.facts?.[OFFICIAL_LEFT_OUT] as string | undefined) ?? Number(outcome.value.toFixed(3));
  return [read(await score(scorer, params, output, item, 'official')), read(await score(scorer, params, output, item, 'corrected'))];
}

const YES_NO = { field: 'output', officialFixedAnswer: { 'ring-system': 'Yes' } };
const COUNT = { field: 'output' };
const SCAFFOLD = { field: 'output', official: 'scaffold-consistency' };
const EDIT = { field: 'output' };
const FTS = { field: 'output' };

describe('chemcot-mol-und card examples', () => {
  it('accuracy', async () => {
    const ringSystemNo = sample('ring-system', { reference: 'No' });
    expect(await modes('json-yes-no', YES_NO, '{"output": "No"}', ringSystemNo)).toEqual([0, 1]);
    expect(await modes('json-yes-no', YES_NO, '{"output": "Yes"}', ringSystemNo)).toEqual([1, 0]);
    const yes = sample('equivalence-permutated', { reference: 'Yes' });
    expect(await modes('json-yes-no', YES_NO, '{"output": "Yes."}', yes)).toEqual([0, 1]);
    expect(await modes('json-yes-no', YES_NO, 'Both strings describe the same molecule. {"output": "Yes"}', yes)).toEqual(['dropped', 1]);
    expect(await modes('json-yes-no', YES_NO, 'I cannot tell.', yes)).toEqual(['dropped', 0]);
  });

  it('count error', async () => {
    const two = sample('ring-count', { reference: 2 });
    expect(await modes('json-number-mae', COUNT, '{"output": 2.7}', two)).toEqual([0, 0.7]);
    expect(await modes('json-number-mae', COUNT, '{"output": "2.0"}', two)).toEqual(['crash', 0]);
    expect(await modes('json-number-mae', COUNT, 'Two rings match. {"output": 2}', two)).toEqual(['dropped', 0]);
    const three = sample('ring-count', { reference: 3 });
    expect(await modes('json-number-mae', COUNT, '{"output": true}', three)).toEqual([2, 3]);
    expect(await modes('json-number-mae', COUNT, 'There are three.', three)).toEqual(['dropped', 3]);
  });

  it('scaffold similarity', async () => {
    const scaffold = sample('murcko-scaffold', { reference: 'O=C(Cc1ccccc1)N1CCCC1' });
    expect(await modes('smiles-tanimoto', SCAFFOLD, '{"output": "CCOc1ccc(CC(=O)N2CCCC2)cc1"}', scaffold)).toEqual([1, 0.583]);
    expect(await modes('smiles-tanimoto', SCAFFOLD, '{"output": "c1ccc(CC(=O)N2CCCC2)cc1 (the scaffold)"}', scaffold)).toEqual([1, 0]);
  });

  it('averages subtasks in official mode and pools items in corrected mode', async () => {
    const outcomes = (right: number, total: number, subtask: string): SampleOutcome[] =>
      Array.from({ length: total }, (_, index) => ({ id: `${subtask}-${index}`, subtask, value: index < right ? 1 : 0, formatError: false }));
    const all = [...outcomes(6, 6, 'equivalence-permutated'), ...outcomes(0, 7, 'equivalence-mutated'), ...outcomes(7, 7, 'ring-system')];
    const official = await createScorer('json-yes-no', { ...YES_NO, scoring: 'official' });
    const corrected = await createScorer('json-yes-no', { ...YES_NO, scoring: 'corrected' });
    expect(official.aggregate(all)).toBeCloseTo(2 / 3, 12);
    expect(corrected.aggregate(all)).toBeCloseTo(0.65, 12);
  });
});

describe('chemcot-mol-edit card examples', () => {
  const deleteHalogen = sample('delete', { meta: { molecule: 'CC(=O)c1ccc(Cl)cc1', removedGroup: 'halo' } });

  it('accuracy', async () => {
    const swap = sample('substitute', { meta: { molecule: 'CCO', removedGroup: 'hydroxyl', addedGroup: 'carboxyl' } });
    expect(await modes('mol-edit-accuracy', EDIT, '{"output": "CCC(=O)O"}', swap)).toEqual([0, 1]);
    expect(await modes('mol-edit-accuracy', EDIT, '{"output": ""}', deleteHalogen)).toEqual([1, 0]);
    expect(await modes('mol-edit-accuracy', EDIT, '{"output": "CC(=O)c1ccccc1 (chlorine removed)"}', deleteHalogen)).toEqual([1, 0]);
    expect(await modes('mol-edit-accuracy', EDIT, '{"output": ["CC(=O)c1ccccc1"]}', deleteHalogen)).toEqual([0, 1]);
    expect(await modes('mol-edit-accuracy', EDIT, 'Removing the chlorine gives {"output": "CC(=O)c1ccccc1"}', deleteHalogen)).toEqual(['dropped', 1]);
  });

  it('averages add, delete and substitute in official mode', async () => {
    const outcomes = (right: number, total: number, subtask: string): SampleOutcome[] =>
      Array.from({ length: total }, (_, index) => ({ id: `${subtask}-${index}`, subtask, value: index < right ? 1 : 0, formatError: false }));
    const all = [...outcomes(6, 6, 'add'), ...outcomes(6, 6, 'delete'), ...outcomes(9, 18, 'substitute')];
    expect((await createScorer('mol-edit-accuracy', { scoring: 'official' })).aggregate(all)).toBeCloseTo(2.5 / 3, 12);
    expect((await createScorer('mol-edit-accuracy', { scoring: 'corrected' })).aggregate(all)).toBeCloseTo(0.7, 12);
  });
});

describe('chemcot-mol-opt card examples', () => {
  const qedTask = sample('qed', { meta: { source: 'c1ccccc1CCO', property: 'qed' } });

  it('success rate', async () => {
    expect(await modes('mol-opt-success', {}, 'Adding an acetyl: {"output": "c1ccccc1CCOC(=O)C"}', qedTask)).toEqual([0, 1]);
    expect(await modes('mol-opt-success', {}, '{"output": "c1ccccc1CCOC(=O)C (an ester)"}', qedTask)).toEqual([1, 0]);
    expect(await modes('mol-opt-success', {}, '{"output": ""}', qedTask)).toEqual(['crash', 0]);
    const logp = sample('logp', { meta: { source: 'c1ccccc1CCO', property: 'logp' } });
    expect(await modes('mol-opt-success', {}, '{"output": "c1ccccc1CCOC12CC3CC(CC(C3)C1)C2"}', logp)).toEqual(['unsupported', 1]);
    expect(await modes('mol-opt-success', {}, '{"output": "OCCc1ccccc1"}', qedTask)).toEqual([0, 0]);
  });

  it('counts the source written differently as an improvement in official mode, when float noise says so', async () => {
    // RDKit's QED of ibuprofen read from these two spellings differs by 1.1e-16: `> 0` in the official code.
    const ibuprofen = sample('qed', { meta: { source: 'CC(C)Cc1ccc(C(C)C(=O)O)cc1', property: 'qed' } });
    expect(await modes('mol-opt-success', {}, '{"output": "c1c(CC(C)C)ccc(C(C)C(=O)O)c1"}', ibuprofen)).toEqual([1, 0]);
  });

  it('validity', async () => {
    expect(await modes('smiles-validity', {}, 'Here it is: {"output": "CCO"}', qedTask)).toEqual([0, 1]);
    expect(await modes('smiles-validity', {}, '{"output": "CCO (ethanol)"}', qedTask)).toEqual([1, 0]);
  });
});

describe('chemcot-reaction card examples', () => {
  it('fingerprint similarity and exact match', async () => {
    const paracetamol = sample('forward', { reference: 'CC(=O)Nc1ccc(O)cc1' });
    expect(await modes('smiles-tanimoto', FTS, '{"output": "CC(=O)Nc1ccc(OC)cc1"}', paracetamol)).toEqual([0.754, 0.593]);
    expect(await modes('smiles-tanimoto', FTS, '{"output": "CC(=O)Nc1ccc(O)cc1 (paracetamol)"}', paracetamol)).toEqual([1, 0]);
    const reactants = sample('retrosynthesis', { reference: 'CC(=O)O.Nc1ccc(O)cc1' });
    expect(await modes('smiles-tanimoto', FTS, '{"output": ["CC(=O)O", "Nc1ccc(O)cc1"]}', reactants)).toEqual([0, 1]);
    expect(await modes('smiles-exact', FTS, '{"output": ["CC(=O)O", "Nc1ccc(O)cc1"]}', reactants)).toEqual([0, 1]);
    const pyridone = sample('forward', { reference: 'O=c1cccc[nH]1' });
    expect(await modes('smiles-exact', FTS, '{"output": "Oc1ccccn1"}', pyridone)).toEqual([1, 0]);
  });

  it('multiplies the mean similarity by the validity share in official mode', async () => {
    const scorer = await createScorer('smiles-tanimoto', { ...FTS, scoring: 'official' });
    const gold = sample('forward', { reference: 'CC(=O)Nc1ccc(O)cc1' });
    const outcomes = [scorer.score('{"output": "CC(=O)Nc1ccc(O)cc1"}', gold), scorer.score('{"output": "CC(=O)Nc1ccc(O)cc1("}', { ...gold, id: 'forward-2' })];
    expect(scorer.aggregate(outcomes)).toBe(0.25);
    const corrected = await createScorer('smiles-tanimoto', { ...FTS, scoring: 'corrected' });
    expect(corrected.aggregate([corrected.score('{"output": "CC(=O)Nc1ccc(O)cc1"}', gold), corrected.score('{"output": "C("}', gold)])).toBe(0.5);
  });
});
