import type { JsonValue, PoolRow, Sample, TaskSpec } from '../../../core/index.js';
import { isFtdojoError } from '../../../core/index.js';
import type { DataRepository, Row } from '../../../data/index.js';
import type { TaskDefinition } from '../../define-task.js';
import { defineTask, unsupportedProfile } from '../../define-task.js';
import { benchmarkSplits } from '../../shared/benchmark-splits.js';
import type { PoolBuild } from '../../shared/pool-build.js';
import { createDropTally } from '../../shared/pool-build.js';
import { miniProfile, paperProfile } from '../../shared/profiles.js';
import { noc4pcPrompt, par4pcPrompt, pi4pcPrompt } from './prompts.js';
import type { Gold } from './records.js';
import { decodeRecord, noc4pcGold, par4pcGold, pi4pcGold } from './records.js';

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
  /** The gold answer as reference and training target; null when the row has none in the task's format. */
  gold: (record: Row) => Gold | null;
  /** What a row without a gold answer lacks, for the notes. */
  noGold: string;
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
    gold: par4pcGold,
    noGold: 'no gold letter A-H',
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
    gold: pi4pcGold,
    noGold: 'no numeric gold paragraph',
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
    gold: noc4pcGold,
    noGold: 'no decision code ALLOW, 102 or 103',
  },
];

/** Benchmark items of one PANORAMA file group (e.g. "test/par4pc"); items without a gold answer are left out, counted. */
async function loadSamples(repo: DataRepository, variant: Variant, prefix: string): Promise<{ samples: Sample[]; notes: string[] }> {
  const files = repo.source(SOURCE).files.filter((file) => file.name.startsWith(prefix));
  const samples: Sample[] = [];
  let missing = 0;
  for (const file of files) {
    for (const row of await repo.readRows(SOURCE, file.name)) {
      const record = decodeRecord(row);
      const gold = variant.gold(record);
      if (gold === null) {
        missing += 1;
        continue;
      }
      samples.push({
        id: `${variant.benchmark}-${String(record['application_number'])}-claim${String(record['claim_number'])}-${samples.length}`,
        subtask: variant.benchmark,
        prompt: variant.prompt(record),
        ...gold,
        meta: {},
      });
    }
  }
  return { samples, notes: missing > 0 ? [`${missing} ${prefix} item(s) left out: ${variant.noGold}`] : [] };
}

/**
 * The paper's pool: the task's PANORAMA train split, each row with the benchmark's prompt and its
 * gold answer as the training target ({"answer": ...} or {"code": ...}); rows without one are
 * dropped, counted in the notes. The decoded record stays in extra.raw (NOC4PC's examiner reason included).
 */
async function panoramaTrainPool(repo: DataRepository, variant: Variant): Promise<PoolBuild> {
  const files = repo.source(SOURCE).files.filter((file) => file.name.startsWith(`train/${variant.benchmark}`));
  const tally = createDropTally(`PANORAMA ${variant.benchmark} train`);
  const rows: PoolRow[] = [];
  for (const file of files) {
    (await repo.readRows(SOURCE, file.name)).forEach((row, index) => {
      tally.seen();
      const record = decodeRecord(row);
      const gold = variant.gold(record);
      if (gold === null) return tally.drop(variant.noGold);
      rows.push({
        id: `${SOURCE}:${file.name}:${index}`,
        subtask: variant.benchmark,
        prompt: variant.prompt(record),
        ...gold,
        meta: {},
        source: SOURCE,
        extra: { raw: record as JsonValue },
      });
    });
  }
  return { rows, notes: tally.notes() };
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
          splitRule: `Validation and test draw 100 items each (seeded) from PANORAMA's ${variant.benchmark} test split; the pool is its train split, each row with the benchmark prompt and its gold answer as target (${variant.outputFormat.example}); rows without one are left out, counted in the split notes.`,
        }),
        mini: miniProfile({ validation: 0, test: 0, maxNewTokens: 32, splitRule: 'not available offline', unavailableOffline: MINI_UNAVAILABLE }),
      },
      notes: [
        "Prompts show the claim, the application's title and abstract, and the candidates; the full specifications are long and summarised to titles, abstracts and first claims.",
      ],
    },
    async buildSplits(repo, profile) {
      if (profile === 'mini') throw unsupportedProfile(task.spec, profile, MINI_UNAVAILABLE);
      const { samples, notes } = await loadSamples(repo, variant, `test/${variant.benchmark}`).catch((error: unknown) => {
        if (isFtdojoError(error) && error.code === 'MISSING_DATA')
          throw unsupportedProfile(task.spec, profile, `PANORAMA's full splits are only on the Hugging Face hub: ${error.message}`);
        throw error;
      });
      return benchmarkSplits({
        spec: task.spec,
        profile,
        repo,
        samples,
        notes,
        benchmarkSource: SOURCE,
        hubPool: (hub) => panoramaTrainPool(hub, variant),
        leakageKey: task.leakageKey,
      });
    },
    selfcheckSamples: async (repo) => (await loadSamples(repo, variant, `benchmark/${variant.benchmark}`)).samples,
    leakageKey: (item) => item.prompt,
  });
  return task;
}

export const panoramaTasks: TaskDefinition[] = VARIANTS.map(makeTask);
