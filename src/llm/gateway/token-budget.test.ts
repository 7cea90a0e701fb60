import { describe, expect, it } from 'vitest';
import { createTokenBudget, type AdmitRequest } from './token-budget.js';

const ask = (overrides: Partial<AdmitRequest> = {}): AdmitRequest => ({
  promptEstimate: 10,
  requestedMaxTokens: null,
  defaultMaxTokens: 50,
  choices: 1,
  ...overrides,
});

describe('createTokenBudget', () => {
  it('admits with the default cap, then caps to what is left, then refuses', () => {
    const budget = createTokenBudget({ tokenBudget: 100 });
    const first = budget.admit(ask());
    expect(first).toMatchObject({ admitted: true, maxTokens: 50, capped: false });
    if (!first.admitted) throw new Error('unreachable');
    budget.settle(first.reservation, { promptTokens: 8, completionTokens: 50, estimated: false });
    const second = budget.admit(ask({ requestedMaxTokens: 40 }));
    expect(second).toMatchObject({ admitted: true, maxTokens: 100 - 58 - 10, capped: true });
    if (!second.admitted) throw new Error('unreachable');
    budget.settle(second.reservation, { promptTokens: 8, completionTokens: 32, estimated: false });
    expect(budget.snapshot()).toMatchObject({ usedTokens: 98, remainingTokens: 2, requests: 2 });
    const third = budget.admit(ask());
    expect(third).toEqual({ admitted: false, reason: 'too-little-left', message: 'only 2 of 100 tokens are left, and this prompt alone is about 10 tokens' });
  });

  it('holds reservations for calls in flight and frees them on settle or release', () => {
    const budget = createTokenBudget({ tokenBudget: 100 });
    const first = budget.admit(ask({ requestedMaxTokens: 60 }));
    const second = budget.admit(ask({ requestedMaxTokens: 60 }));
    expect(second).toMatchObject({ admitted: true, maxTokens: 20, capped: true });
    const third = budget.admit(ask());
    expect(third).toMatchObject({ admitted: false });
    if (third.admitted) throw new Error('unreachable');
    expect(third.message).toContain('(100 more are held by calls in flight)');
    if (!first.admitted || !second.admitted) throw new Error('unreachable');
    budget.release(first.reservation);
    budget.release(first.reservation);
    expect(budget.snapshot()).toMatchObject({ reservedTokens: 30, usedTokens: 0, requests: 2 });
    budget.settle(second.reservation, { promptTokens: 5, completionTokens: 20, estimated: true });
    expect(budget.snapshot()).toMatchObject({ reservedTokens: 0, usedTokens: 25, estimatedTokens: 25, remainingTokens: 75 });
  });

  it('splits what is left between n choices', () => {
    const budget = createTokenBudget({ tokenBudget: 100 });
    expect(budget.admit(ask({ requestedMaxTokens: 80, choices: 3 }))).toMatchObject({ admitted: true, maxTokens: 30, capped: true });
    expect(budget.snapshot().reservedTokens).toBe(100);
  });

  it('refuses once spent, even when upstream overshot, and counts requests against maxRequests', () => {
    const budget = createTokenBudget({ tokenBudget: 20, maxRequests: 2 });
    const first = budget.admit(ask());
    if (!first.admitted) throw new Error('unreachable');
    budget.settle(first.reservation, { promptTokens: 10, completionTokens: 30, estimated: false });
    expect(budget.admit(ask({ promptEstimate: 0 }))).toEqual({
      admitted: false,
      reason: 'tokens-spent',
      message: 'the token budget is spent: 40 of 20 tokens used',
    });
    expect(budget.snapshot()).toMatchObject({ remainingTokens: 0, usedTokens: 40 });

    const requests = createTokenBudget({ tokenBudget: 1000, maxRequests: 1 });
    const only = requests.admit(ask());
    if (!only.admitted) throw new Error('unreachable');
    requests.release(only.reservation);
    expect(requests.admit(ask())).toEqual({
      admitted: false,
      reason: 'requests-spent',
      message: "the gateway's request limit is reached: 1 of 1 requests made",
    });
  });
});
