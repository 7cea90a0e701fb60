import { describe, expect, it } from 'vitest';
import { primaryMetric, TaskSpecSchema } from '../../core/index.js';
import { renderTaskCard } from '../card.js';
import { CATALOGUE } from './index.js';

const PAPER_IDS = [
  'aime25',
  'panorama-par4pc',
  'panorama-pi4pc',
  'panorama-noc4pc',
  'chemcot-mol-und',
  'chemcot-mol-edit',
  'chemcot-mol-opt',
  'chemcot-reaction',
  'financeiq',
  'tablebench-data-analysis',
  'tablebench-fact-checking',
  'tablebench-numerical-reasoning',
  'tablebench-visualization',
];

describe('the catalogue', () => {
  it("marks extensions as not the paper's", () => {
    expect(CATALOGUE.filter((task) => !task.spec.paperTask).map((task) => task.spec.id)).toEqual(['bioprobench-pqa']);
  });

  it("holds the paper's 13 tasks in 5 domains, in order", () => {
    const paper = CATALOGUE.filter((task) => task.spec.paperTask);
    expect(paper.map((task) => task.spec.id)).toEqual(PAPER_IDS);
    expect(new Set(paper.map((task) => task.spec.domain))).toEqual(new Set(['math', 'patent', 'chemistry', 'finance', 'table-qa']));
  });

  it('gives every task a valid spec with exactly one primary metric and a direction', () => {
    for (const task of CATALOGUE) {
      expect(() => TaskSpecSchema.parse(task.spec)).not.toThrow();
      const primary = primaryMetric(task.spec);
      expect(['higher', 'lower']).toContain(primary.direction);
    }
  });

  it('keeps the paper profile on the paper protocol', () => {
    for (const task of CATALOGUE.filter((candidate) => candidate.spec.paperTask)) {
      const paper = task.spec.profiles.paper;
      expect(paper.baseModel).toBe('Qwen/Qwen2.5-7B-Instruct');
      expect(paper.budget).toEqual({ wallClockSeconds: 12 * 3600, sampleCap: 2000 });
      expect(paper.dataFrom).toBe('hub');
    }
  });

  it("uses the paper's validation and test sizes", () => {
    const sizes = Object.fromEntries(CATALOGUE.map((task) => [task.spec.id, task.spec.profiles.paper.validationSize]));
    expect(sizes).toMatchObject({
      aime25: 15,
      'panorama-par4pc': 100,
      'chemcot-mol-und': 160,
      'chemcot-mol-edit': 50,
      'chemcot-mol-opt': 300,
      'chemcot-reaction': 237,
      financeiq: 100,
      'tablebench-data-analysis': 170,
      'tablebench-fact-checking': 48,
      'tablebench-numerical-reasoning': 197,
      'tablebench-visualization': 25,
    });
  });

  it('says why a mini profile cannot run offline where it cannot', () => {
    for (const id of ['panorama-par4pc', 'panorama-pi4pc', 'panorama-noc4pc']) {
      const task = CATALOGUE.find((candidate) => candidate.spec.id === id)!;
      expect(task.spec.profiles.mini.unavailableOffline).toMatch(/10 official PANORAMA samples/);
      expect(renderTaskCard(task.spec)).toContain('10 official PANORAMA samples');
    }
  });

  it('renders cards with the output format, metrics and directions', () => {
    const card = renderTaskCard(CATALOGUE.find((task) => task.spec.id === 'chemcot-mol-und')!.spec);
    expect(card).toContain('## Output format');
    expect(card).toContain('**count-mae**: lower is better');
    expect(card).toContain('**accuracy** (primary): higher is better');
    expect(card).not.toContain('- Decoding:');
  });

  it("tells a multiple-choice task's agent how evaluation decodes, per profile", () => {
    const card = renderTaskCard(CATALOGUE.find((task) => task.spec.id === 'financeiq')!.spec);
    expect(card).toContain('- Decoding: constrained to A, B, C, D on a local model');
    expect(card).toContain('- Decoding: free greedy generation, as the benchmark protocol');
  });
});
