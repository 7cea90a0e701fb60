export type ChoiceExtraction = { ok: true; letter: string } | { ok: false; reason: string };

/**
 * Words that introduce the answer. "选项" / "option" are deliberately absent: they also
 * introduce the discussion of a wrong option ("答案是C，因为选项A错误").
 */
const ANSWER_MARKER =
  /(?:正确答案|最终答案|答案|故选|应选|因此选|所以选|answer|correct (?:option|choice))(?:\s*(?:is|would be|should be|为|是|应该是|应为|选项|选|[:：-]))*/gi;
const OPENING = /^[\s(（[【「"'“]*/;
const CLOSING = /^[)）\]】」"'”]*/;
const SEPARATOR = /^(?:\s*(?:,|，|、|\/|和|与|及|以及|and|or|&)\s*|\s+)/i;
/** What may follow a leading answer letter: "B. text", "B、", "B)", "B：", "B选项". */
const AFTER_LEADING_LETTER = /^(?:$|[.．、)）\]】:：\n]|\p{Script=Han})/u;

/**
 * The answer letter of a multiple-choice output, e.g. "B", "答案：B", "The answer is (B)",
 * "B. xxx", "**B**". An output that names several letters as its answer ("答案：B和C", "AB")
 * is rejected, not resolved: picking one of them would reward hedging.
 *
 * Order of evidence: an explicit answer marker (the last one that is followed by a letter),
 * then the whole output being a letter, then a letter leading the output, then a single
 * bold letter.
 */
export function choiceLetter(text: string, letters: readonly string[] = ['A', 'B', 'C', 'D']): ChoiceExtraction {
  const choices = new Set(letters.map((letter) => letter.toUpperCase()));
  const plain = text.replace(/[*`#]/g, '');

  let markerRun: string[] | undefined;
  for (let match = ANSWER_MARKER.exec(plain); match !== null; match = ANSWER_MARKER.exec(plain)) {
    const run = readLetterRun(plain, match.index + match[0].length, choices);
    if (run !== null) markerRun = run.letters;
  }
  ANSWER_MARKER.lastIndex = 0;
  if (markerRun !== undefined) return decide(markerRun, choices);

  const whole = plain.trim().replace(/^[(（[【]\s*|\s*[)）\]】]?\s*[.。!！]?$/g, '');
  if (/^[a-z]$/i.test(whole)) return decide([whole.toUpperCase()], choices);

  const leading = readLetterRun(plain, 0, choices);
  if (leading !== null && AFTER_LEADING_LETTER.test(plain.slice(leading.firstTokenEnd))) return decide(leading.letters, choices);

  const bold = [...text.matchAll(/\*\*\s*[(（]?([A-Z])[)）]?\s*[.．、:：]?\s*\*\*/g)].map((match) => match[1]!);
  if (bold.length > 0) return decide(bold, choices);

  return { ok: false, reason: `no answer letter found (expected one of ${[...choices].join(', ')})` };
}

function decide(found: string[], choices: Set<string>): ChoiceExtraction {
  const distinct = [...new Set(found)];
  if (distinct.length > 1) return { ok: false, reason: `names several letters as the answer (${distinct.join(', ')}); give exactly one` };
  const letter = distinct[0]!;
  if (!choices.has(letter)) return { ok: false, reason: `"${letter}" is not one of the choices ${[...choices].join(', ')}` };
  return { ok: true, letter };
}

interface LetterRun {
  letters: string[];
  /** Where the first letter token ends, to check what follows a leading letter. */
  firstTokenEnd: number;
}

/**
 * Letters at `position`: one capital letter not glued to a word ("B", not "Bond"), or a token of
 * choice letters ("AB"), then more of them after separators ("B和C", "A, C", "(B) or (C)").
 * Null when no letter stands there.
 */
function readLetterRun(text: string, position: number, choices: Set<string>): LetterRun | null {
  const letters: string[] = [];
  let firstTokenEnd = -1;
  let cursor = position;
  for (;;) {
    const opened = cursor + OPENING.exec(text.slice(cursor))![0].length;
    const token = /^[A-Za-z]+/.exec(text.slice(opened))?.[0];
    if (token === undefined || !isLetterToken(token, choices)) break;
    letters.push(...token);
    const tokenEnd = opened + token.length;
    if (firstTokenEnd < 0) firstTokenEnd = tokenEnd;
    cursor = tokenEnd + CLOSING.exec(text.slice(tokenEnd))![0].length;
    const separator = SEPARATOR.exec(text.slice(cursor));
    if (separator === null) break;
    const next = cursor + separator[0].length;
    const nextToken = /^[A-Za-z]+/.exec(text.slice(next + OPENING.exec(text.slice(next))![0].length))?.[0];
    if (nextToken === undefined || !isLetterToken(nextToken, choices)) break;
    cursor = next;
  }
  return letters.length === 0 ? null : { letters, firstTokenEnd };
}

function isLetterToken(token: string, choices: Set<string>): boolean {
  if (token.length === 1) return /[A-Z]/.test(token);
  return token === token.toUpperCase() && [...token].every((letter) => choices.has(letter));
}
