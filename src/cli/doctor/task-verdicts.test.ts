import { describe, expect, it } from 'vitest';
import { listTasks } from '../../tasks/index.js';
import { fakeDeviceProbe, H100, L4, T4 } from '../../testing/device-probes.js';
import type { DoctorMachine, ProfileVerdict } from './task-verdicts.js';
import { gpuMemoryFloors, taskVerdicts } from './task-verdicts.js';

const specs = listTasks().map((task) => task.spec);
const cpuMachine: DoctorMachine = {
  python: { ok: true, detail: 'ok' },
  gpus: [],
  bitsandbytes: false,
  deepspeed: false,
  mirror: true,
  dataOffline: null,
  embeddedModel: true,
  sandbox: true,
};

function verdict(machine: Partial<DoctorMachine>, task: string, profile: 'paper' | 'mini'): ProfileVerdict {
  const found = taskVerdicts(specs, { ...cpuMachine, ...machine }).find((entry) => entry.task === task)!;
  return found.profiles.find((entry) => entry.profile === profile)!;
}

const gpus = (...list: Parameters<typeof fakeDeviceProbe>[0]) => fakeDeviceProbe(list).gpus;

describe('taskVerdicts', () => {
  it('on this kind of machine (CPU, mirror, embedded model): mini runs, paper says what GPU it needs', () => {
    expect(verdict({}, 'financeiq', 'mini')).toEqual({
      profile: 'mini',
      runnable: true,
      reason: 'runs on this CPU with the embedded SmolLM2-135M-Instruct',
      fix: null,
    });
    const paper = verdict({}, 'financeiq', 'paper');
    expect(paper.runnable).toBe(false);
    expect(paper.reason).toMatch(
      /^Qwen\/Qwen2\.5-7B-Instruct trains on a CUDA GPU, and none is visible here; its data and base model come from the Hugging Face hub/,
    );
    expect(paper.fix).toBe('run on a machine with an NVIDIA GPU (LoRA needs at least 19.0 GiB free, QLoRA 9.6 GiB)');
  });

  it('paper runs with LoRA on an H100, QLoRA only on a 16 GB card with bitsandbytes, and not below', () => {
    expect(verdict({ gpus: gpus(H100) }, 'aime25', 'paper')).toMatchObject({
      runnable: true,
      reason: expect.stringMatching(/^LoRA on NVIDIA H100 80GB HBM3 fits \(75\.1 GiB usable; needs about 19\.0 GiB\)/),
    });
    expect(verdict({ gpus: gpus(T4), bitsandbytes: true }, 'aime25', 'paper')).toMatchObject({
      runnable: true,
      reason: expect.stringMatching(/^only QLoRA fits on Tesla T4/),
    });
    expect(verdict({ gpus: gpus(T4) }, 'aime25', 'paper')).toMatchObject({
      runnable: false,
      fix: "install bitsandbytes in the runtime's Python (pip install bitsandbytes) to train with QLoRA",
    });
    expect(verdict({ gpus: gpus({ name: 'GeForce GTX 1070', totalGiB: 7.9, capability: '6.1' }) }, 'aime25', 'paper')).toMatchObject({
      runnable: false,
      reason: "GeForce GTX 1070 has 7.5 GiB usable, less than QLoRA's 9.6 GiB for Qwen/Qwen2.5-7B-Instruct",
    });
  });

  it('counts ZeRO-3 across GPUs with DeepSpeed, and what was free, not the total', () => {
    const a4000 = { name: 'NVIDIA RTX A4000', totalGiB: 15.7, capability: '8.6' };
    expect(verdict({ gpus: gpus(a4000, a4000) }, 'aime25', 'paper').runnable).toBe(false);
    expect(verdict({ gpus: gpus(a4000, a4000), deepspeed: true }, 'aime25', 'paper').reason).toMatch(/with ZeRO-3 across 2 GPUs/);
    expect(verdict({ gpus: gpus(L4) }, 'aime25', 'paper').runnable).toBe(true);
    expect(verdict({ gpus: gpus({ ...H100, freeGiB: 8 }) }, 'aime25', 'paper').runnable).toBe(false);
  });

  it('says what to do when the runtime, the sandbox, the mirror or the model is missing', () => {
    expect(verdict({ python: { ok: false, detail: 'no interpreter' } }, 'financeiq', 'mini')).toMatchObject({ runnable: false, fix: 'run `ftdojo setup`' });
    expect(verdict({ sandbox: false }, 'financeiq', 'mini').fix).toMatch(/install bubblewrap/);
    expect(verdict({ mirror: false }, 'financeiq', 'mini')).toMatchObject({
      runnable: false,
      fix: 'set FTDOJO_DATA_MIRROR to the offline mirror (e.g. ../shared/datasets)',
    });
    expect(verdict({ embeddedModel: false }, 'financeiq', 'mini')).toMatchObject({ runnable: false, fix: 'run `ftdojo setup` (about a minute)' });
    expect(verdict({ gpus: gpus(H100), dataOffline: 'HF_HUB_OFFLINE=1' }, 'financeiq', 'paper')).toMatchObject({
      runnable: false,
      fix: 'unset HF_HUB_OFFLINE',
    });
  });

  it("passes on a task's own reason when its mini profile cannot run offline", () => {
    const panorama = verdict({}, 'panorama-pi4pc', 'mini');
    expect(panorama).toMatchObject({ runnable: false, fix: null });
    expect(panorama.reason).toContain('PANORAMA');
  });

  it('sizes the floors from the parameter count', () => {
    const floors = gpuMemoryFloors(7e9);
    expect(floors.lora).toBeGreaterThan(2 * 7e9);
    expect(floors.qlora).toBeLessThan(floors.lora / 1.9);
    expect(floors.full).toBeGreaterThan(16 * 7e9);
  });
});
