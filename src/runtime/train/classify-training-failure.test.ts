import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyTrainingFailure, GPU_MEMORY_HINT } from './classify-training-failure.js';

/**
 * Fixtures are the ends of real `llamafactory-cli train` logs (LLaMA-Factory 0.9.5, provoked on the
 * dev box: a bad dataset file, an unknown key, ...), except the GPU OOMs (torch 2.8's format, read
 * from the strings in its libc10_cuda.so, and the pre-2.1 one; one under torchrun), the version
 * check and the SIGKILL excerpts, which are written from the exact message formats in
 * torch/transformers source (a real GPU OOM or a kernel OOM kill is not cheap to provoke here).
 */
function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', `${name}.log`), 'utf8');
}

function classify(name: string, extra: { signal?: string | null; exitCode?: number | null } = {}) {
  return classifyTrainingFailure({ log: fixture(name), exitCode: extra.exitCode ?? 1, signal: extra.signal ?? null });
}

describe('classifyTrainingFailure', () => {
  it.each([
    ['unknownkey', 'CONFIG', "Some keys are not used by the HfArgumentParser: ['lora_rnak']"],
    ['badtemplate', 'CONFIG', 'Template smolm2 does not exist.'],
    ['badmodel', 'CONFIG', 'HFValidationError'],
    ['lrstring', 'CONFIG', "'<=' not supported between instances of 'float' and 'str'"],
    ['badjson', 'DATA', 'ArrowInvalid: JSON parse error'],
    ['missingfile', 'DATA', 'File /run/data/t.json not found.'],
    ['unknowndataset', 'DATA', 'Undefined dataset nope in dataset_info.json.'],
    ['wrongcolumns', 'DATA', "KeyError: 'instruction'"],
    ['nulloutputs', 'DATA', 'Cannot find valid samples'],
    ['sysenv', 'ENV', "No module named 'llamafactory'"],
    ['env-version-check', 'ENV', 'is required for a normal functioning of this module'],
    ['oom-memoryerror', 'OOM', 'MemoryError: Cannot allocate memory'],
    ['oom-cpu-allocator', 'OOM', "DefaultCPUAllocator: can't allocate memory"],
    ['oom-cuda', 'OOM', 'CUDA out of memory'],
  ])('%s → %s', (name, category, line) => {
    const failure = classify(name);
    expect(failure.category).toBe(category);
    expect(failure.rootCause.join('\n')).toContain(line);
    expect(failure.rootCause.length).toBeLessThanOrEqual(5);
    expect(failure.hint.length).toBeGreaterThan(10);
  });

  it('shows the innermost frame of the traceback, without the site-packages prefix', () => {
    const failure = classify('missingfile');
    expect(failure.rootCause[0]).toMatch(/^File "llamafactory\/data\/loader\.py", line \d+, in _load_single_dataset$/);
  });

  it('calls a SIGKILL with no message an OOM (the kernel OOM killer)', () => {
    const failure = classify('oom-killed', { signal: 'SIGKILL', exitCode: null });
    expect(failure.category).toBe('OOM');
    expect(failure.rootCause[0]).toContain('SIGKILL');
  });

  it('reports a deadline as TIMEOUT whatever the log says', () => {
    const failure = classifyTrainingFailure({ log: fixture('oom-killed'), exitCode: null, signal: 'SIGTERM', timedOut: true, deadlineSeconds: 5 });
    expect(failure.category).toBe('TIMEOUT');
    expect(failure.rootCause[0]).toContain('5 s deadline');
  });

  it('reports a process that could not start as ENV', () => {
    const failure = classifyTrainingFailure({ log: '', exitCode: null, signal: null, spawnError: 'spawn /nope/python ENOENT' });
    expect(failure).toMatchObject({ category: 'ENV', rootCause: ['spawn /nope/python ENOENT'] });
  });

  it('leaves an unknown failure unclassified and shows its last lines', () => {
    const failure = classifyTrainingFailure({ log: 'loading\nsomething odd happened\nbye\n', exitCode: 3, signal: null });
    expect(failure.category).toBeUndefined();
    expect(failure.rootCause).toEqual(['loading', 'something odd happened', 'bye']);
    expect(failure.hint).toContain('exit 3');
  });

  it('does not mistake a source line for a message', () => {
    const log =
      'Traceback (most recent call last):\n  File "/x/site-packages/foo.py", line 1, in f\n    raise RuntimeError("out of memory")\nValueError: bad value\n';
    expect(classifyTrainingFailure({ log, exitCode: 1, signal: null }).category).toBeUndefined();
  });

  describe('a CUDA out-of-memory', () => {
    const GIB = 1024 ** 3;
    const MIB = 1024 ** 2;

    it('is an OOM on the GPU, with the sizes torch >= 2.1 reports and the GPU advice', () => {
      const failure = classify('oom-cuda');
      expect(failure).toMatchObject({ category: 'OOM', hint: GPU_MEMORY_HINT });
      expect(failure.oom).toEqual({
        device: 'cuda',
        gpu: 0,
        triedBytes: Math.round(2.32 * GIB),
        totalBytes: Math.round(79.1 * GIB),
        freeBytes: Math.round(1.02 * GIB),
        processBytes: Math.round(78.07 * GIB),
      });
      expect(failure.hint).toMatch(/use qlora .*ZeRO-3 across more GPUs/);
    });

    it('is found under torchrun, in a rank-prefixed line, ahead of the launcher errors that follow it', () => {
      const failure = classify('oom-cuda-torchrun');
      expect(failure.category).toBe('OOM');
      expect(failure.oom).toMatchObject({ device: 'cuda', gpu: 1, triedBytes: Math.round(4.64 * GIB), processBytes: Math.round(76.17 * GIB) });
      expect(failure.rootCause.join('\n')).toContain('[rank1]: torch.OutOfMemoryError: CUDA out of memory.');
    });

    it('reads the format of torch before 2.1 too', () => {
      const failure = classify('oom-cuda-legacy');
      expect(failure.oom).toEqual({
        device: 'cuda',
        gpu: 0,
        triedBytes: 20 * MIB,
        totalBytes: Math.round(15.78 * GIB),
        freeBytes: Math.round(3.12 * MIB),
        processBytes: Math.round(14.56 * GIB),
      });
    });

    it('keeps host-memory OOMs apart, with the CPU advice', () => {
      expect(classify('oom-cpu-allocator')).toMatchObject({ category: 'OOM', oom: { device: 'cpu' } });
      expect(classify('oom-cpu-allocator').hint).not.toBe(GPU_MEMORY_HINT);
    });
  });
});
