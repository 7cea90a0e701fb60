export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  /** True when the provider did not report usage and the counts are guessed from the text. */
  estimated: boolean;
  /** US dollars, when the model has a price; null otherwise. */
  costUsd: number | null;
}

/** What a provider charges, in US dollars per million tokens. */
export interface ChatPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export const NO_USAGE: ChatUsage = Object.freeze({ promptTokens: 0, completionTokens: 0, estimated: false, costUsd: null });

export function costOf(tokens: { promptTokens: number; completionTokens: number }, price: ChatPrice | null | undefined): number | null {
  if (!price) return null;
  return (tokens.promptTokens * price.inputPerMillion + tokens.completionTokens * price.outputPerMillion) / 1_000_000;
}

/** Usage of several calls together; the cost is known when any of them was priced. */
export function addChatUsage(total: ChatUsage, more: ChatUsage): ChatUsage {
  return {
    promptTokens: total.promptTokens + more.promptTokens,
    completionTokens: total.completionTokens + more.completionTokens,
    estimated: total.estimated || more.estimated,
    costUsd: total.costUsd === null && more.costUsd === null ? null : (total.costUsd ?? 0) + (more.costUsd ?? 0),
  };
}
