import type { ApiFailure } from '../api.js';

/** An API failure, with its hint: a page never goes blank. */
export function ErrorBox({ error }: { error: ApiFailure }) {
  return (
    <div class="error-box" data-testid="error" role="alert">
      <div class="error-message">{error.message}</div>
      {error.hint && <div class="error-hint">{error.hint}</div>}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <div class="loading">Loading {what}…</div>;
}
