import { appendFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { AgentLlmConfig } from '../../config/index.js';
import type { Implementer, Planner, PlanningContext } from '../../agent/index.js';
import { createHeuristicPlanner, createLlmCoder, createLlmPlanner, createTemplateImplementer, lessonLine, readExperimentFeedback } from '../../agent/index.js';
import type { DojoSession, Lesson, TaskSpec } from '../../core/index.js';
import { FtdojoError, primaryMetric } from '../../core/index.js';
import type { ChatModel, ToolChatModel } from '../../llm/index.js';
import { createLocalGgufChatModel, createOpenAiCompatibleChatModel, onlyServedModel } from '../../llm/index.js';

/**
 * The agent's brain, chosen at the edge: the built-in heuristic planner, or an OpenAI-compatible
 * chat model that proposes through the same typed seam with the heuristic planner as its
 * fallback for an iteration the model cannot plan (a refusal, output that stays invalid, a
 * provider that stays down). Every LLM planning call (usage, cost, repairs, fallbacks) is
 * appended to <run>/planner-calls.jsonl.
 */
/** The OpenAI-compatible model of an --llm base URL: the planner's, and react's (which calls tools). */
export function openAiCompatibleModelOf(llm: Extract<AgentLlmConfig, { kind: 'openai-compatible' }>): ToolChatModel {
  if (llm.model === null) throw new FtdojoError('INTERNAL', 'the agent model was not resolved (withServedModel) before use');
  return createOpenAiCompatibleChatModel({
    baseUrl: llm.baseUrl,
    apiKey: llm.apiKey,
    model: llm.model,
    timeoutMs: llm.timeoutMs,
    maxRetries: llm.maxRetries,
    price: llm.price,
    structuredOutput: llm.responseFormat,
  });
}

/**
 * The agent's config with its model named: an --llm server given without FTDOJO_AGENT_LLM_MODEL or
 * FTDOJO_LLM_MODEL is asked at /v1/models and its only model is used (said on stderr); none or
 * several is an error that lists them.
 */
export async function withServedModel(llm: AgentLlmConfig, say: (line: string) => void): Promise<AgentLlmConfig> {
  if (llm.kind !== 'openai-compatible' || llm.model !== null) return llm;
  const model = await onlyServedModel(llm.baseUrl, llm.apiKey, 'set FTDOJO_AGENT_LLM_MODEL (the agent only) or FTDOJO_LLM_MODEL');
  say(`› ${llm.baseUrl} serves one model, ${model}: the agent plans with it`);
  return { ...llm, model, sources: { ...llm.sources, model: 'the server (its only model)' } };
}

/** The agent's chat model for a run: one instance for the planner and the coder (a local GGUF is loaded once). */
export function agentChatModelOf(llm: Exclude<AgentLlmConfig, { kind: 'heuristic' }>): ChatModel {
  return llm.kind === 'local-gguf'
    ? // Loaded on the first call and kept for the run; the process's exit frees it.
      createLocalGgufChatModel({
        modelPath: llm.modelPath,
        contextSize: llm.contextSize,
        threads: llm.threads ?? undefined,
        structuredOutput: llm.responseFormat,
      })
    : openAiCompatibleModelOf(llm);
}

export function chooseAgentPlanner(
  llm: AgentLlmConfig,
  model: ChatModel | null,
  spec: TaskSpec,
  context: Omit<PlanningContext, 'remainingSeconds'>,
  runDir: string,
  lessons: readonly Lesson[] = [],
): Planner {
  const heuristic = createHeuristicPlanner(context, lessons);
  if (llm.kind === 'heuristic' || model === null) return heuristic;
  const metric = primaryMetric(spec);
  return createLlmPlanner({
    model,
    context: {
      ...context,
      task: { id: spec.id, description: spec.description, metric: metric.name, direction: metric.direction, outputFormat: spec.outputFormat.description },
      hardware: `${cpus().length} CPU cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GiB of memory`,
      lessons: lessons.map(lessonLine),
    },
    readFeedback: (experimentId) => readExperimentFeedback(runDir, experimentId),
    fallback: heuristic,
    callTime: llm.callTime,
    onCall: (record) =>
      appendFileSync(join(runDir, 'planner-calls.jsonl'), `${JSON.stringify({ schemaVersion: 1, at: new Date().toISOString(), ...record })}\n`),
  });
}

/** The coder for a run: the agent's model when it has one and FTDOJO_AGENT_CODER is not `template`; else the template. */
export function chooseAgentImplementer(
  llm: AgentLlmConfig,
  model: ChatModel | null,
  spec: TaskSpec,
  session: DojoSession,
  lessons: readonly Lesson[] = [],
  failFast = true,
): Implementer {
  if (llm.kind === 'heuristic' || model === null || llm.coder.kind === 'template') return createTemplateImplementer();
  return createLlmCoder({
    model,
    session,
    task: { id: spec.id, metric: primaryMetric(spec).name, outputFormat: spec.outputFormat.description },
    repairRounds: llm.coder.repairRounds,
    lessons: lessons.map(lessonLine),
    // Without fail-fast (the ablation) drafts run unvalidated, as any unchecked submission would.
    validate: failFast,
  });
}
