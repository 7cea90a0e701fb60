import { describe, expect, it } from 'vitest';
import { classifyGenerationFailure, lastPythonError } from './generation-error.js';

// Tails of real generate.py failures (transformers 4.57.1, torch 2.8.0), shortened.
const traceback = (last: string) =>
  `Traceback (most recent call last):\n  File "/work/main/python/ftdojo_runtime/generate.py", line 400, in main\n    torch, model, tokenizer, renderer, facts = load(settings)\n${last}\n`;
const STDERR = {
  notAFolder: traceback(
    `huggingface_hub.errors.HFValidationError: Repo id must be in the form 'repo_name' or 'namespace/repo_name': '/nope/model'. Use \`repo_type\` argument if needed.`,
  ),
  offlineHub: traceback(
    `OSError: We couldn't connect to 'https://huggingface.co' to load the files, and couldn't find them in the cached files.\nCheck your internet connection or see how to run the library in offline mode at 'https://huggingface.co/docs/transformers/installation#offline-mode'.`,
  ),
  badTemplate: traceback(`ValueError: unknown LLaMA-Factory template 'smolm2'`),
  cpuOom: traceback(
    `RuntimeError: [enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: can't allocate memory: you tried to allocate 21474836480 bytes. Error code 12 (Cannot allocate memory)`,
  ),
  cudaOom: traceback(`torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.10 GiB`),
  noTorch: traceback(`ModuleNotFoundError: No module named 'torch'`),
  bug: traceback(`KeyError: 'id'`),
};
const classify = (stderr: string, extra: { code?: number; signal?: string | null; aborted?: boolean } = {}) =>
  classifyGenerationFailure(
    { code: extra.code ?? 1, signal: extra.signal ?? null, stderr },
    { aborted: extra.aborted ?? false, model: 'embedded SmolLM2-135M-Instruct' },
  );

describe('classifyGenerationFailure', () => {
  it('names a model that is not there, with the fix', () => {
    for (const stderr of [STDERR.notAFolder, STDERR.offlineHub]) {
      const error = classify(stderr);
      expect(error).toMatchObject({ category: 'missing-model', code: 'MISSING_MODEL', fault: 'user' });
      expect(error.hint).toMatch(/model store/);
      expect(error.hint).toMatch(/HF_HUB_OFFLINE=1/);
      expect(error.hint).not.toMatch(/FTDOJO_ONLINE/);
    }
    expect(classify(STDERR.offlineHub).message).toMatch(/^cannot load embedded SmolLM2-135M-Instruct: OSError: We couldn't connect/);
  });

  it('tells memory exhaustion (allocator errors, or a kill by the kernel) and suggests a smaller batch', () => {
    expect(classify(STDERR.cpuOom)).toMatchObject({ category: 'out-of-memory', fault: 'environment' });
    expect(classify(STDERR.cudaOom).category).toBe('out-of-memory');
    const killed = classify('loading...\n', { code: 137, signal: 'SIGKILL' });
    expect(killed.category).toBe('out-of-memory');
    expect(killed.message).toMatch(/out-of-memory killer/);
    expect(killed.hint).toMatch(/--batch-size/);
  });

  it('sends a broken environment to `ftdojo setup`, bad settings to the user, an interruption to resuming, and the rest to a bug report', () => {
    expect(classify(STDERR.noTorch)).toMatchObject({ category: 'python-environment', code: 'PYTHON_ENV', hint: expect.stringMatching(/ftdojo setup/) });
    expect(classify(STDERR.badTemplate)).toMatchObject({
      category: 'bad-settings',
      code: 'INVALID_INPUT',
      message: "generation refused its settings: ValueError: unknown LLaMA-Factory template 'smolm2'",
    });
    expect(classify(STDERR.cpuOom, { aborted: true, code: 143, signal: 'SIGTERM' })).toMatchObject({
      category: 'interrupted',
      hint: expect.stringMatching(/resume/),
    });
    const bug = classify(STDERR.bug);
    expect(bug).toMatchObject({ category: 'crashed', code: 'INTERNAL', fault: 'internal', message: "generation failed (exit 1): KeyError: 'id'" });
    expect(bug.stderrTail).toContain("KeyError: 'id'");
  });
});

describe('lastPythonError', () => {
  it('quotes the exception line, not the advice printed after it', () => {
    expect(lastPythonError(STDERR.offlineHub)).toMatch(/^OSError: We couldn't connect/);
    expect(lastPythonError('')).toBe('(no output on stderr)');
    expect(lastPythonError('just a line\n')).toBe('just a line');
  });
});
