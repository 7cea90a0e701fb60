/**
 * The content of the last `\boxed{...}` (or `\fbox{...}`) in a model output, or null.
 *
 * Only the LAST box counts: models often box intermediate results before the final one. When
 * that last box is not closed (the output was cut off), the answer is null rather than an
 * earlier box, because an earlier box is not what the model finally answered.
 */
export function lastBoxed(text: string): string | null {
  const pattern = /\\(?:boxed|fbox)\b/g;
  let lastStart = -1;
  let lastEnd = -1;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    lastStart = match.index;
    lastEnd = match.index + match[0].length;
  }
  if (lastStart < 0) return null;

  let position = lastEnd;
  while (position < text.length && /[ \t]/.test(text[position]!)) position += 1;
  if (text[position] === '{') return bracedContent(text, position);
  // `\boxed 5` (no braces) is valid LaTeX for a single token, and MATH-style data uses it.
  if (position === lastEnd) return null;
  const token = /^[^\s$]+/.exec(text.slice(position));
  return token === null ? null : token[0];
}

/**
 * The text between the brace at `open` and its matching closing brace, or null when the braces
 * never balance. Escaped braces (`\{`, `\}`) are content, not structure: `\boxed{\{1,2\}}` holds
 * a set.
 */
function bracedContent(text: string, open: number): string | null {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\\') {
      index += 1;
      continue;
    }
    if (character === '{') depth += 1;
    else if (character === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(open + 1, index);
    }
  }
  return null;
}
