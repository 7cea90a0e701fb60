/**
 * The gateway's tally of tokens and requests against its limits: pure bookkeeping, no I/O.
 *
 * Calls in flight hold a reservation (their prompt estimate plus max_tokens for every choice),
 * so concurrent calls cannot together promise more than the budget. The tally itself uses what
 * upstream reports, which can pass the budget by one call's overshoot (a prompt longer than
 * estimated, or a server that ignores max_tokens); the next call is then refused.
 */
export interface TokenBudgetOptions {
  /** Prompt plus completion tokens, in all. */
  tokenBudget: number;
  /** Requests forwarded upstream, in all; unlimited when left out. */
  maxRequests?: number | undefined;
}

export interface Reservation {
  readonly tokens: number;
}

export interface AdmitRequest {
  /** The gateway's conservative estimate of the prompt's tokens. */
  promptEstimate: number;
  /** max_tokens as the client asked; null when it did not say. */
  requestedMaxTokens: number | null;
  /** Used when the client did not say. */
  defaultMaxTokens: number;
  /** The request's `n`: completions to generate, each up to max_tokens. */
  choices: number;
}

export type Admission =
  { admitted: true; reservation: Reservation; maxTokens: number; capped: boolean } | { admitted: false; reason: RefusalReason; message: string };

/**
 * Why a call was refused: the tokens or requests are spent for good, or what is left (after the
 * reservations of calls in flight) is too little for this prompt.
 */
export type RefusalReason = 'tokens-spent' | 'requests-spent' | 'too-little-left';

export interface CallUsage {
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
}

export interface BudgetSnapshot {
  tokenBudget: number;
  usedTokens: number;
  promptTokens: number;
  completionTokens: number;
  estimatedTokens: number;
  reservedTokens: number;
  remainingTokens: number;
  requests: number;
  maxRequests: number | null;
}

export interface TokenBudget {
  /** Admits a call and reserves its tokens, capping max_tokens to what is left; or says why not. */
  admit(request: AdmitRequest): Admission;
  /** The call came back with usage: frees the reservation and counts what it used. */
  settle(reservation: Reservation, usage: CallUsage): void;
  /** The call failed upstream: frees the reservation and counts no tokens. */
  release(reservation: Reservation): void;
  snapshot(): BudgetSnapshot;
}

export function createTokenBudget(options: TokenBudgetOptions): TokenBudget {
  const budget = options.tokenBudget;
  let promptTokens = 0;
  let completionTokens = 0;
  let estimatedTokens = 0;
  let reservedTokens = 0;
  let requests = 0;
  const open = new Set<Reservation>();
  const used = (): number => promptTokens + completionTokens;

  const free = (reservation: Reservation): boolean => {
    if (!open.delete(reservation)) return false;
    reservedTokens -= reservation.tokens;
    return true;
  };

  return {
    admit(request) {
      if (options.maxRequests !== undefined && requests >= options.maxRequests) {
        return {
          admitted: false,
          reason: 'requests-spent',
          message: `the gateway's request limit is reached: ${requests} of ${options.maxRequests} requests made`,
        };
      }
      if (used() >= budget) {
        return { admitted: false, reason: 'tokens-spent', message: `the token budget is spent: ${used()} of ${budget} tokens used` };
      }
      const left = budget - used() - reservedTokens;
      const perChoice = Math.floor((left - request.promptEstimate) / Math.max(1, request.choices));
      if (perChoice < 1) {
        const held = reservedTokens > 0 ? ` (${reservedTokens} more are held by calls in flight)` : '';
        return {
          admitted: false,
          reason: 'too-little-left',
          message: `only ${Math.max(0, left)} of ${budget} tokens are left${held}, and this prompt alone is about ${request.promptEstimate} tokens`,
        };
      }
      const wanted = request.requestedMaxTokens ?? request.defaultMaxTokens;
      const maxTokens = Math.min(wanted, perChoice);
      const reservation: Reservation = { tokens: request.promptEstimate + maxTokens * Math.max(1, request.choices) };
      open.add(reservation);
      reservedTokens += reservation.tokens;
      requests += 1;
      return { admitted: true, reservation, maxTokens, capped: maxTokens < wanted };
    },
    settle(reservation, usage) {
      if (!free(reservation)) return;
      const prompt = Math.max(0, Math.round(usage.promptTokens));
      const completion = Math.max(0, Math.round(usage.completionTokens));
      promptTokens += prompt;
      completionTokens += completion;
      if (usage.estimated) estimatedTokens += prompt + completion;
    },
    release(reservation) {
      free(reservation);
    },
    snapshot() {
      return {
        tokenBudget: budget,
        usedTokens: used(),
        promptTokens,
        completionTokens,
        estimatedTokens,
        reservedTokens,
        remainingTokens: Math.max(0, budget - used() - reservedTokens),
        requests,
        maxRequests: options.maxRequests ?? null,
      };
    },
  };
}
