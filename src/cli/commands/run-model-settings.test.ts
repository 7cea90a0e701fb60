import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFtAgent } from '../../agent/index.js';
import { resolveRuntimeConfig } from '../../config/index.js';
import { createRunStore } from '../../store/index.js';
import { runModelChoice, runModelSettings } from './run-model-settings.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-run-model-'));
const runtime = resolveRuntimeConfig({}, { home: join(root, 'home') });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the model a run records for resume', () => {
  it('reads back the --base-model and --template it recorded', () => {
    const folder = join(root, 'my-model');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'config.json'), '{}');
    for (const baseModel of [
      { kind: 'hub', id: 'Qwen/Qwen2.5-0.5B-Instruct', revision: '7ae557604adf67be50417f59c2c2f167def9a775' },
      { kind: 'hub', id: 'meta-llama/Llama-3.2-1B-Instruct' },
      { kind: 'embedded' },
      { kind: 'local', path: folder },
    ] as const) {
      const settings = runModelSettings({ baseModel, template: 'llama3' });
      expect(runModelChoice(JSON.parse(JSON.stringify(settings)), runtime)).toEqual({ baseModel, template: 'llama3' });
    }
  });

  it('records nothing for the profile model, and older logs (no such settings) resume on the profile model', () => {
    expect(runModelSettings({})).toEqual({});
    expect(runModelChoice({ evalLimit: 10, llmGateway: false, failFast: true }, runtime)).toEqual({});
  });

  it('a recorded model folder that is gone fails resume with the reason, not silently on another model', () => {
    expect(() => runModelChoice({ baseModel: join(root, 'gone') }, runtime)).toThrow(/recorded --base-model/);
  });

  it("FT-Agent writes them into the run's settings, next to its own, in the event log", async () => {
    const store = createRunStore(runtime.home);
    let runId = '';
    const agent = createFtAgent({
      store,
      plannerName: 'heuristic',
      plannerFor: () => {
        throw new Error('not planned in this test');
      },
      failFast: true,
      llmGateway: false,
      settings: runModelSettings({ baseModel: { kind: 'hub', id: 'Qwen/Qwen2.5-0.5B-Instruct', revision: 'main' }, template: 'qwen' }),
      onRunStarted: (id) => void (runId = id),
    });
    const dojo = { open: () => Promise.reject(new Error('no dojo in this test')) };
    await expect(agent.run({ task: 'financeiq', taskFile: null, profile: 'mini', seed: 0, budgetSeconds: 60, evalLimit: 3, dojo })).rejects.toThrow('no dojo');
    try {
      const settings = store.state(runId).agent.settings;
      expect(settings).toMatchObject({ baseModel: 'Qwen/Qwen2.5-0.5B-Instruct@main', template: 'qwen', evalLimit: 3, failFast: true });
      expect(runModelChoice(settings, runtime)).toEqual({ baseModel: { kind: 'hub', id: 'Qwen/Qwen2.5-0.5B-Instruct', revision: 'main' }, template: 'qwen' });
    } finally {
      store.close();
    }
  });
});
