import type { TierResult, ValidationReport } from '../../contract.js';
import { fmtJson } from '../../format.js';
import { Badge } from '../../ui/status-badge.js';
import { Card } from './card.js';

function Facts({ facts }: { facts: TierResult['facts'] }) {
  const entries = Object.entries(facts);
  if (entries.length === 0) return null;
  return (
    <div class="facts-inline muted">
      {entries.map(([key, value]) => (
        <span key={key}>
          {key} <b>{fmtJson(value)}</b>
        </span>
      ))}
    </div>
  );
}

function Tier({ tier }: { tier: TierResult }) {
  return (
    <tr data-tier={tier.tier} data-status={tier.status}>
      <td class="key">{tier.tier}</td>
      <td>
        <Badge value={tier.status} />
      </td>
      <td class="num" data-col="seconds">
        {tier.seconds.toFixed(1)} s
      </td>
      <td>
        {tier.diagnostics.map((diagnostic, index) => (
          <div key={index} class={`diagnostic ${diagnostic.severity}`}>
            <b>{diagnostic.severity}</b> <code>{diagnostic.code}</code> {diagnostic.message}
            {diagnostic.evidence.length > 0 && <pre class="evidence">{diagnostic.evidence.join('\n')}</pre>}
            {diagnostic.hint && <div class="hint">{diagnostic.hint}</div>}
          </div>
        ))}
        <Facts facts={tier.facts} />
      </td>
    </tr>
  );
}

export function FailFastCard({ report }: { report: ValidationReport | null }) {
  return (
    <Card title="Fail-fast checks" testId="failfast" wide>
      {!report ? (
        <p class="muted">No fail-fast report for this experiment.</p>
      ) : (
        <>
          <p class="small">
            {report.passed ? <Badge value="passed" /> : <Badge value="failed" />} in {report.seconds.toFixed(1)} s
            {report.failedTier && ` · stopped at the ${report.failedTier} tier`}
          </p>
          <table class="grid failfast">
            <tbody>
              {report.tiers.map((tier) => (
                <Tier key={tier.tier} tier={tier} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
