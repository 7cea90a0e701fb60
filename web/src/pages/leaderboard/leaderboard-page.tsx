import { useMemo } from 'preact/hooks';
import { api } from '../../api.js';
import { Chart } from '../../charts/chart.js';
import { leaderboardOption } from '../../charts/leaderboard-option.js';
import type { LeaderboardEntry, LeaderboardPayload, SuiteView } from '../../contract.js';
import { fmt3, fmtDuration } from '../../format.js';
import { useApi } from '../../use-api.js';
import { ErrorBox, Loading } from '../../ui/error-box.js';
import { Problems } from '../../ui/problems.js';
import { SuiteJobs } from './suite-jobs.js';

function byTask(entries: LeaderboardEntry[]): LeaderboardEntry[] {
  const order = [...new Set(entries.map((entry) => entry.task))];
  return [...entries].sort((a, b) => order.indexOf(a.task) - order.indexOf(b.task));
}

const SCORING_TITLE: Record<LeaderboardEntry['scoring'], string> = {
  official: "scored by the benchmark's own evaluation code, as the paper reports it",
  corrected: 'scored by our scorers where they deliberately differ (the task card lists the differences)',
};

function EntryRow({ entry }: { entry: LeaderboardEntry }) {
  return (
    <tr data-task={entry.task} data-agent={entry.agent} data-scoring={entry.scoring} class={entry.best ? 'best' : ''}>
      <td data-col="task">{entry.task}</td>
      <td data-col="agent">{entry.agent}</td>
      <td data-col="scoring" title={SCORING_TITLE[entry.scoring]}>
        {entry.scoring}
      </td>
      <td data-col="mean" class="num">
        {entry.best ? <b>{fmt3(entry.mean)}</b> : fmt3(entry.mean)}
      </td>
      <td data-col="spread" class="num">
        {entry.spread === null ? '—' : `± ${fmt3(entry.spread)}`}
      </td>
      <td data-col="runs" class="num">
        {entry.runs}
      </td>
      <td data-col="iterations" class="num">
        {entry.iterations}
        {entry.failuresCaughtEarly > 0 && (
          <span class="muted" title="stopped by fail-fast checks">
            {' '}
            ({entry.failuresCaughtEarly} caught early)
          </span>
        )}
      </td>
      <td data-col="effective-per-hour" class="num">
        {entry.effectivePerHour === null ? '—' : entry.effectivePerHour.toFixed(1)}
      </td>
      <td data-col="minutes" class="num">
        {fmtDuration(entry.seconds)}
      </td>
      <td data-col="flags">{entry.flags?.length ? <span class="integrity-flags">⚑ {entry.flags.join(', ')}</span> : ''}</td>
    </tr>
  );
}

function Suite({ suite }: { suite: SuiteView }) {
  const entries = useMemo(() => byTask(suite.leaderboard.entries), [suite]);
  const option = useMemo(() => leaderboardOption(suite.leaderboard.entries), [suite]);
  const metric = suite.leaderboard.entries[0]?.metric;
  return (
    <section class="suite" data-suite={suite.name}>
      <div class="page-head">
        <h2>{suite.name}</h2>
        <span class="muted">
          <code>{suite.dir}</code> · {suite.rows.length} runs · {suite.seeds} {suite.seeds === 1 ? 'seed' : 'seeds'}
          {metric && ` · held-out test ${metric}`}
        </span>
      </div>
      <table class="grid leaderboard-table">
        <thead>
          <tr>
            <th>task</th>
            <th>agent</th>
            <th title="official: the benchmark's own evaluation code; corrected: ours, where we deliberately differ (see the task card)">scoring</th>
            <th class="num">mean</th>
            <th class="num">spread</th>
            <th class="num">runs</th>
            <th class="num">iterations</th>
            <th class="num" title="experiments trained and evaluated per hour">
              effective / h
            </th>
            <th class="num">time</th>
            <th title="the integrity audit's flags over its seeds (integrity.json of each attempt)">⚑</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <EntryRow key={`${entry.task}/${entry.scoring}/${entry.agent}`} entry={entry} />
          ))}
        </tbody>
      </table>
      <ul class="wins" data-field="wins">
        {suite.leaderboard.wins.map((win) => (
          <li key={win.agent} data-agent={win.agent}>
            <b>{win.agent}</b> wins {win.tasks} of {win.of} tasks against {win.against.join(', ')}
          </li>
        ))}
      </ul>
      {entries.length > 0 && <Chart option={option} testId="leaderboard-chart" height={280} attrs={{ 'data-seeds': suite.seeds }} />}
      {suite.jobs && suite.jobs.length > 0 && <SuiteJobs jobs={suite.jobs} />}
    </section>
  );
}

export function LeaderboardPage() {
  const { data, error } = useApi<LeaderboardPayload>(api.leaderboard());
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading what="the leaderboard" />;
  return (
    <div class="page leaderboard-page" data-testid="leaderboard">
      <div class="page-head">
        <h1>Leaderboard</h1>
        <span class="muted">
          suites in <code>{data.benchDir}</code>
        </span>
      </div>
      <Problems problems={data.problems} what="suite folders" />
      {data.suites.length === 0 && (
        <div class="empty" data-testid="empty-leaderboard">
          <p>
            No bench suite yet in <code>{data.benchDir}</code>.
          </p>
          <p>
            Make one with <code>npx ftdojo bench --suite mini --tasks financeiq --budget 10m</code>; its leaderboard shows up here.
          </p>
        </div>
      )}
      {data.suites.map((suite) => (
        <Suite key={suite.dir} suite={suite} />
      ))}
    </div>
  );
}
