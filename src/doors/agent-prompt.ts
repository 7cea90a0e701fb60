import type { SessionInfo } from '../core/index.js';

/**
 * What an outside agent is told when the harness starts it (also written to
 * /workspace/.ftdojo/prompt.md): the goal, the session, the budget, and the way through the tools.
 * Task-specific facts come from the tools themselves (task_card, dataset_card).
 */
export function agentPrompt(options: { info: SessionInfo; mcpTool: string }): string {
  const { info } = options;
  const minutes = Math.floor(info.budget.wallSeconds.left / 60);
  return `# FT-Dojo: fine-tune a model for "${info.task}"

You are in FT-Dojo session \`${info.sessionId}\` (profile ${info.profile}, seed ${info.seed}). Goal: the
highest held-out score on this task's metric for a LoRA fine-tune of the base model. You have
${minutes} minutes of wall-clock time for everything; every act spends it, training most.

Use the MCP server "${options.mcpTool}" (its tools take sessionId "${info.sessionId}"):
1. task_card and dataset_card: what is asked, the metric, the answer format, the pool.
2. read_pool: look at rows before you write code.
3. Write a submission in /workspace (your working folder): a data script and train.yaml.
${info.submissionContract
  .split('\n')
  .map((line) => `   - ${line}`)
  .join('\n')}
4. validate_submission (cheap checks and a micro run), then start_experiment (paths or inline files).
5. await_experiment until it ends, then get_feedback: errors with hints, validation metrics, the
   comparison with the base model and your best so far.
6. Iterate while the budget allows (budget tells what is left; project_run what a training costs).
7. finish_session with your best experiment id (or null for the base model). Only that experiment
   is scored on the held-out test split, which you never see. Unfinished sessions choose nothing.
`;
}
