import type { JsonValue, Sample, TaskSpec } from '../../../core/index.js';
import type { DataRepository, Row } from '../../../data/index.js';
import type { TaskDefinition } from '../../define-task.js';
import { defineTask, unsupportedProfile } from '../../define-task.js';
import { benchmarkSplits, rawPoolRows } from '../../shared/benchmark-splits.js';
import { miniProfile, paperProfile } from '../../shared/profiles.js';
import { noc4pcPrompt, par4pcPrompt, pi4pcPrompt } from './prompts.js';

const SOURCE = 'panorama';
const MINI_UNAVAILABLE =
  'the offline mirror holds only 10 official PANORAMA samples per task (format fixtures; all 10 NOC4PC labels are "102"): too few to split into a training pool, validation and test. The self-check scores them instead.';

interface Variant {
  id: string;
  benchmark: 'par4pc' | 'pi4pc' | 'noc4pc';
  title: string;
  description: string;
  outputFormat: TaskSpec['outputFormat'];
  metric: TaskSpec['metrics'][number];
  prompt: (record: Row) => string;
  gold: (record: Row) => { reference: JsonValue; target: string };
}

const VARIANTS: Variant[] = [
  {
    id: 'panorama-par4pc',
    benchmark: 'par4pc',
    title: 'PANORAMA PAR4PC: prior-art retrieval',
    description: 'Given a patent claim and eight candidate patents (A-H), pick the ones an examiner would cite as prior art.',
    outputFormat: { description: 'JSON {"answer": [letters]} with one or more of A-H; a single letter string is accepted.', example: '{"answer": ["A", "G"]}' },
    metric: {
      name: 'f1',
      scorer: 'json-multilabel-f1',
      params: { field: 'answer', labels: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] },
      direction: 'higher',
      primary: true,
      description: 'per-sample F1 between the predicted and the gold letters, averaged',
    },
    prompt: par4pcPrompt,
    gold: (record) => {
      const letters = (record['gold_answers'] as unknown[]).map(String);
      return { reference: letters, target: JSON.stringify({ answer: letters }) };
    },
  },
  {
    id: 'panorama-pi4pc',
    benchmark: 'pi4pc',
    title: 'PANORAMA PI4PC: paragraph identification',
    description: 'Given a claim and a cited prior-art patent, identify the paragraph of the prior art that supports the rejection.',
    outputFormat: { description: 'JSON {"answer": <paragraph number>}.', example: '{"answer": 9}' },
    metric: {
      name: 'accuracy',
      scorer: 'json-field-exact',
      params: { field: 'answer', normalize: 'number' },
      direction: 'higher',
      primary: true,
      description: 'the predicted paragraph is the gold paragraph',
    },
    prompt: pi4pcPrompt,
    gold: (record) => {
      const ids = (record['gold_answers'] as unknown[]).map(Number);
      return { reference: ids, target: JSON.stringify({ answer: ids[0] }) };
    },
  },
  {
    id: 'panorama-noc4pc',
    benchmark: 'noc4pc',
    title: 'PANORAMA NOC4PC: novelty and non-obviousness',
    description: 'Given a claim and the cited references, classify it as allowable (ALLOW), anticipated (102) or obvious (103).',
    outputFormat: { description: 'JSON {"code": "ALLOW" | "102" | "103"}.', example: '{"code": "103"}' },
    metric: {
      name: 'macro-f1',
      scorer: 'json-macro-f1',
      params: { field: 'code', labels: ['ALLOW', '102', '103'] },
      direction: 'higher',
      primary: true,
      description: 'macro-averaged F1 over the three codes',
    },
    prompt: noc4pcPrompt,
    gold: (record) => {
      const code = String(((record['answer'] ?? {}) as Row)['code'] ?? '');
      return { reference: code, target: JSON.stringify({ code }) };
    },
  },
];

async function loadSamples(repo: DataRepository, variant: Variant, prefix: string): Promise<Sample[]> {
  const files = repo.source(SOURCE).files.filter((file) => file.name.startsWith(prefix));
  const samples: Sample[] = [];
  for (const file of files) {
    for (const record of await repo.readRows(SOURCE, file.name)) {
      samples.push({
        id: `${variant.benchmark}-${String(record['application_number'])}-claim${String(record['claim_number'])}-${samples.length}`,
        subtask: variant.benchmark,
        prompt: variant.prompt(record),
        ...variant.gold(record),
        meta: {},
      });
    }
  }
  return samples;
}

async function panoramaTrainPool(repo: DataRepository, variant: Variant) {
  const files = repo.source(SOURCE).files.filter((file) => file.name.startsWith(`train/${variant.benchmark}`));
  const rows = [];
  for (const file of files) rows.push(...rawPoolRows(await repo.readRows(SOURCE, file.name), SOURCE, file.name, []));
  return rows;
}

function makeTask(variant: Variant): TaskDefinition {
  const task: TaskDefinition = defineTask({
    spec: {
      schemaVersion: 1,
      id: variant.id,
      title: variant.title,
      domain: 'patent',
      paperTask: true,
      description: variant.description,
      outputFormat: variant.outputFormat,
      subtasks: [],
      sources: ['panorama'],
      heldOutFrom: ['panorama'],
      metrics: [variant.metric],
      profiles: {
        paper: paperProfile({
          validation: 100,
          test: 100,
          maxNewTokens: 1024,
          splitRule: `Validation and test draw 100 items each (seeded) from PANORAMA's ${variant.benchmark} test split; the pool is its train split.`,
        }),
        mini: miniProfile({ validation: 0, test: 0, maxNewTokens: 32, splitRule: 'not available offline', unavailableOffline: MINI_UNAVAILABLE }),
      },
      notes: [
        "Prompts show the claim, the application's title and abstract, and the candidates; the full specifications are long and summarised to titles, abstracts and first claims.",
      ],
    },
    async buildSplits(repo, profile) {
      if (profile === 'mini' || repo.mode === 'mirror') {
        throw unsupportedProfile(task.spec, profile, profile === 'mini' ? MINI_UNAVAILABLE : "PANORAMA's full splits are only on the Hugging Face hub");
      }
      const samples = await loadSamples(repo, variant, `test/${variant.benchmark}`);
      return benchmarkSplits({
        spec: task.spec,
        profile,
        repo,
        samples,
        benchmarkSource: SOURCE,
        hubPool: (hub) => panoramaTrainPool(hub, variant),
        leakageKey: task.leakageKey,
      });
    },
    selfcheckSamples: (repo) => loadSamples(repo, variant, `benchmark/${variant.benchmark}`),
    leakageKey: (item) => item.prompt,
  });
  return task;
}

export const panoramaTasks: TaskDefinition[] = VARIANTS.map(makeTask);
