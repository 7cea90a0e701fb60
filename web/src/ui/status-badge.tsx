/** A colored word: run statuses, experiment states, verdicts, tier results. */
export function Badge({ value, kind }: { value: string; kind?: string }) {
  return <span class={`badge badge-${kind ?? value}`}>{value}</span>;
}
