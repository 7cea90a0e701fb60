import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/index.js';
import { bootstrapInterval } from './bootstrap.js';
import { CARD_POWER_ASSUMPTIONS, detectableDifference, discordanceOf, itemsToDetect, pairedPower } from './detectable-difference.js';
import { normalQuantile } from './normal-distribution.js';

/*
 * The closed forms, from power = Φ(δ√n/σ - z) with σ² = r - δ² and k = z + Φ⁻¹(power):
 * δ√n = k √(r - δ²)  ⇒  δ = k √(r / (n + k²))  and  n = k² (r - δ²) / δ².
 */
const K = normalQuantile(0.975) + normalQuantile(0.8);
const closedDifference = (items: number, discordance: number) => K * Math.sqrt(discordance / (items + K * K));
const closedItems = (difference: number, discordance: number) => Math.ceil((K * K * (discordance - difference * difference)) / (difference * difference));

describe('detectable difference of the paired-bootstrap rule on 0/1 items', () => {
  it('agrees with the closed form of the normal approximation', () => {
    for (const discordance of [0.1, 0.3, 0.5]) {
      for (const items of [24, 50, 60, 100, 160, 400]) {
        // A difference is at most the discordance (every discordant item the candidate's): past it, nothing is detectable.
        const closed = closedDifference(items, discordance);
        if (closed > discordance) expect(detectableDifference(items, { discordance })).toBeNull();
        else expect(detectableDifference(items, { discordance })).toBeCloseTo(closed, 6);
      }
    }
    expect(K).toBeCloseTo(2.801585, 6);
    // The card's figures: 50 items detect about 0.20; +0.10 needs 228 items (385 when the models disagree on half).
    expect(detectableDifference(50, CARD_POWER_ASSUMPTIONS)).toBeCloseTo(0.2018, 4);
    expect(itemsToDetect(0.1, CARD_POWER_ASSUMPTIONS)).toBe(228);
    expect(itemsToDetect(0.1, { discordance: 0.5 })).toBe(385);
    for (const [difference, discordance] of [
      [0.05, 0.2],
      [0.1, 0.3],
      [0.15, 0.4],
      [0.2, 0.25],
    ] as const) {
      expect(itemsToDetect(difference, { discordance })).toBe(closedItems(difference, discordance));
    }
  });

  it('has 80% power at the detectable difference, and more items or a larger difference give more', () => {
    const difference = detectableDifference(100, CARD_POWER_ASSUMPTIONS)!;
    expect(pairedPower(100, difference, CARD_POWER_ASSUMPTIONS)).toBeCloseTo(0.8, 9);
    expect(pairedPower(200, difference, CARD_POWER_ASSUMPTIONS)).toBeGreaterThan(0.8);
    expect(pairedPower(100, difference + 0.05, CARD_POWER_ASSUMPTIONS)).toBeGreaterThan(0.8);
    // No difference: the rule fires about 2.5% of the time (one side of a 95% interval).
    expect(pairedPower(100, 0, CARD_POWER_ASSUMPTIONS)).toBeCloseTo(0.025, 6);
    expect(pairedPower(227, 0.1, CARD_POWER_ASSUMPTIONS)).toBeLessThan(0.8);
    expect(pairedPower(228, 0.1, CARD_POWER_ASSUMPTIONS)).toBeGreaterThanOrEqual(0.8);
  });

  it('says when no difference is detectable, and refuses impossible assumptions', () => {
    // Two items: even both discordant items going the candidate's way are not enough.
    expect(detectableDifference(2, CARD_POWER_ASSUMPTIONS)).toBeNull();
    expect(detectableDifference(0, CARD_POWER_ASSUMPTIONS)).toBeNull();
    expect(() => itemsToDetect(0.4, CARD_POWER_ASSUMPTIONS)).toThrow(/discordance 0.3/);
    expect(() => detectableDifference(50, { discordance: 0 })).toThrow(RangeError);
    expect(() => pairedPower(50, 0.1, { discordance: 0.3, power: 1 })).toThrow(RangeError);
  });

  it('states the discordance of two models in accuracies and a correlation', () => {
    // Independent errors at 0.5 and 0.6: 0.5·0.4 + 0.6·0.5.
    expect(discordanceOf(0.5, 0.1, 0)).toBeCloseTo(0.5, 12);
    expect(discordanceOf(0.5, 0.1, 0.41)).toBeCloseTo(0.3, 2);
    // Perfectly correlated at one accuracy: they never disagree.
    expect(discordanceOf(0.7, 0, 1)).toBeCloseTo(0, 12);
  });

  it('matches a Monte Carlo run of the rule itself: the seeded 95% paired bootstrap, improved when its lower bound is above 0', () => {
    // Items as the rule sees them: per item candidate minus reference, +1 with chance (r + δ)/2, -1 with (r - δ)/2.
    const simulatedPower = (items: number, difference: number, discordance: number, trials: number, seed: number) => {
      const random = seededRandom(seed);
      let improved = 0;
      for (let trial = 0; trial < trials; trial += 1) {
        const differences = Array.from({ length: items }, () => {
          const u = random();
          return u < (discordance + difference) / 2 ? 1 : u < discordance ? -1 : 0;
        });
        const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
        // decideImprovement's settings: 1000 resamples, seed 0, level 0.95.
        const interval = bootstrapInterval(differences, mean, { resamples: 1000, seed: 0, level: 0.95 });
        if (interval !== null && interval.low > 0) improved += 1;
      }
      return improved / trials;
    };
    // 228 items for +0.10 at a discordance of 0.3: 80% by the formula; 400 trials have a standard error of 0.02.
    expect(Math.abs(simulatedPower(228, 0.1, 0.3, 400, 11) - 0.8)).toBeLessThan(0.06);
    // The mini financeiq split of 50 items at its detectable difference of about 0.20 (1000 trials: a standard
    // error of 0.013). With 2000 trials the rule detects it 78.5% of the time: the approximation holds at 50 items.
    expect(Math.abs(simulatedPower(50, detectableDifference(50, CARD_POWER_ASSUMPTIONS)!, 0.3, 1000, 12) - 0.8)).toBeLessThan(0.05);
  });
});
