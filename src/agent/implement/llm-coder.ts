import { createTwoFilesPatch } from 'diff';
import type { DojoSession, ImplementationRecord, ImplementationRound, SubmissionFiles, ValidationReport, ValidationTier } from '../../core/index.js';
import { DOJO_SESSION_VERSION, IMPLEMENTATION_VERSION } from '../../core/index.js';
import type { CallTimePolicy, ChatMessage, ChatModel } from '../../llm/index.js';
import { callDeadline, checkCallTimePolicy, isChatModelError } from '../../llm/index.js';
import type { CoderFile } from './code-blocks.js';
import { filesFromReply } from './code-blocks.js';
import type { CodingContext } from './coding-prompt.js';
import { buildCodingMessages, describeFindings, repairMessage } from './coding-prompt.js';
import type { Implementation, Implementer, ImplementInput } from './implementer.js';
import { createTemplateImplementer } from './implementer.js';

/** Repair rounds after the first draft, by default (the N). */
export const DEFAULT_REPAIR_ROUNDS = 3;

/** A coder's whole implement step (every call and validation) takes at most this share of the time left, capped. */
export const DEFAULT_CODING_TIME: CallTimePolicy = { share: 0.25, capSeconds: 600 };

/** The reply's room: a data script and a train.yaml, with some words around them. */
const MAX_REPLY_TOKENS = 4096;

/** Chat failures that are the model's or the provider's: the template implements this iteration instead. */
const FALL_BACK_REASONS = new Set(['refused', 'invalid-output', 'unavailable', 'deadline']);

export interface LlmCoderOptions {
  model: ChatModel;
  /** Where drafts are validated and the coder reads its facts: the run's dojo session. */
  session: Pick<DojoSession, 'info' | 'datasetCard' | 'readPool' | 'validate'>;
  task: CodingContext['task'];
  /** Lessons from earlier runs for this task, one line each, most relevant first. */
  lessons?: readonly string[] | undefined;
  repairRounds?: number | undefined;
  temperature?: number | undefined;
  codingTime?: CallTimePolicy | undefined;
  /** Pool rows shown to the model (default 3). */
  sampleRows?: number | undefined;
  /**
   * The last tier a draft is validated through (default data): the experiment's own validation
   * runs the runtime tier's micro run once, instead of once per draft and again in the experiment.
   */
  validateThrough?: ValidationTier | undefined;
  /** false: the fail-fast ablation; the first draft with code runs as it is, unvalidated and unrepaired. */
  validate?: boolean | undefined;
}

/**
 * An Implementer that asks a chat model for the submission's code (process_data.py, and
 * train.yaml when the hypothesis needs other settings), validates each draft in the dojo session
 * (the same tiers any submission meets: the code runs only in the sandbox), and sends the
 * diagnostics back for repair, at most `repairRounds` times. Code that still fails, a model that
 * cannot answer in time, or a reply without code: the reviewed template implements the iteration
 * instead, and the record says why. Every round (its diff, what stopped it) is in the record.
 */
export function createLlmCoder(options: LlmCoderOptions): Implementer {
  const { model, session } = options;
  const repairRounds = options.repairRounds ?? DEFAULT_REPAIR_ROUNDS;
  const codingTime = checkCallTimePolicy(options.codingTime ?? DEFAULT_CODING_TIME);
  const template = createTemplateImplementer();
  let context: Promise<CodingContext> | null = null;
  const contextOnce = () =>
    (context ??= (async () => {
      const [info, card, sample] = await Promise.all([
        session.info(),
        session.datasetCard({ sources: false }),
        session.readPool({ mode: 'sample', size: options.sampleRows ?? 3, seed: 0 }),
      ]);
      return {
        task: options.task,
        contract: info.submissionContract,
        pool: { rows: card.pool.rows, fields: card.pool.fields, sampleCap: card.pool.sampleCap, hasSolutions: card.pool.hasSolutions },
        sampleRows: sample.rows,
        lessons: options.lessons ?? [],
      };
    })());

  return {
    name: `llm-coder:${model.name}`,
    async implement(input: ImplementInput): Promise<Implementation> {
      const started = Date.now();
      const deadline = callDeadline(input.remainingSeconds, codingTime, started);
      const fallback = await template.implement(input);
      const rounds: ImplementationRound[] = [];
      const record = (outcome: ImplementationRecord['outcome'], fellBack: string | null): ImplementationRecord => ({
        schemaVersion: IMPLEMENTATION_VERSION,
        kind: 'implementation',
        experimentId: input.experimentId,
        implementer: 'llm',
        model: model.name,
        outcome,
        rounds,
        fellBack,
        seconds: (Date.now() - started) / 1000,
      });
      const fellBack = (why: string): Implementation => ({ files: fallback.files, record: record('fell-back', why) });

      const opening = buildCodingMessages({ hypothesis: input.hypothesis, context: await contextOnce(), trainYaml: fallback.files['train.yaml']! });
      let messages: ChatMessage[] = opening;
      let draft: Partial<Record<CoderFile, string>> = {};
      for (let round = 1; round <= repairRounds + 1; round += 1) {
        const roundStarted = Date.now();
        let reply;
        try {
          reply = await model.complete({ messages, maxTokens: MAX_REPLY_TOKENS, temperature: options.temperature ?? 0.2, deadline, signal: input.signal });
        } catch (error) {
          if (isChatModelError(error) && FALL_BACK_REASONS.has(error.reason)) return fellBack(`the coder model failed (${error.reason}): ${error.message}`);
          throw error;
        }
        const written = filesFromReply(reply.content);
        // Each round's record: what it wrote and how it ended, its time and the reply's tokens.
        const keep = (ending: Pick<ImplementationRound, 'outcome' | 'failedTier' | 'findings'> & Partial<Pick<ImplementationRound, 'files' | 'diff'>>) =>
          rounds.push({
            round,
            files: Object.keys(written),
            diff: diffOf(draft, written),
            ...ending,
            seconds: (Date.now() - roundStarted) / 1000,
            promptTokens: reply.usage.promptTokens,
            completionTokens: reply.usage.completionTokens,
          });
        const next = { ...draft, ...written };
        if (!next['process_data.py']) {
          // Nothing of this reply is kept as the draft, so the round records no files.
          keep({ outcome: 'no-code', failedTier: null, findings: [], files: [], diff: '' });
          messages = [
            ...opening,
            { role: 'assistant', content: reply.content },
            { role: 'user', content: 'The reply held no ```python process_data.py block. Answer with the files in fenced blocks.' },
          ];
          continue;
        }
        const files: SubmissionFiles = {
          ...fallback.files,
          'process_data.py': next['process_data.py'],
          'train.yaml': next['train.yaml'] ?? fallback.files['train.yaml']!,
        };
        // The template's strategy file would only mislead a reader of this code.
        delete files['strategy.json'];
        if (options.validate === false) {
          keep({ outcome: 'unchecked', failedTier: null, findings: [] });
          return { files, record: record('written', null) };
        }
        const report: ValidationReport = (
          await session.validate({ schemaVersion: DOJO_SESSION_VERSION, kind: 'validate', files, through: options.validateThrough ?? 'data' })
        ).report;
        const errors = report.tiers.flatMap((tier) => tier.diagnostics).filter((diagnostic) => diagnostic.severity === 'error');
        keep({
          outcome: report.passed ? 'passed' : 'failed',
          failedTier: report.failedTier,
          findings: errors.map((diagnostic) => ({ tier: diagnostic.tier, code: diagnostic.code, message: diagnostic.message.split('\n')[0]! })),
        });
        if (report.passed) return { files, record: record(round === 1 ? 'written' : 'repaired', null) };
        draft = next;
        // Only the latest draft and its findings: the prompt stays bounded however many rounds run.
        messages = [...opening, { role: 'assistant', content: reply.content }, repairMessage(draft, describeFindings(errors))];
        if (Date.now() >= deadline) return fellBack(`the coding step's time ran out after round ${round}`);
      }
      const last = rounds.at(-1);
      const why = last?.findings[0] ? `${last.failedTier} tier, ${last.findings[0].code}` : 'no code in the reply';
      return fellBack(`the code still failed after ${repairRounds} repair round(s) (${why})`);
    },
  };
}

/** What a round changed, as a unified diff per file (round 1: the whole file, added). */
function diffOf(before: Readonly<Partial<Record<CoderFile, string>>>, written: Readonly<Partial<Record<CoderFile, string>>>): string {
  return Object.entries(written)
    .map(([name, text]) => createTwoFilesPatch(`a/${name}`, `b/${name}`, before[name as CoderFile] ?? '', text ?? '', '', '', { context: 2 }))
    .join('');
}
