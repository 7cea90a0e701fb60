import { describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { fitJobs, jobEntrypoint, jobEnvironment } from './bench-ray.js';

describe('the jobs of a suite on Ray', () => {
  it("run a one-cell `ftdojo bench` with the suite's flags, quoted for the shell", () => {
    const command = jobEntrypoint(
      '/usr/bin/node /opt/ftdojo/bin/ftdojo.js',
      { suite: 'mini', budget: '2m', seeds: 2, evalLimit: 10, baseModel: 'HuggingFaceTB/SmolLM2-360M-Instruct' },
      { id: 'financeiq', file: null },
      { task: 'financeiq', agent: 'fixed-recipe', seed: 1 },
      "/shared/store/jobs/it's",
    );
    expect(command).toBe(
      "/usr/bin/node /opt/ftdojo/bin/ftdojo.js bench --suite mini --tasks financeiq --agents fixed-recipe --seeds 2 --seed 1 --budget 2m --out '/shared/store/jobs/it'\\''s' --eval-limit 10 --base-model HuggingFaceTB/SmolLM2-360M-Instruct",
    );
    expect(
      jobEntrypoint(
        'ftdojo',
        { suite: 'mini', budget: '5m', seeds: 1 },
        { id: 'mine', file: '/shared/my-task.yaml' },
        { task: 'mine', agent: 'base', seed: 0 },
        '/s',
      ),
    ).toContain('--task-file /shared/my-task.yaml');
  });

  it("pass on the driver's FTDOJO_ settings but no keys or tokens", () => {
    const env = { FTDOJO_DATA_MIRROR: '/data', FTDOJO_LLM_API_KEY: 'sk-secret', FTDOJO_HUB_TOKEN: 'hf_x', PATH: '/bin' };
    const runtime = resolveRuntimeConfig(env, { home: '/shared/home' });
    expect(jobEnvironment(env, runtime, { home: '/shared/home', mirror: undefined })).toEqual({ FTDOJO_DATA_MIRROR: '/data', FTDOJO_HOME: '/shared/home' });
  });

  it('fit as many at once as the cluster holds', () => {
    expect(fitJobs({ cpus: 2, gpus: 0 }, { numCpus: 2, numGpus: 0 })).toBe(1);
    expect(fitJobs({ cpus: 128, gpus: 8 }, { numCpus: 8, numGpus: 1 })).toBe(8);
    expect(fitJobs({ cpus: 1, gpus: 0 }, { numCpus: 2, numGpus: 0 })).toBe(1);
    expect(fitJobs(null, { numCpus: 2, numGpus: 0 })).toBe(1);
  });
});
