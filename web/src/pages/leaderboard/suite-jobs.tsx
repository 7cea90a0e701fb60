import type { SuiteJob } from '../../contract.js';

const STATE_CLASS: Record<SuiteJob['state'], string> = {
  pending: 'muted',
  running: 'running',
  succeeded: 'ok',
  failed: 'fail',
  stopped: 'muted',
};

/** A cluster suite's jobs (jobs.json): one row per submission, its state, and for a running or dead one the end of its log. */
export function SuiteJobs({ jobs }: { jobs: SuiteJob[] }) {
  const counts = jobs.reduce<Record<string, number>>((all, job) => ({ ...all, [job.state]: (all[job.state] ?? 0) + 1 }), {});
  return (
    <details class="suite-jobs" data-testid="suite-jobs" open={jobs.some((job) => job.state === 'failed' || job.state === 'running')}>
      <summary>
        Ray jobs:{' '}
        {Object.entries(counts)
          .map(([state, count]) => `${count} ${state}`)
          .join(' · ')}
      </summary>
      <table class="grid">
        <thead>
          <tr>
            <th>task</th>
            <th>agent</th>
            <th class="num">seed</th>
            <th class="num">attempt</th>
            <th>state</th>
            <th>submission id</th>
            <th>log tail</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.submissionId} data-job={job.submissionId} data-state={job.state}>
              <td>{job.task}</td>
              <td>{job.agent}</td>
              <td class="num">{job.seed}</td>
              <td class="num">{job.attempt}</td>
              <td class={STATE_CLASS[job.state]} data-col="state">
                {job.state}
                {job.failure && (
                  <span data-col="failure">
                    {' '}
                    · {job.failure.class}: {job.failure.message}
                  </span>
                )}
              </td>
              <td>
                <code>{job.submissionId}</code>
              </td>
              <td>{job.logTail ? <pre class="log-tail">{job.logTail.split('\n').slice(-8).join('\n')}</pre> : <span class="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
