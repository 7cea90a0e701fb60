import { describe, expect, it } from 'vitest';
import { FtdojoError } from '../../core/index.js';
import { testMirror } from '../../testing/mirror.js';
import { readMirrorManifest } from '../mirror/mirror-manifest.js';
import { DATASET_SOURCES, findSource } from './catalogue.js';

const mirror = testMirror();

describe('the dataset catalogue', () => {
  it('has unique kebab-case ids and unique file names within each source', () => {
    const ids = DATASET_SOURCES.map((source) => source.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const source of DATASET_SOURCES) {
      expect(source.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      const names = source.files.map((file) => file.name);
      expect(new Set(names).size, source.id).toBe(names.length);
    }
  });

  it('gives every file a place to come from, and hub paths only to sources with a pin', () => {
    for (const source of DATASET_SOURCES) {
      for (const file of source.files) {
        expect(file.hubPath !== null || file.mirrorPath !== null, `${source.id}/${file.name}`).toBe(true);
        if (file.hubPath !== null) expect(source.hub, `${source.id}/${file.name}`).not.toBeNull();
      }
      if (source.hub)
        expect(
          source.files.some((file) => file.hubPath !== null),
          source.id,
        ).toBe(true);
    }
  });

  it("pins the hub revisions of the paper's reproduction, as prefixes checked at pull time", () => {
    const pins = Object.fromEntries(DATASET_SOURCES.filter((source) => source.hub).map((source) => [source.id, `${source.hub!.repo}@${source.hub!.revision}`]));
    expect(pins).toMatchObject({
      'chemcot-dataset': 'OpenMol/ChemCoTDataset@d88a8af',
      panorama: 'LG-AI-Research/PANORAMA@5c40de5',
      deepscaler: 'agentica-org/DeepScaleR-Preview-Dataset@b6ae8c6',
      financeiq: 'Duxiaoman-DI/FinanceIQ@fca1d9c',
      tableinstruct: 'Multilingual-Multimodal-NLP/TableInstruct@41f6406',
    });
    for (const source of DATASET_SOURCES.filter((candidate) => candidate.hub)) {
      expect(source.hub!.revision).toMatch(/^[0-9a-f]{7,40}$/);
      if (source.hub!.revision.length < 40) expect(source.hub!.revisionNote, source.id).toMatch(/prefix/);
    }
  });

  it('rates chain-of-thought quality as the paper does and explains it', () => {
    const quality = Object.fromEntries(DATASET_SOURCES.map((source) => [source.id, source.cotQuality]));
    expect(quality).toMatchObject({ deepscaler: 'low', 'chemcot-dataset': 'medium-high', tableinstruct: 'medium-high', panorama: 'none', financeiq: 'none' });
    for (const source of DATASET_SOURCES) {
      expect(source.cotNote.length, source.id).toBeGreaterThan(150);
      expect(Object.keys(source.fields).length, source.id).toBeGreaterThan(0);
    }
  });

  it('marks the extension domain and keeps hub-only sources out of the mirror', () => {
    expect(findSource(DATASET_SOURCES, 'bioprobench').extension).toBe(true);
    for (const id of ['chemcot-dataset', 'tableinstruct']) {
      expect(
        findSource(DATASET_SOURCES, id).files.every((file) => file.mirrorPath === null),
        id,
      ).toBe(true);
    }
    expect(findSource(DATASET_SOURCES, 'deepscaler').files.find((file) => file.name === 'train/deepscaler')).toMatchObject({
      hubPath: 'deepscaler.json',
      mirrorPath: null,
    });
  });

  it('fails with the known ids for an unknown source', () => {
    let error: unknown;
    try {
      findSource(DATASET_SOURCES, 'nope');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FtdojoError);
    expect((error as FtdojoError).code).toBe('UNKNOWN_DATASET');
    expect((error as FtdojoError).hint).toMatch(/known sources: deepscaler/);
  });
});

describe.skipIf(!mirror)('the catalogue against the offline mirror', () => {
  it('covers every file of MANIFEST.tsv exactly once, and names no file the mirror lacks', async () => {
    const manifest = await readMirrorManifest(mirror!);
    const declared = DATASET_SOURCES.flatMap((source) => source.files.flatMap((file) => (file.mirrorPath ? [file.mirrorPath] : [])));
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual([...manifest.keys()].sort());
  });

  it('records the mirror origin the manifest gives', async () => {
    const manifest = await readMirrorManifest(mirror!);
    for (const source of DATASET_SOURCES) {
      if (!source.mirrorOrigin) continue;
      const origins = source.files.flatMap((file) => (file.mirrorPath ? [manifest.get(file.mirrorPath)!] : [])).map((entry) => `${entry.repo}@${entry.commit}`);
      expect(origins, source.id).toContain(`${source.mirrorOrigin.repo}@${source.mirrorOrigin.commit}`);
    }
  });
});
