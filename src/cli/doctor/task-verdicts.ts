import type { ProfileName, ProfileSpec, TaskSpec } from '../../core/index.js';
import type { GpuCapacity } from '../../runtime/index.js';
import { gib, parametersFromModelName, usableBytes } from '../../runtime/index.js';

/** What the verdicts need to know about this machine (gathered by gatherDoctorReport, injected in tests). */
export interface DoctorMachine {
  /** The runtime's Python runs and the device probe answered. */
  python: { ok: boolean; detail: string };
  /** Visible CUDA GPUs (empty: none, or hidden by FTDOJO_DEVICE=cpu). */
  gpus: readonly GpuCapacity[];
  bitsandbytes: boolean;
  deepspeed: boolean;
  /** FTDOJO_DATA_MIRROR names a usable mirror. */
  mirror: boolean;
  /** The setting that switched the hub off for data (HF_HUB_OFFLINE=1 ...), or null. */
  dataOffline: string | null;
  /** The embedded SmolLM2 model is converted and checked in the model store. */
  embeddedModel: boolean;
  /** A sandbox provider that runs agent-written scripts works here. */
  sandbox: boolean;
}

export interface ProfileVerdict {
  profile: ProfileName;
  runnable: boolean;
  reason: string;
  /** What to do when it cannot run here (null: nothing on this machine would help, or it can run). */
  fix: string | null;
}

export interface TaskVerdict {
  task: string;
  profiles: ProfileVerdict[];
}

const GIB = 1024 ** 3;
/**
 * Beyond the weights, what a batch of one at cutoff_len 2048 with gradient checkpointing holds on
 * a GPU: activations, the logits of a ~150k vocabulary with their fp32 copies, and 1 GiB of CUDA
 * context. A floor for a verdict from the model's name alone; the runtime tier projects the real
 * config from the model's config.json before anything trains.
 */
const BATCH_FLOOR_BYTES = 6 * GIB;

/** The least GPU memory LoRA and QLoRA need for a model of this many parameters (16-bit weights; NF4 with 16-bit embeddings). */
export function gpuMemoryFloors(parameters: number): { lora: number; qlora: number; full: number } {
  return { lora: 2 * parameters + BATCH_FLOOR_BYTES, qlora: 0.55 * parameters + BATCH_FLOOR_BYTES, full: 16 * parameters + BATCH_FLOOR_BYTES };
}

const EMBEDDED = /smollm2-135m/i;

function blocked(profile: ProfileName, reason: string, fix: string | null): ProfileVerdict {
  return { profile, runnable: false, reason, fix };
}

/** Blocks every profile alike: the runtime, the sandbox, the data source. */
function commonBlock(profile: ProfileName, spec: ProfileSpec, machine: DoctorMachine): ProfileVerdict | null {
  if (!machine.python.ok) return blocked(profile, `the runtime's Python does not run: ${machine.python.detail}`, 'run `ftdojo setup`');
  if (!machine.sandbox)
    return blocked(profile, 'no sandbox works here for the agent-written data scripts', 'install bubblewrap (`ftdojo setup` does, as root with apt-get)');
  if (profile === 'mini' && spec.unavailableOffline) return blocked(profile, spec.unavailableOffline, null);
  if (spec.dataFrom === 'mirror' && !machine.mirror)
    return blocked(
      profile,
      'its data comes from the offline mirror, and none is set',
      'set FTDOJO_DATA_MIRROR to the offline mirror (e.g. ../shared/datasets)',
    );
  if (spec.dataFrom === 'hub' && machine.dataOffline)
    return blocked(
      profile,
      `its data comes from the Hugging Face hub, which ${machine.dataOffline} switches off`,
      `unset ${machine.dataOffline.split('=')[0]}`,
    );
  return null;
}

function miniVerdict(spec: ProfileSpec, machine: DoctorMachine): ProfileVerdict {
  const block = commonBlock('mini', spec, machine);
  if (block) return block;
  if (EMBEDDED.test(spec.baseModel) && !machine.embeddedModel)
    return blocked('mini', 'the embedded SmolLM2-135M-Instruct is not converted yet', 'run `ftdojo setup` (about a minute)');
  return {
    profile: 'mini',
    runnable: true,
    reason: `runs on this CPU with ${EMBEDDED.test(spec.baseModel) ? 'the embedded SmolLM2-135M-Instruct' : spec.baseModel}`,
    fix: null,
  };
}

function paperVerdict(spec: ProfileSpec, machine: DoctorMachine): ProfileVerdict {
  const block = commonBlock('paper', spec, machine);
  if (block) return block;
  const parameters = parametersFromModelName(spec.baseModel);
  const floors = parameters === null ? null : gpuMemoryFloors(parameters);
  const needs = floors ? ` (LoRA needs at least ${gib(floors.lora)} free, QLoRA ${gib(floors.qlora)})` : '';
  const hub = spec.dataFrom === 'hub' ? '; its data and base model come from the Hugging Face hub (not checked: doctor makes no network calls)' : '';
  if (!machine.gpus.length)
    return blocked('paper', `${spec.baseModel} trains on a CUDA GPU, and none is visible here${hub}`, `run on a machine with an NVIDIA GPU${needs}`);
  if (!floors)
    return {
      profile: 'paper',
      runnable: true,
      reason: `a GPU is visible; ${spec.baseModel}'s size is not in its name, so the runtime tier checks memory before training${hub}`,
      fix: null,
    };
  const best = machine.gpus.reduce((left, right) => (usableBytes(right) > usableBytes(left) ? right : left));
  const have = usableBytes(best);
  const across = machine.gpus.length > 1 && machine.deepspeed ? machine.gpus.length : 1;
  // ZeRO-3 splits the frozen weights across GPUs; what stays per GPU is the batch.
  const loraAcross = across > 1 ? (floors.lora - BATCH_FLOOR_BYTES) / across + BATCH_FLOOR_BYTES + 2 * GIB : floors.lora;
  if (have >= Math.min(floors.lora, loraAcross))
    return {
      profile: 'paper',
      runnable: true,
      reason: `LoRA on ${best.name} fits (${gib(have)} usable${have >= floors.lora ? '' : `, with ZeRO-3 across ${across} GPUs`}; needs about ${gib(Math.min(floors.lora, loraAcross))})${hub}`,
      fix: null,
    };
  if (have >= floors.qlora && machine.bitsandbytes)
    return {
      profile: 'paper',
      runnable: true,
      reason: `only QLoRA fits on ${best.name} (${gib(have)} usable; LoRA needs ${gib(floors.lora)})${hub}`,
      fix: null,
    };
  if (have >= floors.qlora)
    return blocked(
      'paper',
      `${best.name} has ${gib(have)} usable: LoRA needs ${gib(floors.lora)}, QLoRA ${gib(floors.qlora)} but bitsandbytes is not installed`,
      "install bitsandbytes in the runtime's Python (pip install bitsandbytes) to train with QLoRA",
    );
  return blocked(
    'paper',
    `${best.name} has ${gib(have)} usable, less than QLoRA's ${gib(floors.qlora)} for ${spec.baseModel}`,
    `use a GPU with at least ${gib(floors.qlora)} free${needs}`,
  );
}

/**
 * For each task and profile, whether it can run on this machine and what to do if not: mini runs
 * on the CPU with the embedded model and the offline mirror; paper needs a GPU with room for its
 * base model (LoRA, else QLoRA with bitsandbytes) and the Hugging Face hub.
 */
export function taskVerdicts(specs: readonly TaskSpec[], machine: DoctorMachine): TaskVerdict[] {
  return specs.map((spec) => ({ task: spec.id, profiles: [paperVerdict(spec.profiles.paper, machine), miniVerdict(spec.profiles.mini, machine)] }));
}
