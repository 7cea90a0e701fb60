import type { MetricSpec, TaskSpec } from '../core/index.js';
import { profileScoringMode } from '../core/index.js';
import { choiceOptionsOf } from '../eval/index.js';
import type { ProfileAvailability } from './availability.js';
import { validationPowerLine } from './validation-power.js';

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * The two scoring modes, per metric that has them: what `official` reproduces, and each place
 * where `corrected` deliberately differs, with an item that shows why.
 */
function scoringSection(spec: TaskSpec): string[] {
  const withModes = spec.metrics.filter((metric): metric is MetricSpec & { scoring: NonNullable<MetricSpec['scoring']> } => metric.scoring !== undefined);
  const lines = [
    '## Scoring modes',
    "`official` reproduces the benchmark's own evaluation code as the FT-Dojo paper ran it, quirks included, so scores compare with published ones; " +
      '`corrected` is ours where we deliberately differ. The paper profile reports `official`, mini `corrected`; `ftdojo eval` and `ftdojo score` take `--scoring official|corrected`, ' +
      'and every report, fingerprint and leaderboard says which mode it holds.',
  ];
  if (withModes.length === 0) return [...lines, 'Every metric of this task scores alike in both modes.', ''];
  for (const metric of withModes) {
    lines.push('', `### ${metric.name}`, `- official: ${metric.scoring.official}`);
    if (metric.scoring.differences.length === 0) lines.push('- corrected: the same as official.');
    for (const difference of metric.scoring.differences) {
      lines.push(`- **${difference.what}**. Official: ${difference.official} Corrected: ${difference.corrected}`, `  - Example: ${difference.example}`);
    }
  }
  lines.push('');
  return lines;
}

/**
 * The task card, in Markdown: what the agent (and a person) reads about a task. Built only from
 * the public spec, so it can never carry a held-out answer.
 */
export function renderTaskCard(spec: TaskSpec, availability?: readonly ProfileAvailability[]): string {
  const lines: string[] = [];
  lines.push(`# ${spec.title} (\`${spec.id}\`)`, '');
  lines.push(`Domain: ${spec.domain}${spec.paperTask ? " · one of the FT-Dojo paper's 13 tasks" : " · extension (not one of the paper's 13 tasks)"}`, '');
  lines.push('## What the model must do', spec.description, '');
  lines.push('## Output format', spec.outputFormat.description, '', 'Example:', '```', spec.outputFormat.example, '```', '');
  if (spec.subtasks.length > 0) {
    lines.push('## Subtasks');
    for (const subtask of spec.subtasks) lines.push(`- \`${subtask.id}\`: ${subtask.description}`);
    lines.push('');
  }
  lines.push('## Metrics');
  for (const metric of spec.metrics) {
    const scope = metric.subtasks ? ` (on ${metric.subtasks.join(', ')})` : '';
    lines.push(
      `- **${metric.name}**${metric.primary ? ' (primary)' : ''}: ${metric.direction} is better${scope}; scorer \`${metric.scorer}\`${metric.description ? `. ${metric.description}` : ''}`,
    );
  }
  lines.push('');
  lines.push(...scoringSection(spec));
  lines.push('## Data', `Training sources offered: ${spec.sources.map((source) => `\`${source}\``).join(', ')} (see \`ftdojo data card <source>\`).`);
  lines.push(
    `Held-out splits are drawn from: ${spec.heldOutFrom.map((source) => `\`${source}\``).join(', ')}; the agent never sees validation or test answers.`,
    '',
  );
  lines.push('## Profiles');
  for (const name of ['paper', 'mini'] as const) {
    const profile = spec.profiles[name];
    const here = availability?.find((entry) => entry.profile === name);
    lines.push(`### ${name}${here ? (here.runnable ? ' — runnable here' : ' — not runnable here') : ''}`);
    if (here) lines.push(`- On this machine: ${here.reason}`);
    lines.push(`- Base model: ${profile.baseModel}`);
    lines.push(`- Budget: ${duration(profile.budget.wallClockSeconds)} wall clock, at most ${profile.budget.sampleCap} training samples`);
    lines.push(
      `- Validation / test: ${profile.validationSize} / ${profile.testSize}; max new tokens ${profile.maxNewTokens}; data from ${profile.dataFrom === 'hub' ? 'the Hugging Face hub (pinned revisions)' : 'the offline mirror'}`,
    );
    lines.push(`- Split rule: ${profile.splitRule}`);
    const power = validationPowerLine(spec, name);
    if (power) lines.push(`- ${power}`);
    lines.push(`- Scoring: ${profileScoringMode(spec, name)} unless \`--scoring\` says otherwise`);
    const options = choiceOptionsOf(spec);
    // What evaluation reads matters to training: constrained, only the first answer token counts.
    if (options)
      lines.push(
        profileScoringMode(spec, name) === 'official'
          ? '- Decoding: free greedy generation, as the benchmark protocol (`--decoding constrained` reads the option the model ranks highest instead)'
          : `- Decoding: constrained to ${options.join(', ')} on a local model: one forward pass, the option whose token the model ranks highest is the answer (\`--decoding free\` generates instead)`,
      );
    if (profile.unavailableOffline) lines.push(`- Offline: ${profile.unavailableOffline}`);
    for (const deviation of profile.deviations) lines.push(`- Deviation from the paper: ${deviation}`);
    lines.push('');
  }
  if (spec.notes.length > 0) {
    lines.push('## Notes');
    for (const note of spec.notes) lines.push(`- ${note}`);
    lines.push('');
  }
  return lines.join('\n');
}
