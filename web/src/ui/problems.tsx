import type { StoreProblem } from '../contract.js';

/** Folders the server could not read: listed with why and what to do; the readable rest is shown below. */
export function Problems({ problems, what }: { problems: StoreProblem[]; what: string }) {
  if (problems.length === 0) return null;
  return (
    <section class="problems" data-testid="store-problems">
      <h3>
        {problems.length} {what} could not be read
      </h3>
      <ul>
        {problems.map((problem) => (
          <li key={problem.runDir}>
            <code>{problem.runDir}</code>: {problem.message}
            {problem.hint && <div class="hint">{problem.hint}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
