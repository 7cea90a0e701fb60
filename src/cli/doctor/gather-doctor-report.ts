import { existsSync } from 'node:fs';
import type { DataConfig, RuntimeConfig } from '../../config/index.js';
import type { TaskSpec } from '../../core/index.js';
import type { CpuFeatures, DeviceProbeResult } from '../../runtime/index.js';
import { chooseEvaluationBackend, describeGpus, embeddedModelDir, readModelMetadata } from '../../runtime/index.js';
import type { DoctorReport } from './doctor-report.js';
import { DOCTOR_REPORT_VERSION } from './doctor-report.js';
import type { DoctorMachine } from './task-verdicts.js';
import { taskVerdicts } from './task-verdicts.js';

export interface SandboxFacts {
  provider: 'bubblewrap' | 'docker' | 'podman';
  available: boolean;
  detail: string;
}

/** Where the facts come from: real probes in the command, injected ones in tests. */
export interface DoctorSources {
  runtime: RuntimeConfig;
  /** The data configuration, or the error resolving it raised. */
  data: DataConfig | Error;
  specs: readonly TaskSpec[];
  probe(): Promise<DeviceProbeResult>;
  cpu(): CpuFeatures | null;
  sandboxes(): Promise<SandboxFacts[]>;
  now?: () => Date;
}

function dataFacts(data: DataConfig | Error, env: RuntimeConfig['baseEnv']): DoctorReport['data'] {
  if (data instanceof Error) {
    return { mode: 'mirror', mirror: env.FTDOJO_DATA_MIRROR ?? null, hubEndpoint: null, offline: null, problem: data.message };
  }
  return { mode: data.mirror ? 'mirror' : 'hub', mirror: data.mirror, hubEndpoint: data.hubEndpoint, offline: data.offline, problem: null };
}

/** The engine evaluation would use; FTDOJO_EVAL_BACKEND=vllm where vLLM cannot run is reported, not thrown. */
function evaluationFacts(runtime: RuntimeConfig, probe: DeviceProbeResult | null, probeError: string | null): DoctorReport['evaluation'] {
  try {
    return chooseEvaluationBackend({
      setting: runtime.evalBackend,
      device: runtime.device,
      probe: probe?.probe ?? null,
      ...(probeError ? { probeError } : {}),
    });
  } catch (error) {
    return {
      backend: 'vllm',
      reason: `FTDOJO_EVAL_BACKEND=vllm, and evaluation will refuse to run: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * Everything `ftdojo doctor` reports, gathered once: the runtime's Python and what its device
 * probe sees (GPUs, CUDA, bf16, optional packages), the CPU's flags, the sandbox providers, the
 * data mode, the model store, the evaluation engine, and a verdict per task and profile.
 */
export async function gatherDoctorReport(sources: DoctorSources): Promise<DoctorReport> {
  const { runtime } = sources;
  let probe: DeviceProbeResult | null = null;
  let probeError: string | null = null;
  try {
    probe = await sources.probe();
  } catch (error) {
    probeError = error instanceof Error ? error.message : String(error);
  }
  const devices = probe?.probe.gpus ?? [];
  const sandboxes = await sources.sandboxes();
  const data = dataFacts(sources.data, runtime.baseEnv);
  const embeddedPath = embeddedModelDir(runtime);
  const embedded = existsSync(embeddedPath) && readModelMetadata(embeddedPath) !== null;
  const packages = probe?.probe.packages ?? null;
  const machine: DoctorMachine = {
    python: {
      ok: probe !== null && probe.probe.torch !== null,
      detail: probeError ?? (probe?.probe.torchError ? `torch does not import: ${probe.probe.torchError}` : 'ok'),
    },
    gpus: devices,
    bitsandbytes: packages?.bitsandbytes.importable ?? false,
    deepspeed: packages?.deepspeed.importable ?? false,
    mirror: data.mirror !== null && data.problem === null,
    dataOffline: data.offline,
    embeddedModel: embedded,
    sandbox: sandboxes.some((sandbox) => sandbox.available),
  };
  const cpu = sources.cpu();
  return {
    schemaVersion: DOCTOR_REPORT_VERSION,
    kind: 'ftdojo-doctor',
    createdAt: (sources.now ?? (() => new Date()))().toISOString(),
    python: {
      path: runtime.python,
      ok: machine.python.ok,
      version: probe?.probe.python ?? null,
      torch: probe?.probe.torch ?? null,
      detail: machine.python.detail,
    },
    gpu: {
      available: devices.length > 0,
      cudaBuild: probe?.probe.cudaBuild ?? null,
      detail: probe ? describeGpus(probe.probe) : `not probed: ${probeError ?? 'unknown'}`,
      devices,
      hidden: runtime.device === 'cpu',
    },
    packages,
    cpu: cpu ? { model: cpu.model, logicalCpus: cpu.logicalCpus, flags: { ...cpu.flags }, bf16: cpu.bf16, amx: cpu.amx } : null,
    sandbox: sandboxes,
    data,
    modelStore: { dir: runtime.modelsDir, embedded: { present: embedded, path: embeddedPath } },
    evaluation: evaluationFacts(runtime, probe, probeError),
    tasks: taskVerdicts(sources.specs, machine),
  };
}
