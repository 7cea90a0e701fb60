import type { Feedback } from '../../contract.js';
import { fmtCount } from '../../format.js';
import { Card } from './card.js';

type DataFeedback = NonNullable<Feedback['data']>;

function Stat({ label, value, warn }: { label: string; value: string | number; warn?: boolean }) {
  return (
    <div class={`stat ${warn ? 'warn' : ''}`}>
      <span class="label">{label}</span>
      <span class="value">{value}</span>
    </div>
  );
}

function Samples({ data }: { data: DataFeedback }) {
  if (data.samples.length === 0) return null;
  return (
    <details class="samples">
      <summary>{data.samples.length} training rows</summary>
      {data.samples.map((sample, index) => (
        <div class="sample" key={index}>
          <pre class="prompt">{sample.instruction}</pre>
          {sample.input && <pre class="prompt">{sample.input}</pre>}
          <pre class="output">{sample.output}</pre>
        </div>
      ))}
    </details>
  );
}

export function DataStatsCard({ data }: { data: DataFeedback | null }) {
  return (
    <Card title="Training data" testId="data-stats">
      {!data ? (
        <p class="muted">The data script produced no data.</p>
      ) : (
        <>
          <div class="stats">
            <Stat label="rows input" value={data.rows.input} />
            <Stat label="written" value={data.rows.output} />
            <Stat label="selected" value={data.rows.selected} />
            <Stat label="sample cap" value={data.rows.sampleCap} />
            <Stat label="over cutoff" value={data.overCutoff} warn={data.overCutoff > 0} />
            <Stat label="duplicates" value={data.duplicates} warn={data.duplicates > 0} />
            <Stat label="empty rows" value={data.emptyRows} warn={data.emptyRows > 0} />
            <Stat label="format violations" value={data.formatViolations.count} warn={data.formatViolations.count > 0} />
            <Stat
              label="leakage val / test"
              value={`${data.leakage.validation} / ${data.leakage.test}`}
              warn={data.leakage.validation + data.leakage.test > 0}
            />
          </div>
          {data.tokens ? (
            <table class="grid num tokens" data-field="tokens">
              <thead>
                <tr>
                  <th>tokens / row</th>
                  <th>min</th>
                  <th>mean</th>
                  <th>p50</th>
                  <th>p90</th>
                  <th>max</th>
                  <th>cutoff</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td class="key">{data.tokenizer}</td>
                  <td data-col="min">{fmtCount(data.tokens.min)}</td>
                  <td data-col="mean">{fmtCount(data.tokens.mean)}</td>
                  <td data-col="p50">{fmtCount(data.tokens.p50)}</td>
                  <td data-col="p90">{fmtCount(data.tokens.p90)}</td>
                  <td data-col="max">{fmtCount(data.tokens.max)}</td>
                  <td data-col="cutoff">{fmtCount(data.cutoffLength)}</td>
                </tr>
              </tbody>
            </table>
          ) : (
            <p class="muted">Token lengths were not counted.</p>
          )}
          {data.formatViolations.examples.length > 0 && (
            <ul class="violations">
              {data.formatViolations.examples.map((example) => (
                <li key={example.row}>
                  row {example.row}: {example.problem}
                </li>
              ))}
            </ul>
          )}
          <Samples data={data} />
        </>
      )}
    </Card>
  );
}
