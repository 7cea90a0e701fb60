import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import { getTask } from '../../tasks/index.js';
import type { TaskEnvironment } from '../environment/task-environment.js';
import { hardwareOf, specAsRun, taskCardOf } from './session-reads.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-session-reads-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const runtime = resolveRuntimeConfig({}, { home: root });

function environment(profile: 'mini' | 'paper', baseModel: ModelRef): TaskEnvironment {
  return { task: getTask('financeiq'), profile, runtime, baseModel, device: 'cpu', memoryBytes: 1e9, modelContext: 8192 } as unknown as TaskEnvironment;
}

describe('what the session tells the agent about its base model', () => {
  const llama = { kind: 'hub', id: 'meta-llama/Llama-3.2-1B-Instruct', revision: 'main' } as const;

  it('names the model the session trains and scores, not the profile default', () => {
    expect(hardwareOf(environment('paper', llama), { tokensPerSecond: 100, basis: 'estimated' }).baseModel).toBe('meta-llama/Llama-3.2-1B-Instruct@main');
    expect(hardwareOf(environment('mini', { kind: 'embedded' }), { tokensPerSecond: 100, basis: 'estimated' }).baseModel).toBe(
      'embedded SmolLM2-135M-Instruct',
    );
  });

  it("puts --base-model's model into the task card, and leaves the profile's own spec as it is", () => {
    const card = taskCardOf(environment('paper', llama));
    expect(card.markdown).toContain('- Base model: meta-llama/Llama-3.2-1B-Instruct@main');
    expect((card.spec.profiles as Record<string, { baseModel: string }>).paper!.baseModel).toBe('meta-llama/Llama-3.2-1B-Instruct@main');
    // The other profile keeps its own.
    expect(card.markdown).toContain(`- Base model: ${getTask('financeiq').spec.profiles.mini.baseModel}`);

    const own = environment('paper', { kind: 'hub', id: getTask('financeiq').spec.profiles.paper.baseModel });
    expect(specAsRun(own)).toBe(own.task.spec);
    const mini = environment('mini', { kind: 'embedded' });
    expect(specAsRun(mini)).toBe(mini.task.spec);
  });
});
