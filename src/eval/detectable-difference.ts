import { normalCdf, normalQuantile } from './normal-distribution.js';

/*
 * How large a difference a validation split can show, under the rule that decides improvement
 * (src/dojo/feedback/decide-improvement.ts): the 95% paired percentile-bootstrap interval of the
 * candidate's metric minus the reference's over the same items, "improved" when its lower bound is
 * above 0. For a metric that is the mean of 0/1 item scores (choice accuracy, exact match), each
 * item's difference d is +1 (only the candidate right), -1 (only the reference right) or 0. With r
 * the share of discordant items (McNemar's b + c) and δ the true difference in accuracy,
 * P(d = +1) = (r + δ) / 2, P(d = -1) = (r - δ) / 2, so d has mean δ and variance σ² = r - δ²; how
 * the concordant items split between both right and both wrong does not matter. The bootstrap
 * distribution of the mean difference is about normal with the plug-in standard error σ/√n, its
 * lower (1 - level) / 2 quantile is about d̄ - z σ/√n, and the rule fires with chance
 * Φ(δ√n/σ - z), z = Φ⁻¹((1 + level) / 2). This is McNemar's test at one-sided (1 - level) / 2 with
 * the variance taken at the alternative, as the bootstrap takes it from the data.
 */

export interface PairedPowerAssumptions {
  /** Share of items on which exactly one of the two models is right (b + c); the rest both get right or both wrong. */
  discordance: number;
  /** Coverage of the interval the rule reads; default 0.95 (decide-improvement's). */
  level?: number | undefined;
  /** The chance of detecting the difference asked for; default 0.8. */
  power?: number | undefined;
}

/**
 * What the task cards assume: the two models disagree on 30% of the items, as accuracies near 0.5
 * whose per-item correctness correlates about 0.4 do (discordanceOf(0.5, 0.1, 0.41) ≈ 0.3). A
 * candidate barely changed by training disagrees less (the measured financeiq run of 2 December
 * 2026: about 8% of 50 items, from its interval), one trained far from its parent more (0.5 at
 * accuracy 0.5 with independent errors).
 */
export const CARD_POWER_ASSUMPTIONS = { discordance: 0.3, level: 0.95, power: 0.8 } as const;

function checked(assumptions: PairedPowerAssumptions): { discordance: number; z: number; power: number } {
  const { discordance, level = 0.95, power = 0.8 } = assumptions;
  if (!(discordance > 0 && discordance <= 1)) throw new RangeError(`a discordance rate is in (0, 1], not ${discordance}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`a level is in (0, 1), not ${level}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`a power is in (0, 1), not ${power}`);
  return { discordance, z: normalQuantile((1 + level) / 2), power };
}

/** The chance that the rule calls a candidate better by `difference` improved on `items` paired items. */
export function pairedPower(items: number, difference: number, assumptions: PairedPowerAssumptions): number {
  const { discordance, z } = checked(assumptions);
  if (!(difference >= 0 && difference <= discordance)) throw new RangeError(`a difference is in [0, discordance ${discordance}], not ${difference}`);
  const deviation = Math.sqrt(Math.max(0, discordance - difference * difference));
  if (deviation === 0) return difference > 0 ? 1 : 0;
  return normalCdf((difference * Math.sqrt(items)) / deviation - z);
}

/**
 * The smallest difference in accuracy the rule detects with the assumed power on `items` paired
 * items, found by bisection on pairedPower (its closed form, δ = k √(r / (n + k²)) with
 * k = z + Φ⁻¹(power), is the test's check). Null when even every discordant item going the
 * candidate's way (δ = r) is not detected that often.
 */
export function detectableDifference(items: number, assumptions: PairedPowerAssumptions): number | null {
  const { discordance, power } = checked(assumptions);
  if (!(items >= 1)) return null;
  if (pairedPower(items, discordance, assumptions) < power) return null;
  let low = 0;
  let high = discordance;
  for (let step = 0; step < 60; step += 1) {
    const middle = (low + high) / 2;
    if (pairedPower(items, middle, assumptions) >= power) high = middle;
    else low = middle;
  }
  return high;
}

/** The fewest paired items on which the rule detects `difference` with the assumed power. */
export function itemsToDetect(difference: number, assumptions: PairedPowerAssumptions): number {
  const { discordance, power } = checked(assumptions);
  if (!(difference > 0 && difference <= discordance)) throw new RangeError(`a detectable difference is in (0, discordance ${discordance}], not ${difference}`);
  let high = 1;
  while (pairedPower(high, difference, assumptions) < power) high *= 2;
  let low = Math.floor(high / 2);
  // pairedPower(low) < power <= pairedPower(high), except at high = 1.
  if (high === 1) return 1;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (pairedPower(middle, difference, assumptions) >= power) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * The discordance rate of two models with accuracies p and p + difference whose per-item
 * correctness correlates `correlation` (phi): P(only one right) = p + q - 2 P(both right), with
 * P(both right) = pq + correlation √(p(1-p)q(1-q)). For stating an assumption in accuracies.
 */
export function discordanceOf(baseAccuracy: number, difference: number, correlation: number): number {
  const p = baseAccuracy;
  const q = baseAccuracy + difference;
  if (!(p >= 0 && p <= 1 && q >= 0 && q <= 1)) throw new RangeError(`accuracies are in [0, 1], not ${p} and ${q}`);
  const bothRight = p * q + correlation * Math.sqrt(p * (1 - p) * q * (1 - q));
  return p + q - 2 * bothRight;
}
