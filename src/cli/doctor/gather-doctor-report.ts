import { existsSync } from 'node:fs';
import type { DataConfig, RuntimeConfig } from '../../config/index.js';
import type { TaskSpec } from '../../core/index.js';
import type { CpuFeatures, CpuPrecisionCheckResult, DeviceProbeResult } from '../../runtime/index.js';
import {
  chooseEvaluationBackend,
  decideCpuPrecision,
  describeGpus,
  embeddedModelDir,
  needsCpuPrecisionMeasurement,
  readModelMetadata,
} from '../../runtime/index.js';
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
  /** The CPU precision check for the embedded model (at its path); absent: not checked. */
  cpuPrecision?: ((modelPath: string) => Promise<CpuPrecisionCheckResult>) | undefined;
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

/** The check's decision for the embedded model, or why there is none (no model to measure with, or a check that threw). */
async function cpuPrecisionFacts(
  sources: DoctorSources,
  cpu: CpuFeatures | null,
  embeddedPath: string,
  embedded: boolean,
): Promise<DoctorReport['cpuPrecision']> {
  if (!sources.cpuPrecision) return null;
  const notChecked = (reason: string) => ({ precision: null, source: null, reason, speedup: null, model: null, cached: false });
  if (!embedded) {
    // A setting or a CPU without bf16 units decides without a model; a measurement needs one.
    if (needsCpuPrecisionMeasurement(sources.runtime.cpuPrecision, cpu))
      return notChecked('not checked: the embedded model is not in the model store (run `ftdojo setup`)');
    const decision = decideCpuPrecision({ setting: sources.runtime.cpuPrecision, cpu });
    return { precision: decision.precision, source: decision.source, reason: decision.reason, speedup: null, model: null, cached: false };
  }
  try {
    const { decision, cached } = await sources.cpuPrecision(embeddedPath);
    return { precision: decision.precision, source: decision.source, reason: decision.reason, speedup: decision.speedup, model: embeddedPath, cached };
  } catch (error) {
    return notChecked(`not checked: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Everything `ftdojo doctor` reports, gathered once: the runtime's Python and what its device
 * probe sees (GPUs, CUDA, bf16, optional packages), the CPU's flags and the precision CPU training
 * runs in (the CPU precision check, cached per CPU, torch and model), the sandbox providers, the
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
    cpuPrecision: await cpuPrecisionFacts(sources, cpu, embeddedPath, embedded),
    sandbox: sandboxes,
    data,
    modelStore: { dir: runtime.modelsDir, embedded: { present: embedded, path: embeddedPath } },
    evaluation: evaluationFacts(runtime, probe, probeError),
    tasks: taskVerdicts(sources.specs, machine),
  };
}
