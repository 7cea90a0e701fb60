import { mark, table } from '../output.js';
import type { DoctorReport } from './doctor-report.js';

const GIB = 1024 ** 3;
const yes = (ok: boolean) => (ok ? mark.ok('✓') : mark.fail('✗'));

function packageLine(name: string, facts: NonNullable<DoctorReport['packages']>['vllm']): string {
  if (facts.importable) return `${name} ${yes(true)} ${facts.version ?? ''}`.trimEnd();
  if (facts.installed) return `${name} ${yes(false)} ${facts.version ?? ''} does not import (${facts.error ?? 'unknown'})`;
  return `${name} ${yes(false)} ${mark.dim('not installed')}`;
}

/** The report as text: the machine first, then each task's profiles, then what to do, grouped. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = [];
  const row = (label: string, text: string) => lines.push(`${label.padEnd(11)}${text}`);
  const python = report.python;
  row(
    'python',
    `${yes(python.ok)} ${python.path}${python.version ? ` (Python ${python.version}${python.torch ? `, torch ${python.torch}` : ''})` : ''}${python.ok ? '' : `: ${python.detail}`}`,
  );
  row('gpu', `${yes(report.gpu.available)} ${report.gpu.detail}${report.gpu.hidden ? mark.dim(' (FTDOJO_DEVICE=cpu hides GPUs)') : ''}`);
  for (const gpu of report.gpu.devices)
    lines.push(
      `           ${gpu.index}: ${gpu.name}, ${(gpu.totalBytes / GIB).toFixed(1)} GiB (${(gpu.freeBytes / GIB).toFixed(1)} free), compute ${gpu.capability}, bf16 ${yes(gpu.bf16)}`,
    );
  row('cuda', report.gpu.cudaBuild ? `torch built for CUDA ${report.gpu.cudaBuild}` : mark.dim('torch has no CUDA build'));
  if (report.packages) {
    const packages = report.packages;
    row('packages', [packageLine('flash-attn', packages.flash_attn), packageLine('vllm', packages.vllm)].join(' · '));
    row('', [packageLine('bitsandbytes', packages.bitsandbytes), packageLine('deepspeed', packages.deepspeed)].join(' · '));
  }
  if (report.cpu) {
    const flags = Object.entries(report.cpu.flags)
      .map(([flag, present]) => `${flag} ${yes(present)}`)
      .join(' ');
    row('cpu', `${report.cpu.model ?? 'unknown'}, ${report.cpu.logicalCpus} logical CPUs; ${flags}`);
  }
  const precision = report.cpuPrecision;
  if (precision)
    row(
      'precision',
      precision.precision === null
        ? mark.dim(`CPU training: ${precision.reason}`)
        : `CPU training in ${precision.precision}${precision.speedup === null ? '' : ` (bf16 ${precision.speedup}x fp32)`}: ${precision.reason}${precision.cached ? mark.dim(' (cached)') : ''}`,
    );
  row(
    'sandbox',
    report.sandbox.map((sandbox) => `${sandbox.provider} ${yes(sandbox.available)}${sandbox.available ? '' : mark.dim(` ${sandbox.detail}`)}`).join(' · '),
  );
  const data = report.data;
  row(
    'data',
    data.problem
      ? `${yes(false)} ${data.problem}`
      : data.mode === 'mirror'
        ? `mirror ${data.mirror}${data.offline ? '' : mark.dim(', then the hub for what it lacks')}`
        : `hub ${data.hubEndpoint}${data.offline ? ` (off: ${data.offline})` : ''}`,
  );
  row('models', `embedded SmolLM2-135M-Instruct ${yes(report.modelStore.embedded.present)} ${report.modelStore.embedded.path}`);
  row('evaluation', `${report.evaluation.backend === 'vllm' ? 'vLLM' : 'transformers (hf)'}: ${report.evaluation.reason}`);
  lines.push('');

  const cell = (runnable: boolean) => (runnable ? mark.ok('runs') : mark.fail('no'));
  lines.push(
    table(
      ['task', 'paper', 'mini'],
      report.tasks.map((task) => [
        task.task,
        ...['paper', 'mini'].map((name) => cell(task.profiles.find((profile) => profile.profile === name)?.runnable ?? false)),
      ]),
    ),
  );
  const groups = new Map<string, { profile: string; reason: string; fix: string | null; runnable: boolean; tasks: string[] }>();
  for (const task of report.tasks)
    for (const profile of task.profiles) {
      const key = `${profile.profile}\n${profile.reason}\n${profile.fix ?? ''}`;
      const group = groups.get(key) ?? { profile: profile.profile, reason: profile.reason, fix: profile.fix, runnable: profile.runnable, tasks: [] };
      group.tasks.push(task.task);
      groups.set(key, group);
    }
  for (const group of groups.values()) {
    const which = group.tasks.length === report.tasks.length ? 'every task' : group.tasks.join(', ');
    lines.push(`${group.runnable ? mark.ok('✓') : mark.fail('✗')} ${group.profile} (${which}): ${group.reason}`);
    if (group.fix) lines.push(`    → ${group.fix}`);
  }
  return lines.join('\n');
}
