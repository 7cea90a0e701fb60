import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import type { Scorer } from '../scorer.js';
import { molEditAccuracy } from './mol-edit-accuracy.js';

const MIRROR = resolve(process.env.FTDOJO_DATA_MIRROR ?? '../shared/datasets');
const CHEMCOTBENCH = join(MIRROR, 'chemcotbench');
const mirrorPresent = existsSync(join(CHEMCOTBENCH, 'add.json'));

function editSample(id: string, molecule: string, groups: { addedGroup?: string; removedGroup?: string }): Sample {
  return { id, prompt: '', reference: null, target: '', meta: { molecule, ...groups } };
}

async function scorer(): Promise<Scorer> {
  return molEditAccuracy.create(molEditAccuracy.params.parse({}));
}

describe('mol-edit-accuracy', () => {
  it('accepts any edit that adds exactly one of the group', async () => {
    const score = (await scorer()).score;
    const sample = editSample('add', 'c1ccccc1C', { addedGroup: 'hydroxyl' });
    expect(score('{"output": "Oc1ccccc1C"}', sample)).toMatchObject({ value: 1, formatError: false });
    expect(score('{"output": "OCc1ccccc1"}', sample)).toMatchObject({ value: 1 });
    expect(score('{"output": "Oc1ccc(O)cc1C"}', sample)).toMatchObject({ value: 0, detail: expect.stringMatching(/hydroxyl count 0 -> 2/) });
    expect(score('{"output": "c1ccccc1C"}', sample)).toMatchObject({ value: 0, detail: expect.stringMatching(/wrong-edit/) });
  });

  it('checks deletions', async () => {
    const score = (await scorer()).score;
    const sample = editSample('delete', 'CCN(Cc1ccccn1)c1ccc(C=O)o1', { removedGroup: 'aldehyde' });
    expect(score('{"output": "CCN(Cc1ccccn1)c1ccco1"}', sample)).toMatchObject({ value: 1 });
    expect(score('{"output": "CCN(Cc1ccccn1)c1ccc(C=O)o1"}', sample)).toMatchObject({ value: 0 });
  });

  it('checks both halves of a substitution', async () => {
    const score = (await scorer()).score;
    const sample = editSample('sub', 'O=Cc1cn2c(nc3ccccc32)s1', { removedGroup: 'aldehyde', addedGroup: 'carboxyl' });
    expect(score('{"output": "O=C(O)c1cn2c(nc3ccccc32)s1"}', sample)).toMatchObject({ value: 1 });
    // Removing the aldehyde alone is half the job.
    expect(score('{"output": "c1cn2c(nc3ccccc32)s1"}', sample)).toMatchObject({ value: 0, detail: expect.stringMatching(/carboxyl/) });
  });

  it('accounts for a carboxyl bringing its own hydroxyl, unless literal', async () => {
    const sample = editSample('overlap', 'CCO', { removedGroup: 'hydroxyl', addedGroup: 'carboxyl' });
    expect((await scorer()).score('{"output": "CCC(=O)O"}', sample)).toMatchObject({ value: 1 });
    const literal = await molEditAccuracy.create(molEditAccuracy.params.parse({ literal: true }));
    expect(literal.score('{"output": "CCC(=O)O"}', sample)).toMatchObject({ value: 0, detail: expect.stringMatching(/hydroxyl count 1 -> 1, expected 0/) });
  });

  it('scores an invalid molecule as wrong and an unreadable answer as a format error', async () => {
    const score = (await scorer()).score;
    const sample = editSample('bad', 'CCO', { removedGroup: 'hydroxyl' });
    expect(score('{"output": "C1CC"}', sample)).toMatchObject({ value: 0, formatError: false, detail: 'invalid-smiles', extracted: 'C1CC' });
    expect(score('{"smiles": "CC"}', sample)).toMatchObject({ value: 0, formatError: true });
    expect(score('CC', sample)).toMatchObject({ value: 0, formatError: true });
  });

  it('reads the answer from a named field', async () => {
    const custom = await molEditAccuracy.create(molEditAccuracy.params.parse({ field: 'answer' }));
    expect(custom.score('{"answer": "CC"}', editSample('field', 'CCO', { removedGroup: 'hydroxyl' }))).toMatchObject({ value: 1 });
  });

  it('throws on samples the task built wrongly', async () => {
    const score = (await scorer()).score;
    expect(() => score('{"output": "CC"}', editSample('none', 'CCO', {}))).toThrow(/neither addedGroup nor removedGroup/);
    expect(() => score('{"output": "CC"}', editSample('unknown', 'CCO', { addedGroup: 'alcohol' }))).toThrow(/unknown functional group/);
    expect(() => score('{"output": "CC"}', editSample('invalid', 'C1CC', { addedGroup: 'hydroxyl' }))).toThrow(/meta.molecule is not valid/);
    expect(() => score('{"output": "CC"}', { ...editSample('missing', '', {}), meta: {} })).toThrow(/meta.molecule/);
  });
});

interface EditRow {
  id: string;
  molecule: string;
  reference: string;
  added_group?: string;
  removed_group?: string;
}

// The benchmark's own gold answers must all pass: this checks the group table and the counting
// against the data, not against our reading of the evaluator.
describe('mol-edit-accuracy on the ChemCoTBench gold answers', () => {
  it.skipIf(!mirrorPresent)(
    `scores every reference in add/delete/sub.json as 1 (mirror: ${mirrorPresent ? CHEMCOTBENCH : `absent at ${CHEMCOTBENCH}; set FTDOJO_DATA_MIRROR to run`})`,
    async () => {
      const score = (await scorer()).score;
      const failures: string[] = [];
      let checked = 0;
      for (const file of ['add.json', 'delete.json', 'sub.json']) {
        const rows = JSON.parse(readFileSync(join(CHEMCOTBENCH, file), 'utf8')) as EditRow[];
        for (const row of rows) {
          const sample = editSample(row.id, row.molecule, { addedGroup: row.added_group, removedGroup: row.removed_group });
          const outcome = score(JSON.stringify({ output: row.reference }), sample);
          checked += 1;
          if (outcome.value !== 1) failures.push(`${file} ${row.id}: ${outcome.detail ?? ''}`);
        }
      }
      expect(checked).toBe(100);
      expect(failures).toEqual([]);
    },
  );

  it.skipIf(!mirrorPresent)('fails exactly the two hydroxyl -> carboxyl gold edits under the literal ChemCoTBench rule', async () => {
    const literal = await molEditAccuracy.create(molEditAccuracy.params.parse({ literal: true }));
    const rows = JSON.parse(readFileSync(join(CHEMCOTBENCH, 'sub.json'), 'utf8')) as EditRow[];
    const failed = rows.filter((row) => {
      const sample = editSample(row.id, row.molecule, { addedGroup: row.added_group, removedGroup: row.removed_group });
      return literal.score(JSON.stringify({ output: row.reference }), sample).value !== 1;
    });
    expect(failed.map((row) => `${row.removed_group} -> ${row.added_group}`)).toEqual(['hydroxyl -> carboxyl', 'hydroxyl -> carboxyl']);
  });
});
