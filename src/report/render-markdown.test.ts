import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRunReport } from './build-run-report.js';
import { renderMarkdown } from './render-markdown.js';
import type { FixtureRun } from './run-report-fixture.js';
import { completedFixtureRun, FIXTURE_META, fixtureStore, writeBaselineRun } from './run-report-fixture.js';

const homes: { home: string; store: FixtureRun['store'] }[] = [];
afterEach(() => {
  for (const run of homes.splice(0)) {
    run.store.close();
    rmSync(run.home, { recursive: true, force: true });
  }
});

function markdownOf(prepare: (run: FixtureRun) => void = () => undefined): string {
  const run = completedFixtureRun();
  homes.push(run);
  prepare(run);
  return renderMarkdown(buildRunReport(run.store, run.runId, { now: () => new Date('2026-03-02T00:00:00.000Z') }));
}

describe('renderMarkdown', () => {
  it('opens with the run facts as a table', () => {
    const markdown = markdownOf();
    expect(markdown).toMatch(/^# FT-Agent run aime25-mini-20260301-100000-a3f9\n\n\| run \| aime25-mini-20260301-100000-a3f9 \|\n\|---\|---\|\n/);
    expect(markdown).toContain('| task | aime25 (mini) |');
    expect(markdown).toContain('| status | completed: the experiment budget is spent |');
    expect(markdown).toContain('| agent | ft-agent, planner heuristic |');
    expect(markdown).toContain('| budget | 30 min wall clock, 4 experiments |');
    expect(markdown).toContain('| iterations | 4 finished, 4 experiments |');
    // 1,184 s of stages: 4 propose, 40 validate, 1,000 train, 80 evaluate, 60 held-out.
    expect(markdown).toContain('| totals | 150,000 tokens trained · time: propose 0% · implement 0% · validate 3% · train 84% · evaluate 7% · held-out 5% |');
    expect(markdown).toContain('| best | exp-002 (validation 0.560 [0.460, 0.660]) |');
    expect(markdown).toContain('| base model, validation | 0.300 |');
  });

  it('has a row per iteration with parent, changes, state, validation, verdict and decision', () => {
    const markdown = markdownOf();
    expect(markdown).toContain('| # | experiment | parent | changes | addresses | state | validation accuracy | verdict | decision | training time |');
    expect(markdown).toContain('| 1 | exp-001 | base | data | none | succeeded | 0.400 [0.300, 0.500] | improved | accepted | 1 min 40 s |');
    expect(markdown).toContain('| 3 | exp-003 | exp-002 | data | underfitting | failed | — | — | not accepted | 5 min |');
    expect(markdown).toContain(
      '| 4 | exp-004 | exp-002 | training | underfitting | succeeded | 0.500 [0.400, 0.600] | inconclusive | not accepted | 6 min 40 s |',
    );
  });

  it('tells what each iteration tried and why, escaping what would break the Markdown', () => {
    const markdown = markdownOf();
    expect(markdown).toContain('## What each iteration tried and why');
    expect(markdown).toContain('### Iteration 3 · exp-003\n\n- **why:** Iteration 3 \\<idea\\> | try more epochs');
    expect(markdown).toContain('- **data:** 800 rows · target only\n- **training:** lr 0.0002 · 2 epochs · LoRA rank 8 / alpha 16');
    expect(markdown).toContain('- **decision:** training failed (OOM)\n- **failure (OOM):** lower per_device_train_batch_size or cutoff_len');
    expect(markdown).toContain('- **stages:** propose 1 s · validate 10 s · train 1 min 40 s · evaluate 20 s');
  });

  it('draws the experiment tree as an indented list under the base model', () => {
    expect(markdownOf()).toContain(
      [
        '## Experiment tree',
        '',
        '- base model',
        '  - exp-001 (iteration 1): 0.400, accepted',
        '    - exp-002 (iteration 2): 0.560, accepted, **best**',
        '      - exp-003 (iteration 3): —, not accepted',
        '      - exp-004 (iteration 4): 0.500, not accepted',
      ].join('\n'),
    );
  });

  it('sets the held-out test of the best next to the base model and the fixed recipe', () => {
    const markdown = markdownOf((run) =>
      writeBaselineRun(run.home, 'baseline-aime25-mini-20260301-090000', { createdAt: '2026-03-01T09:00:00.000Z', test: 0.45 }),
    );
    expect(markdown).toContain(
      [
        '## Held-out test (accuracy)',
        '',
        '| model | score [95% interval] |',
        '|---|---|',
        '| base model | 0.300 [0.200, 0.400] |',
        '| fixed recipe (baseline-aime25-mini-20260301-090000) | 0.450 [0.350, 0.550] |',
        '| FT-Agent best (exp-002) | 0.520 [0.420, 0.620] |',
      ].join('\n'),
    );
    expect(markdown).not.toContain('ftdojo baseline --task');
  });

  it('says how to get the fixed recipe when there is none, and lists the losses', () => {
    const markdown = markdownOf();
    expect(markdown).toContain('no completed fixed-recipe baseline for aime25 (mini) yet: run `ftdojo baseline --task aime25`');
    expect(markdown).toContain('| exp-002 | 20 | 1.900 | 0.900 | 0.900 | 0 | trainer-log |');
  });

  it('keeps a cell with a pipe or a line break in its cell', () => {
    const run = fixtureStore();
    homes.push(run);
    const { runId } = run.store.createRun({ ...FIXTURE_META, agent: { ...FIXTURE_META.agent, planner: 'a|b' } });
    run.store.append(runId, { type: 'note', text: 'line one\n# not a heading' });
    const markdown = renderMarkdown(buildRunReport(run.store, runId));
    expect(markdown).toContain('| agent | ft-agent, planner a\\|b |');
    expect(markdown).toMatch(/- [^\n]*: line one # not a heading/);
    expect(markdown).toContain('No iteration started.');
  });
});
