import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { fakeDeviceProbe, H100, T4 } from '../../testing/device-probes.js';
import { testRuntime } from '../../testing/runtime.js';
import { acceleratorSummary, describeGpus, deviceProbeCachePath, parseDeviceProbeOutput, probeDevice } from './device-probe.js';

const home = mkdtempSync(join(tmpdir(), 'ftdojo-probe-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The probe's line as device_probe.py printed it on this machine (no GPU driver), after a library's own output. */
const CPU_MACHINE_OUTPUT = `[2026-12-01 10:00:00,000] [INFO] [real_accelerator.py:254:get_accelerator] Setting ds_accelerator to cuda (auto detect)
FTDOJO_DEVICE_PROBE {"schemaVersion": 1, "python": "3.11.7", "torch": "2.8.0+cu128", "torchError": null, "cudaBuild": "12.8", "cudaAvailable": false, "cudaError": "RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx", "visibleDevices": null, "gpus": [], "packages": {"flash_attn": {"installed": false, "version": null, "importable": false, "error": null}, "vllm": {"installed": false, "version": null, "importable": false, "error": null}, "bitsandbytes": {"installed": false, "version": null, "importable": false, "error": null}, "deepspeed": {"installed": false, "version": null, "importable": false, "error": null}}}
`;

describe('parseDeviceProbeOutput', () => {
  it("finds the report among other libraries' lines", () => {
    const probe = parseDeviceProbeOutput(CPU_MACHINE_OUTPUT);
    expect(probe.gpus).toEqual([]);
    expect(probe.cudaBuild).toBe('12.8');
    expect(describeGpus(probe)).toBe(
      'no GPU: RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx',
    );
  });

  it('refuses output without the report, or a report of another shape', () => {
    expect(() => parseDeviceProbeOutput('Traceback (most recent call last):\n')).toThrow(/printed no report/);
    expect(() => parseDeviceProbeOutput('FTDOJO_DEVICE_PROBE {"schemaVersion": 2}')).toThrow(/does not match its schema/);
  });

  it('summarises what training decisions need', () => {
    const mixed = fakeDeviceProbe([H100, T4], { flashAttn: true, bitsandbytes: true });
    expect(acceleratorSummary(mixed)).toMatchObject({ bf16: false, flashAttention2: true, bitsandbytes: true, deepspeed: false, vllm: false });
    expect(acceleratorSummary(fakeDeviceProbe([H100, H100])).bf16).toBe(true);
    expect(describeGpus(fakeDeviceProbe([H100, H100]))).toBe('2 x NVIDIA H100 80GB HBM3 (79.1 GiB), CUDA 12.8');
  });
});

describe('probeDevice', () => {
  const config = resolveRuntimeConfig({ FTDOJO_HOME: home, FTDOJO_PYTHON: '/nonexistent/python' });

  it('runs the probe once, then reads the cache until asked to refresh', async () => {
    let runs = 0;
    const run = async () => {
      runs += 1;
      return { code: 0, signal: null, stdout: CPU_MACHINE_OUTPUT, stderr: '' };
    };
    const first = await probeDevice(config, { run });
    expect(first.cached).toBe(false);
    expect(JSON.parse(readFileSync(deviceProbeCachePath(config), 'utf8')).probe.cudaBuild).toBe('12.8');
    const second = await probeDevice(config, { run });
    expect(second).toMatchObject({ cached: true, probedAt: first.probedAt });
    expect(runs).toBe(1);
    await probeDevice(config, { run, refresh: true });
    expect(runs).toBe(2);
  });

  it('says why when the probe fails', async () => {
    const run = async () => ({ code: 1, signal: null, stdout: '', stderr: 'Traceback ...\nModuleNotFoundError: No module named torch' });
    await expect(probeDevice(config, { run, refresh: true })).rejects.toThrow(/device probe failed \(exit 1\): ModuleNotFoundError: No module named torch/);
  });
});

describe('the real probe on this machine', () => {
  const runtime = testRuntime();
  it.skipIf('skip' in runtime)(
    'runs in the runtime Python and reports what it finds (no GPU here: it says so)',
    async () => {
      if ('skip' in runtime) return;
      // The runtime's own Python, with the cache in this test's home.
      const config = { ...runtime.config, home };
      const { probe, cached } = await probeDevice(config, { refresh: true });
      expect(cached).toBe(false);
      expect(probe.torch).toMatch(/^2\./);
      for (const name of ['flash_attn', 'vllm', 'bitsandbytes', 'deepspeed'] as const) expect(typeof probe.packages[name].importable).toBe('boolean');
      if (probe.gpus.length === 0) {
        expect(probe.cudaAvailable).toBe(false);
        expect(describeGpus(probe)).toMatch(/^no GPU/);
      } else {
        expect(probe.gpus[0]!.totalBytes).toBeGreaterThan(0);
      }
    },
    120_000,
  );
});
