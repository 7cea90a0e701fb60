import type { ErrorSample } from '../../contract.js';
import { Card } from './card.js';

const PREVIEW = 140;

function Prompt({ text }: { text: string }) {
  if (text.length <= PREVIEW) return <pre class="prompt">{text}</pre>;
  return (
    <details class="prompt-more">
      <summary>
        <span class="prompt-preview">{text.slice(0, PREVIEW).replace(/\s+/g, ' ')}…</span>
      </summary>
      <pre class="prompt">{text}</pre>
    </details>
  );
}

function Sample({ sample }: { sample: ErrorSample }) {
  return (
    <div class="error-sample" data-sample-id={sample.id}>
      <div class="sample-meta muted">
        {sample.id}
        {sample.subtask && ` · ${sample.subtask}`}
        {sample.finishReason !== 'stop' && ` · finish: ${sample.finishReason}`}
      </div>
      <Prompt text={sample.prompt} />
      <div class="sample-answer">
        <span>
          output <code data-field="output">{sample.output || '∅'}</code>
        </span>
        <span>
          extracted <code data-field="extracted">{sample.extracted ?? '—'}</code>
        </span>
        <span>
          expected <code data-field="expected">{sample.expected ?? '—'}</code>
        </span>
      </div>
    </div>
  );
}

/** The validation items the model missed, grouped by what went wrong. */
export function ErrorSamplesCard({ samples }: { samples: ErrorSample[] }) {
  const groups = new Map<string, ErrorSample[]>();
  for (const sample of samples) groups.set(sample.label, [...(groups.get(sample.label) ?? []), sample]);
  return (
    <Card title="Error samples" testId="error-samples" wide>
      {samples.length === 0 && <p class="muted">No error samples.</p>}
      {[...groups].map(([label, items]) => (
        <div class="error-group" data-category={label} key={label}>
          <h4>
            <span class={`badge badge-${label}`}>{label}</span> {items.length}
          </h4>
          {items.map((sample) => (
            <Sample key={sample.id} sample={sample} />
          ))}
        </div>
      ))}
    </Card>
  );
}
