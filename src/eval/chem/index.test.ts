import { describe, expect, it } from 'vitest';
import { chemistryScorers } from './index.js';

describe('chemistryScorers', () => {
  it('lists each scorer once, all higher-is-better rates', () => {
    const ids = chemistryScorers.map((entry) => entry.id);
    expect(ids).toEqual(['smiles-validity', 'smiles-exact', 'smiles-tanimoto', 'mol-edit-accuracy', 'mol-opt-success']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of chemistryScorers) expect(entry.direction).toBe('higher');
  });

  it('creates every scorer with an id matching its entry', async () => {
    for (const entry of chemistryScorers) {
      const params = entry.id === 'mol-opt-success' ? { property: 'logp' } : {};
      const scorer = await entry.create(entry.params.parse(params));
      expect(scorer).toMatchObject({ id: entry.id, direction: entry.direction, best: 1 });
    }
  });
});
