/**
 * A long text cut to at most `limit` characters, keeping its head and its tail: the start of a
 * prompt says what was asked and the end of an output holds the final answer, so both matter.
 * The marker in the middle says how many characters were cut.
 */
export function excerpt(text: string, limit = 400): string {
  if (text.length <= limit) return text;
  const marker = (cut: number) => ` […${cut} characters cut…] `;
  // The marker's length depends on the count; size the room with the longest count possible.
  const room = Math.max(0, limit - marker(text.length).length);
  const head = Math.ceil(room * 0.6);
  const tail = room - head;
  return `${text.slice(0, head)}${marker(text.length - room)}${tail > 0 ? text.slice(-tail) : ''}`;
}
