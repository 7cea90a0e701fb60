/**
 * Conservative token counts for when the gateway must guess: before a call (to reserve budget)
 * and after one whose reply carried no `usage`. Three characters a token overcounts English and
 * code for every common tokenizer, so a guess errs toward spending the budget sooner, not later.
 */
const CHARACTERS_PER_TOKEN = 3;
/** Role markers and separators every chat template adds around a message. */
const TOKENS_PER_MESSAGE = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

/** The prompt's tokens: every message's text, plus any tool definitions the model also reads. */
export function estimatePromptTokens(messages: readonly unknown[], tools?: unknown): number {
  let total = 0;
  for (const message of messages) {
    const { content, ...rest } = (message ?? {}) as { content?: unknown; [key: string]: unknown };
    total += TOKENS_PER_MESSAGE + estimateTokens(textOf(content));
    // Names, tool calls and tool-call ids are read by the model too.
    const extra = Object.entries(rest).filter(([key]) => key !== 'role');
    if (extra.length > 0) total += estimateTokens(JSON.stringify(Object.fromEntries(extra)));
  }
  if (tools !== undefined && tools !== null) total += estimateTokens(JSON.stringify(tools));
  return total;
}

/** The completion's tokens, from a chat-completion body: every choice's text and tool calls. */
export function estimateCompletionTokens(body: unknown): number {
  const choices = (body as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return 0;
  let total = 0;
  for (const choice of choices) {
    const message = (choice as { message?: { content?: unknown; tool_calls?: unknown } } | null)?.message;
    if (!message) continue;
    total += estimateTokens(textOf(message.content));
    if (message.tool_calls !== undefined && message.tool_calls !== null) total += estimateTokens(JSON.stringify(message.tool_calls));
  }
  return total;
}

/** A message's text: a string as is, content parts joined, anything else as its JSON. */
function textOf(content: unknown): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        const text = (part as { text?: unknown } | null)?.text;
        return typeof text === 'string' ? text : JSON.stringify(part);
      })
      .join('');
  }
  return JSON.stringify(content);
}
