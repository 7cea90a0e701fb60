import { describe, expect, it } from 'vitest';
import type { SuiteRow } from './leaderboard.js';
import { buildLeaderboard, failFastRatio } from './leaderboard.js';

const row = (task: string, agent: string, seed: number, test: number | null, extra: Partial<SuiteRow> = {}): SuiteRow => ({
  task,
  agent,
  seed,
  state: test === null ? 'failed' : 'completed',
  metric: 'accuracy',
  direction: 'higher',
  test,
  iterations: 3,
  failuresCaughtEarly: 0,
  succeeded: 3,
  seconds: 1200,
  runRef: null,
  note: '',
  ...extra,
});

describe('buildLeaderboard', () => {
  it('gives the mean and sample spread over seeds, counts a failed run as unscored, and marks the best per task', () => {
    const board = buildLeaderboard([row('a', 'ft-agent', 0, 0.5), row('a', 'ft-agent', 1, 0.7), row('a', 'ft-agent', 2, null), row('a', 'base', 0, 0.4)]);
    const agent = board.entries.find((entry) => entry.agent === 'ft-agent')!;
    expect(agent).toMatchObject({ runs: 2, best: true });
    expect(agent.mean).toBeCloseTo(0.6);
    expect(agent.spread).toBeCloseTo(Math.sqrt(0.02));
    expect(board.entries.find((entry) => entry.agent === 'base')).toMatchObject({ runs: 1, spread: null, best: false });
  });

  it('counts wins against every other agent, in the direction of the metric', () => {
    const lower = { direction: 'lower' as const, metric: 'mae' };
    const board = buildLeaderboard([
      row('a', 'ft-agent', 0, 0.6),
      row('a', 'base', 0, 0.5),
      row('a', 'fixed-recipe', 0, 0.55),
      row('b', 'ft-agent', 0, 0.2, lower),
      row('b', 'base', 0, 0.3, lower),
      row('b', 'fixed-recipe', 0, 0.25, lower),
      row('c', 'ft-agent', 0, 0.1),
      row('c', 'base', 0, 0.1),
      row('c', 'fixed-recipe', 0, null),
    ]);
    expect(board.wins.find((win) => win.agent === 'ft-agent')).toEqual({ agent: 'ft-agent', against: ['base', 'fixed-recipe'], tasks: 2, of: 3 });
    expect(board.wins.find((win) => win.agent === 'base')!.tasks).toBe(0);
    // A tie is not a win, but both share "best".
    expect(board.entries.filter((entry) => entry.task === 'c' && entry.best).map((entry) => entry.agent)).toEqual(['ft-agent', 'base']);
  });
});

describe('buildLeaderboard and scoring modes', () => {
  it("shows each entry's mode, never averages the two modes, and lets entries compete within their mode only", () => {
    const board = buildLeaderboard([
      // A row written before scoring modes reads as corrected.
      row('a', 'ft-agent', 0, 0.5),
      row('a', 'ft-agent', 1, 0.9, { scoring: 'official' }),
      row('a', 'base', 0, 0.6, { scoring: 'corrected' }),
      row('a', 'base', 1, 0.8, { scoring: 'official' }),
    ]);
    expect(board.entries.map((entry) => [entry.agent, entry.scoring, entry.mean, entry.best])).toEqual([
      ['ft-agent', 'corrected', 0.5, false],
      ['ft-agent', 'official', 0.9, true],
      ['base', 'corrected', 0.6, true],
      ['base', 'official', 0.8, false],
    ]);
    expect(board.wins.find((win) => win.agent === 'ft-agent')).toMatchObject({ tasks: 1, of: 2 });
  });
});

describe('failFastRatio', () => {
  it('compares effective iterations per hour with the no-failfast twin on the tasks both ran', () => {
    const rows = [
      row('a', 'ft-agent', 0, 0.5, { succeeded: 4, seconds: 1800 }),
      row('b', 'ft-agent', 0, 0.5, { succeeded: 9, seconds: 1800 }),
      row('a', 'ft-agent:no-failfast', 0, 0.4, { succeeded: 2, seconds: 1800 }),
    ];
    expect(failFastRatio(rows, 'ft-agent')).toEqual({ withFailFast: 8, without: 4, ratio: 2 });
    expect(failFastRatio(rows.slice(0, 2), 'ft-agent')).toBeNull();
  });
});

describe('integrity flags on the leaderboard', () => {
  it("gives each entry the union of its seeds' flags, each once, and none to rows written before the audit", () => {
    const board = buildLeaderboard([
      row('a', 'ft-agent', 0, 0.5, { flags: ['budget-overrun'] }),
      row('a', 'ft-agent', 1, 0.7, { flags: ['held-out-overlap', 'budget-overrun'] }),
      row('a', 'ft-agent', 2, 0.6, { flags: [] }),
      // Written before the audit: no flags field at all.
      row('a', 'base', 0, 0.4),
    ]);
    expect(board.entries.find((entry) => entry.agent === 'ft-agent')!.flags).toEqual(['budget-overrun', 'held-out-overlap']);
    expect(board.entries.find((entry) => entry.agent === 'base')!.flags).toEqual([]);
  });
});
