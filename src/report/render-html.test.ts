import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRunReport } from './build-run-report.js';
import { renderHtml } from './render-html.js';
import type { FixtureRun } from './run-report-fixture.js';
import { completedFixtureRun, FIXTURE_META, fixtureStore, writeBaselineRun } from './run-report-fixture.js';

const homes: { home: string; store: FixtureRun['store'] }[] = [];
afterEach(() => {
  for (const run of homes.splice(0)) {
    run.store.close();
    rmSync(run.home, { recursive: true, force: true });
  }
});

function htmlOf(prepare: (run: FixtureRun) => void = () => undefined): string {
  const run = completedFixtureRun();
  homes.push(run);
  prepare(run);
  return renderHtml(buildRunReport(run.store, run.runId));
}

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** The open tags left once every closing tag has met its opening one; throws on a mismatch. */
function unbalancedTags(html: string): string[] {
  const stack: string[] = [];
  for (const match of html.replace(/<!doctype[^>]*>/i, '').matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match as unknown as [string, string, string, string];
    if (VOID.has(name.toLowerCase()) || selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) throw new Error(`</${name}> closes <${stack.at(-1) ?? 'nothing'}>`);
  }
  return stack;
}

describe('renderHtml', () => {
  it('is one well-formed page with inline CSS and one <svg> per plot', () => {
    const html = htmlOf((run) => writeBaselineRun(run.home, 'baseline-aime25-mini-20260301-090000', { createdAt: '2026-03-01T09:00:00.000Z', test: 0.45 }));
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
    expect(html).toContain('<style>');
    expect(unbalancedTags(html)).toEqual([]);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('aria-label="Held-out test accuracy: base model, fixed recipe, FT-Agent best (whiskers: 95% interval)"');
    expect(html).toContain('aria-label="Validation accuracy per iteration (filled: accepted; whiskers: 95% interval)"');
    expect(html).toContain('aria-label="Training loss per experiment"');
  });

  it('references nothing outside itself: no script, no external src or href, no @import', () => {
    const html = htmlOf();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toContain('http');
    expect(html).not.toContain('@import');
    expect(html).not.toMatch(/url\(/);
  });

  it('escapes the text it shows', () => {
    const html = htmlOf();
    expect(html).toContain('Iteration 1 &lt;idea&gt; | try more epochs');
    expect(html).not.toContain('<idea>');
  });

  it('shows the tables, the held-out bars with the base model and the best, and the tree', () => {
    const html = htmlOf();
    expect(html).toContain('<td>FT-Agent best (exp-002)</td><td class="number">0.520 [0.420, 0.620]</td>');
    expect(html).toContain('<td>base model</td><td class="number">0.300 [0.200, 0.400]</td>');
    expect(html).toContain('no completed fixed-recipe baseline for aime25 (mini) yet: run `ftdojo baseline --task aime25`');
    expect(html).toMatch(/<tr class="best"><td class="number">2<\/td><td>exp-002<\/td>/);
    expect(html).toContain('<dt>failure (OOM)</dt><dd>lower per_device_train_batch_size or cutoff_len</dd>');
    expect(html).toMatch(
      /<ul class="tree"><li>base model<ul><li class="accepted">exp-001 \(iteration 1\): 0\.400, accepted<ul><li class="accepted">exp-002 \(iteration 2\): 0\.560, accepted <strong>best<\/strong><ul><li>exp-003/,
    );
  });

  it('says what is missing instead of drawing empty plots', () => {
    const run = fixtureStore();
    homes.push(run);
    const { runId } = run.store.createRun({ ...FIXTURE_META, task: '<b>task</b>' });
    const html = renderHtml(buildRunReport(run.store, runId));
    expect(html).not.toContain('<svg');
    expect(html).toContain('Nothing was scored on the held-out test split yet.');
    expect(html).toContain('No iteration has a validation score yet.');
    expect(html).toContain('No experiment logged a training loss.');
    expect(html).toContain('&lt;b&gt;task&lt;/b&gt;');
    expect(unbalancedTags(html)).toEqual([]);
  });
});
