import type { ComponentChildren } from 'preact';

/** One titled block of the experiment panel. */
export function Card({ title, testId, wide, children }: { title: string; testId?: string; wide?: boolean; children: ComponentChildren }) {
  return (
    <section class={`card ${wide ? 'wide' : ''}`} data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}
