import type { TaskSpec } from '../core/index.js';
import type { ProfileAvailability } from './availability.js';

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
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
