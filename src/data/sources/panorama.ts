import type { DatasetFile, DatasetSource } from '../types.js';
import { PREFIX_PIN_NOTE, hubFile, mirrorFile } from './file-entry.js';

const TASKS = [
  { id: 'par4pc', folder: 'PAR4PC' },
  { id: 'pi4pc', folder: 'PI4PC' },
  { id: 'noc4pc', folder: 'NOC4PC' },
] as const;
const SPLITS = ['train', 'validation', 'test'] as const;

/** The official benchmark samples the mirror holds (names only: sizes and hashes live in MANIFEST.tsv). */
const FIXTURES: Record<(typeof TASKS)[number]['id'], string[]> = {
  par4pc: [
    'par4pc_r00011_14704145_cl1',
    'par4pc_r00011_14704145_cl10',
    'par4pc_r00011_14704145_cl15',
    'par4pc_r00011_14704145_cl16',
    'par4pc_r00011_14704145_cl17',
    'par4pc_r00011_14704145_cl2',
    'par4pc_r00011_14704145_cl3',
    'par4pc_r00011_14704145_cl8',
    'par4pc_r00011_14704145_cl9',
    'par4pc_r00017_15702072_cl1',
  ],
  pi4pc: [
    'pi4pc_r00001_15091542_cl10_20050025220_9',
    'pi4pc_r00001_15091542_cl12_20050025220_36',
    'pi4pc_r00001_15091542_cl1_20050025220_8',
    'pi4pc_r00001_15091542_cl2_20050025220_9',
    'pi4pc_r00001_15091542_cl3_20050025220_9',
    'pi4pc_r00001_15091542_cl4_20050025220_9',
    'pi4pc_r00001_15091542_cl6_20050025220_36',
    'pi4pc_r00001_15091542_cl7_20050025220_34',
    'pi4pc_r00001_15091542_cl8_20050025220_9',
    'pi4pc_r00001_15091542_cl9_20050025220_9',
  ],
  noc4pc: Array.from({ length: 10 }, (_, index) => `noc4pc_r00001_15091542_cl${index + 1}`),
};

const RECORDS = [
  'panorama_r00001_15091542',
  'panorama_r00002_14937767',
  'panorama_r00003_14735126',
  'panorama_r00004_16546449',
  'panorama_r00005_15997209',
  'panorama_r00007_14551221',
  'panorama_r00011_14704145',
  'panorama_r00013_14973227',
  'panorama_r00014_13793810',
  'panorama_r00016_15399629',
];

const files: DatasetFile[] = [
  ...TASKS.flatMap((task) => SPLITS.map((split) => hubFile(`${split}/${task.id}`, 'jsonl', `${task.folder}/${split}.jsonl`))),
  ...TASKS.flatMap((task) => FIXTURES[task.id].map((name) => mirrorFile(`benchmark/${task.id}/${name}`, 'json', `panorama/benchmark/${task.id}/${name}.json`))),
  // Raw application records: no prompt/answer split, so stats cover the whole record.
  ...RECORDS.map((name) => mirrorFile(`records/${name}`, 'json', `panorama/records/${name}.json`, { prompt: [], answer: [] })),
];

/** PANORAMA: US patent examination trails turned into three benchmarks (PAR4PC, PI4PC, NOC4PC). */
export const panorama: DatasetSource = {
  id: 'panorama',
  title: 'PANORAMA (patent examination: prior-art retrieval, paragraph identification, novelty classification)',
  domain: 'patent',
  description:
    'Three tasks built from real US patent examinations: PAR4PC (pick the prior-art patents, among candidates A-H, an examiner ' +
    'cited against a claim; ~54k training rows), PI4PC (pick the paragraph of a cited document to compare with the claim; ~64k) ' +
    'and NOC4PC (classify a claim as ALLOW, 102 or 103 given the cited art; ~136k). The hub holds the full train/validation/test ' +
    'splits (<split>/<task>, e.g. train/par4pc); the offline mirror holds only the official samples, 10 per task (benchmark/<task>/<name>: format ' +
    'fixtures, all 10 NOC4PC labels are 102) and 10 raw application records (records/<name>) from the same applications.',
  licence: 'CC BY-NC 4.0',
  hub: {
    repo: 'LG-AI-Research/PANORAMA',
    repoType: 'dataset',
    revision: '5c40de5',
    revisionNote: PREFIX_PIN_NOTE,
    layoutNote:
      'per-task folders PAR4PC/, PI4PC/, NOC4PC/ (as the reference implementation loads them) holding <split>.jsonl, the format ' +
      "the official splitter (benchmarks/*/data_spliter.py) writes (it stores NOC4PC's context, prior_art_specifications and answer as " +
      "JSON text); not checked against the hub offline: the pull compares every path with the revision's file list and fails naming " +
      'the files that revision has (a copy that holds only <split>.parquet needs a parquet reader, which ftdojo does not have)',
  },
  mirrorOrigin: { repo: 'LGAI-Research/PANORAMA', commit: '6e5a7b33ddda5083ca5a139aae83ea8fcb7eb30b', note: 'data/benchmark/ and data/panorama/' },
  files,
  cotQuality: 'none',
  cotNote:
    'No usable chain-of-thought. PAR4PC and PI4PC rows carry only the gold, silver and negative options; NOC4PC rows carry the ' +
    'examiner\'s decision with a "reason" paragraph quoted from the office action, which is a legal rationale written for the ' +
    'applicant, not a reasoning trace that leads from the inputs to the label. Inputs are very long (a claim plus up to eight ' +
    'prior-art documents), so truncation and cutoff length matter more than reasoning style here. Any step-by-step reasoning ' +
    'must be synthesised and checked against the gold labels.',
  fields: {
    application_number: 'US patent application number',
    claim_number: 'the claim under examination',
    context: 'the application: {title, abstract, claims}',
    options: 'PAR4PC: candidate patents A-H {patent_id, title, abstract, claims}; PI4PC: paragraph id -> paragraph text',
    prior_art_specification: 'PI4PC: the cited document {patent_id, title, abstract, claims, specification}',
    prior_art_specifications: 'NOC4PC: the cited documents with their relevant paragraphs',
    gold_answers: 'the options the examiner relied on (letters for PAR4PC, paragraph ids for PI4PC)',
    silver_answers: 'options that are partly right (scored with partial credit)',
    negative_answers: 'wrong options',
    answer: 'NOC4PC: {reason, code} with code ALLOW, 102 or 103 (JSON text in the split files)',
    parsed_CTNF: "records: the examiner's non-final rejection, parsed per claim",
    CTNFBodyText: 'records: text of the non-final rejection',
    NOABodyText: 'records: text of the notice of allowance',
    initialClaims: 'records: claims as filed',
    finalClaims: 'records: claims as allowed',
    patentsCitedByExaminer: 'records: the prior art the examiner cited',
  },
  text: {
    prompt: ['context', 'options', 'prior_art_specification', 'prior_art_specifications'],
    answer: ['gold_answers', 'answer'],
  },
};
