/**
 * The text after the LAST "Final Answer:" marker (any case), first line only, trimmed; null
 * when there is no marker or nothing follows it.
 *
 * TableBench's official parser takes the first match of the case-sensitive "Final Answer: (.+)"
 * on the same line. We take the last marker (a model that restates its answer after a draft
 * means the restated one), accept any case and markdown bold around the marker
 * ("**Final Answer:** 42"), and accept the answer on the next line when the marker's line is
 * otherwise empty.
 */
export function finalAnswer(text: string): string | null {
  const marker = /(?:\*\*|__)?final answer(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?/gi;
  let contentStart = -1;
  for (let match = marker.exec(text); match !== null; match = marker.exec(text)) {
    contentStart = match.index + match[0].length;
  }
  if (contentStart < 0) return null;
  const firstLine = text.slice(contentStart).trimStart().split(/\r?\n/, 1)[0] ?? '';
  const answer = firstLine.replace(/(?:\*\*|__)\s*$/, '').trim();
  return answer === '' ? null : answer;
}
