import { z } from 'zod';
import { ProfileNameSchema } from '../../core/index.js';
import { CpuPrecisionSourceSchema, GpuFactsSchema } from '../../runtime/index.js';

export const DOCTOR_REPORT_VERSION = 1;

const PackageSchema = z.object({ installed: z.boolean(), version: z.string().nullable(), importable: z.boolean(), error: z.string().nullable() });

/** `ftdojo doctor --json`: what this machine supports, and for each task and profile whether it runs here. */
export const DoctorReportSchema = z.object({
  schemaVersion: z.literal(DOCTOR_REPORT_VERSION),
  kind: z.literal('ftdojo-doctor'),
  createdAt: z.string(),
  python: z.object({
    path: z.string(),
    ok: z.boolean(),
    version: z.string().nullable(),
    torch: z.string().nullable(),
    /** What went wrong, or how it was found. */
    detail: z.string(),
  }),
  gpu: z.object({
    available: z.boolean(),
    /** The CUDA version torch was built with (null: a CPU build, or torch did not import). */
    cudaBuild: z.string().nullable(),
    /** "2 x NVIDIA H100 80GB HBM3 (79.1 GiB), CUDA 12.8", or why there is none. */
    detail: z.string(),
    devices: z.array(GpuFactsSchema),
    /** FTDOJO_DEVICE=cpu hides the GPUs from every runtime process. */
    hidden: z.boolean(),
  }),
  /** Optional packages in the runtime's Python, each imported for real. */
  packages: z.object({ flash_attn: PackageSchema, vllm: PackageSchema, bitsandbytes: PackageSchema, deepspeed: PackageSchema }).nullable(),
  cpu: z
    .object({
      model: z.string().nullable(),
      logicalCpus: z.number().int(),
      flags: z.record(z.string(), z.boolean()),
      /** AVX512_BF16 or AMX-BF16: bf16 in hardware. */
      bf16: z.boolean(),
      amx: z.boolean(),
    })
    .nullable(),
  /**
   * The CPU precision check's decision for the embedded model: what CPU training computes in and
   * why. Null: not checked (no model to measure with); absent in reports made before it existed.
   */
  cpuPrecision: z
    .object({
      precision: z.enum(['fp32', 'bf16']).nullable(),
      source: CpuPrecisionSourceSchema.nullable(),
      reason: z.string(),
      /** fp32 seconds per step over bf16's, when measured. */
      speedup: z.number().nullable(),
      /** The model folder it was decided for. */
      model: z.string().nullable(),
      /** Read from <home>/cache/cpu-precision/ rather than measured now. */
      cached: z.boolean(),
    })
    .nullable()
    .optional(),
  sandbox: z.array(z.object({ provider: z.enum(['bubblewrap', 'docker', 'podman']), available: z.boolean(), detail: z.string() })),
  data: z.object({
    mode: z.enum(['mirror', 'hub']),
    mirror: z.string().nullable(),
    hubEndpoint: z.string().nullable(),
    /** The setting that switched the hub off, or null. */
    offline: z.string().nullable(),
    /** Set when the data configuration is invalid (e.g. FTDOJO_DATA_MIRROR names no mirror). */
    problem: z.string().nullable(),
  }),
  modelStore: z.object({ dir: z.string(), embedded: z.object({ present: z.boolean(), path: z.string() }) }),
  /** Which engine evaluation would use here, and why. */
  evaluation: z.object({ backend: z.enum(['hf', 'vllm']), reason: z.string() }),
  tasks: z.array(
    z.object({
      task: z.string(),
      profiles: z.array(z.object({ profile: ProfileNameSchema, runnable: z.boolean(), reason: z.string(), fix: z.string().nullable() })),
    }),
  ),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;
