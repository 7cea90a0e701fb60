import type { Command } from 'commander';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { checkCpuPrecision, probeDevice, readCpuFeatures } from '../../runtime/index.js';
import { detectSandbox } from '../../sandbox/index.js';
import { listTasks } from '../../tasks/index.js';
import type { CliContext } from '../context.js';
import { formatDoctorReport } from '../doctor/format-doctor-report.js';
import type { SandboxFacts } from '../doctor/gather-doctor-report.js';
import { gatherDoctorReport } from '../doctor/gather-doctor-report.js';
import { mark, printJson } from '../output.js';

const HELP = `
Says what this machine supports, probed for real, and for every task and profile whether it can
run here and what to do if not:
  python      the runtime's Python (FTDOJO_PYTHON, or the one \`ftdojo setup\` made) and its torch
  gpu, cuda   the GPUs torch sees (memory total and free, compute capability, bf16), torch's CUDA
  packages    flash-attn, vLLM, bitsandbytes and deepspeed in that Python, each imported for real
  cpu         the model and the flags that matter (avx512_bf16, AMX) from /proc/cpuinfo
  precision   what CPU training computes in: bf16 autocast where the CPU has bf16 units and a short
              check measured it at least 1.15x faster than fp32 on the embedded model (cached per
              CPU, torch and model; the first run takes under a minute), else fp32
  sandbox     bubblewrap, podman and docker, each tried with a trial sandbox
  data        mirror (FTDOJO_DATA_MIRROR) or hub, and whether the hub is switched off
  models      whether the embedded SmolLM2-135M-Instruct is converted in the model store
  evaluation  vLLM (where it imports and a GPU is visible) or transformers
The paper profile needs a GPU with room for its base model (LoRA, or QLoRA with bitsandbytes)
and the Hugging Face hub; mini runs on the CPU with the embedded model and the offline mirror.
Nothing is downloaded and no network call is made. The device probe runs afresh (a few seconds)
and refreshes the cache training and evaluation read. Exit code 0 whatever it finds.

Environment: FTDOJO_PYTHON, FTDOJO_DEVICE=cpu (hide GPUs), FTDOJO_GPUS, FTDOJO_EVAL_BACKEND,
FTDOJO_CPU_PRECISION=fp32|bf16 (skip the check), FTDOJO_WARM_WORKER=0 (a fresh process per
stage), FTDOJO_DATA_MIRROR, HF_HUB_OFFLINE.

Examples:
  ftdojo doctor
  ftdojo doctor --json | jq '.gpu'
  ftdojo doctor --json | jq '.tasks[] | select(.profiles[0].runnable) | .task'
  FTDOJO_DEVICE=cpu ftdojo doctor`;

const SANDBOX_PROVIDERS = ['bubblewrap', 'podman', 'docker'] as const;

/** Each provider tried on its own (detectSandbox with one preference), with the reason when it fails. */
async function sandboxFacts(hostPath: string | undefined): Promise<SandboxFacts[]> {
  const facts: SandboxFacts[] = [];
  for (const provider of SANDBOX_PROVIDERS) {
    try {
      const detection = await detectSandbox(provider, { hostPath });
      facts.push({ provider, available: true, detail: detection.executable });
    } catch (error) {
      const message = error instanceof FtdojoError ? error.message : String(error);
      const reason = new RegExp(`${provider}: (.*)\\)$`).exec(message)?.[1] ?? message;
      facts.push({ provider, available: false, detail: reason });
    }
  }
  return facts;
}

export function registerDoctorCommand(program: Command, context: () => CliContext): void {
  program
    .command('doctor')
    .description(
      'what this machine supports (GPUs, CUDA, bf16, flash-attn, vLLM, bitsandbytes, deepspeed, CPU, sandbox, data, models) and which tasks run here',
    )
    .option('--json', 'print the versioned report (DoctorReportSchema) as JSON')
    .addHelpText('after', HELP)
    .action(async (options: { json?: boolean }, command: Command) => {
      const ctx = context();
      const global = command.optsWithGlobals<{ home?: string }>();
      const runtime = resolveRuntimeConfig(ctx.env, { home: global.home });
      let data: ReturnType<CliContext['config']> | Error;
      try {
        data = ctx.config();
      } catch (error) {
        data = error instanceof Error ? error : new Error(String(error));
      }
      if (!options.json) ctx.output.err(mark.dim('probing the runtime, the GPUs and the sandbox...'));
      const report = await gatherDoctorReport({
        runtime,
        data,
        specs: listTasks().map((task) => task.spec),
        probe: () => probeDevice(runtime, { refresh: true }),
        cpu: () => readCpuFeatures(),
        cpuPrecision: (modelPath) => checkCpuPrecision(runtime, { modelPath }),
        sandboxes: () => sandboxFacts(runtime.baseEnv.PATH),
      });
      if (options.json) return printJson(ctx.output, report);
      ctx.output.out(formatDoctorReport(report));
    });
}
