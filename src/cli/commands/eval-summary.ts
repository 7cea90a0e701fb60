import type { EvaluateResult, EvaluationFingerprint } from '../../eval/index.js';
import { countCategories } from '../../eval/index.js';
import type { Output } from '../output.js';
import { printMetricTables } from './metric-tables.js';

const short = (hash: string | null | undefined): string => (hash ? `${hash.slice(0, 12)}…` : '—');

/** The fingerprint in the few lines that say whether two scores are comparable. */
export function fingerprintLines(fingerprint: EvaluationFingerprint): [string, string][] {
  const { engine, chatTemplate, model, decoding } = fingerprint;
  const versions = ['transformers', 'torch', 'peft'].filter((name) => engine.versions[name]).map((name) => `${name} ${engine.versions[name]}`);
  const computed = [engine.device, engine.dtype, engine.threads === null ? null : `${engine.threads} thread${engine.threads === 1 ? '' : 's'}`]
    .filter(Boolean)
    .join(', ');
  const system =
    chatTemplate === null
      ? ''
      : chatTemplate.system === null
        ? ", template's default system prompt"
        : chatTemplate.system === ''
          ? ', no system prompt'
          : `, system ${JSON.stringify(chatTemplate.system.slice(0, 40))}`;
  return [
    [
      'model',
      `${model.description}${model.servedModel && !model.description.startsWith(model.servedModel) ? ` (served as ${model.servedModel})` : ''}  sha256 ${short(model.sha256)}`,
    ],
    ['adapter', model.adapterSha256 ? `sha256 ${short(model.adapterSha256)}` : '—'],
    ['engine', `${engine.name}${versions.length ? ` (${versions.join(', ')})` : ''}${computed ? ` on ${computed}` : ''}`],
    ['template', chatTemplate ? `${chatTemplate.name} sha256 ${short(chatTemplate.sha256)}${system}` : 'applied by the server (not visible)'],
    [
      'decoding',
      decoding.strategy === 'choice'
        ? `constrained to ${decoding.choices.join(', ')} (one forward pass), batch size ${fingerprint.batchSize}`
        : `${decoding.strategy}, max ${decoding.maxNewTokens} new tokens, seed ${fingerprint.seed}, batch size ${fingerprint.batchSize}`,
    ],
    [
      'samples',
      `${fingerprint.task.samples}${fingerprint.task.limit !== null ? ` (--limit ${fingerprint.task.limit})` : ''}, ids sha256 ${short(fingerprint.task.sampleIdsSha256)}`,
    ],
    ['scoring', fingerprint.scoring],
    ['digest', fingerprint.digest],
  ];
}

export function printEvaluationSummary(output: Output, result: EvaluateResult): void {
  const { report, stats, fingerprint } = result;
  const resumed = stats.resumed ? `, ${stats.resumed} resumed from an earlier run` : '';
  const load = stats.loadSeconds === null ? '' : `; model load ${stats.loadSeconds.toFixed(1)} s`;
  output.out(
    `generated ${stats.samples} sample(s) in ${stats.seconds.toFixed(1)} s (${stats.samplesPerSecond.toFixed(2)} samples/s, ${stats.tokensPerSecond.toFixed(1)} tokens/s${load})${resumed}`,
  );
  output.out(`${report.task} · ${report.profile} · ${report.split} · scoring ${report.scoring}: ${report.samples} samples`);
  output.out(`decoding: ${result.decoding.reason}`);
  printMetricTables(output, report.metrics);
  const counts = countCategories(result.records);
  output.out(
    `outcomes: ${Object.entries(counts)
      .filter(([category, count]) => count > 0 || category === 'correct')
      .map(([category, count]) => `${count} ${category}`)
      .join(', ')}`,
  );
  output.out('fingerprint:');
  for (const [label, text] of fingerprintLines(fingerprint)) output.out(`  ${label.padEnd(9)}${text}`);
  output.out(`records: ${result.recordsPath}`);
  output.out(`report:  ${result.reportPath}`);
}
