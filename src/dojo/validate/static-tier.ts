import { parseDocument } from 'yaml';
import type { Diagnostic, TaskSpec } from '../../core/index.js';
import type { AcceleratorSummary, CpuPrecisionDecision, TrainingConfig, TrainingDevice, TrainingTemplate } from '../../runtime/index.js';
import { applyAcceleratorFacts, validateTrainingConfig } from '../../runtime/index.js';
import type { Submission } from '../submission/index.js';
import { CONFIG_NAME, MANAGED_KEYS, managedTrainingConfig, partitionSubmissionConfig, SCRIPT_NAMES } from '../submission/index.js';
import { crossFieldDiagnostics } from './cross-field-rules.js';
import type { ScriptSyntaxCheck } from './script-syntax.js';

export interface StaticTierInput {
  submission: Submission;
  task: TaskSpec;
  sampleCap: number;
  modelPath: string;
  /** The model's context length (max_position_embeddings), when known. */
  modelContext: number | null;
  template: TrainingTemplate;
  device: TrainingDevice;
  /**
   * For a GPU run, what the device probe found (precision and attention follow it; QLoRA, bf16
   * and fa2 are checked against it); a string when the probe failed (a warning); absent: unprobed.
   */
  accelerator?: (AcceleratorSummary & { description: string }) | string | null | undefined;
  /** For a CPU run, the CPU precision check's decision: bf16 autocast or fp32 unless train.yaml chooses. */
  cpuPrecision?: CpuPrecisionDecision | null | undefined;
  checkSyntax: ScriptSyntaxCheck;
}

export interface StaticTierOutput {
  diagnostics: Diagnostic[];
  /** The config training would run with (managed keys added), when train.yaml could be read. */
  config: TrainingConfig | null;
}

function error(code: string, message: string, hint: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { tier: 'static', code, severity: 'error', message, hint, evidence: [], ...extra };
}

/** YAML 1.1 as LLaMA-Factory reads it (PyYAML): bare yes/no/on/off are booleans there too. */
function parseConfig(text: string): { value: Record<string, unknown> } | { problem: Diagnostic } {
  const document = parseDocument(text, { version: '1.1', prettyErrors: true });
  if (document.errors.length) {
    const first = document.errors[0]!;
    return {
      problem: error(
        'config-yaml',
        `${CONFIG_NAME} is not valid YAML: ${first.message.split('\n')[0]}`,
        'fix the line it names; keys are `key: value`, one per line',
        { subject: CONFIG_NAME, evidence: first.message.split('\n').slice(1, 4) },
      ),
    };
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return { value: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      problem: error(
        'config-not-mapping',
        `${CONFIG_NAME} must be a mapping of LLaMA-Factory keys to values`,
        'write one `key: value` per line, e.g. `learning_rate: 1.0e-4`',
        { subject: CONFIG_NAME },
      ),
    };
  }
  return { value: value as Record<string, unknown> };
}

/**
 * Tier 1, static: no code runs. The script exists and parses; train.yaml parses, leaves the
 * managed keys to the environment, uses only keys the installed LLaMA-Factory accepts with the
 * right types, and passes the cross-field rules (cutoff within the model's context, LoRA keys
 * only with LoRA, a template evaluation can match, precision this device can run, QLoRA only where
 * bitsandbytes runs, sample cap). On a GPU the precision and attention follow the probed device;
 * on a CPU the precision follows the CPU precision check, where train.yaml does not choose one.
 */
export async function runStaticTier(input: StaticTierInput): Promise<StaticTierOutput> {
  const { submission } = input;
  const diagnostics: Diagnostic[] = [];
  if (!submission.script) {
    diagnostics.push(
      error(
        'script-missing',
        `the workspace has no data script (${SCRIPT_NAMES.join(', ')})`,
        `write ${SCRIPT_NAMES[0]}: read /task/pool.jsonl, write output/train.json (Alpaca rows), support --debug`,
        { subject: 'script' },
      ),
    );
  } else {
    if (submission.scriptsFound.length > 1) {
      diagnostics.push(
        error(
          'script-ambiguous',
          `the workspace has ${submission.scriptsFound.length} data scripts: ${submission.scriptsFound.join(', ')}`,
          `keep one; ${submission.script.name} would be run`,
          { subject: 'script' },
        ),
      );
    }
    const syntax = await input.checkSyntax(submission.script.path, submission.script.language);
    if (!syntax.ok)
      diagnostics.push(
        error('script-syntax', `${submission.script.name} does not parse: ${syntax.message}`, 'fix the syntax error at the line shown; nothing was run', {
          subject: 'script',
          evidence: syntax.evidence,
        }),
      );
  }

  if (submission.configText === null) {
    diagnostics.push(
      error(
        'config-missing',
        `the workspace has no ${CONFIG_NAME}`,
        `write ${CONFIG_NAME} with the LLaMA-Factory settings you choose, e.g. \`learning_rate: 1.0e-4\` and \`num_train_epochs: 2\``,
        { subject: CONFIG_NAME },
      ),
    );
    return { diagnostics, config: null };
  }
  const parsed = parseConfig(submission.configText);
  if ('problem' in parsed) return { diagnostics: [...diagnostics, parsed.problem], config: null };

  const { settings, managed } = partitionSubmissionConfig(parsed.value);
  for (const key of managed) {
    const mismatch =
      (key === 'template' || key === 'default_system') && parsed.value[key] !== (key === 'template' ? input.template.template : input.template.defaultSystem);
    diagnostics.push(
      mismatch
        ? error(
            'template-mismatch',
            `${key} is ${JSON.stringify(parsed.value[key])} but evaluation renders prompts with ${key} ${JSON.stringify(key === 'template' ? input.template.template : input.template.defaultSystem)}`,
            `remove ${key} from ${CONFIG_NAME}: a model trained on another prompt format is evaluated on one it never saw`,
            { subject: key },
          )
        : {
            tier: 'static',
            code: 'managed-key',
            severity: 'warning',
            message: `${key} is set by the environment (${MANAGED_KEYS[key]}); the value in ${CONFIG_NAME} is ignored`,
            hint: `remove ${key} from ${CONFIG_NAME}`,
            evidence: [],
            subject: key,
          },
    );
  }
  const cpuPrecision = input.device === 'cpu' ? (input.cpuPrecision ?? null) : null;
  const managedConfig = managedTrainingConfig({
    modelPath: input.modelPath,
    template: input.template,
    device: input.device,
    settings,
    cpuPrecision: cpuPrecision?.precision,
  });
  const accelerator = typeof input.accelerator === 'object' ? input.accelerator : null;
  const config = input.device === 'gpu' && accelerator ? applyAcceleratorFacts(managedConfig, accelerator, settings) : managedConfig;
  if (typeof input.accelerator === 'string')
    diagnostics.push({
      tier: 'static',
      code: 'device-probe',
      severity: 'warning',
      subject: 'device',
      message: `the GPU checks were skipped: ${input.accelerator}`,
      hint: 'run `ftdojo doctor` to see what the runtime finds on this machine',
      evidence: [],
    });
  // Paths are filled in per run; give them placeholders so the required-key check is about the submission.
  const checked = { ...config, dataset: 'ftdojo_train', dataset_dir: 'data', output_dir: 'output' };
  for (const problem of validateTrainingConfig(checked)) {
    diagnostics.push(
      error(
        `config-${problem.code}`,
        problem.message,
        problem.code === 'unknown-key' ? `remove or rename ${problem.key}` : `fix ${problem.key} in ${CONFIG_NAME}`,
        { subject: problem.key },
      ),
    );
  }
  diagnostics.push(
    ...crossFieldDiagnostics({ config, sampleCap: input.sampleCap, modelContext: input.modelContext, device: input.device, accelerator, cpuPrecision }),
  );
  return { diagnostics, config };
}
