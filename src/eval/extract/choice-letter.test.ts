import { describe, expect, it } from 'vitest';
import { choiceLetter } from './choice-letter.js';

function letterOf(text: string, letters?: string[]): string | null {
  const result = choiceLetter(text, letters);
  return result.ok ? result.letter : null;
}

describe('choiceLetter', () => {
  it.each([
    ['B', 'B'],
    [' b \n', 'B'],
    ['(B)', 'B'],
    ['B.', 'B'],
    ['**B**', 'B'],
    ['答案：B', 'B'],
    ['答案: B', 'B'],
    ['答案是B。', 'B'],
    ['正确答案为（C）', 'C'],
    ['答案：选项D', 'D'],
    ['故选A。', 'A'],
    ['The answer is (B).', 'B'],
    ['The answer is B because A is wrong.', 'B'],
    ['Answer: D', 'D'],
    ['B. 增值税是价外税', 'B'],
    ['B、增值税', 'B'],
    ['B) because...', 'B'],
    ['C选项正确', 'C'],
    ['Option **B** is correct.', 'B'],
    ['**Answer:** **C**', 'C'],
    ['分析：选项A错误，选项B错误，因此答案是C。', 'C'],
    ['答案是C，因为选项A的说法错误', 'C'],
    ['答案：A\n解析：……\n最终答案：B', 'B'],
  ])('%j -> %s', (text, expected) => {
    expect(letterOf(text)).toBe(expected);
  });

  it.each(['答案：B和C', '答案：BC', 'The answer is (B) or (C).', 'A、B', 'AB', 'Both **A** and **C** look right.'])('rejects the ambiguous %j', (text) => {
    const result = choiceLetter(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/several letters/);
  });

  it('rejects a letter outside the choices', () => {
    const result = choiceLetter('答案：E');
    expect(result).toEqual({ ok: false, reason: '"E" is not one of the choices A, B, C, D' });
    expect(letterOf('答案：E', ['A', 'B', 'C', 'D', 'E'])).toBe('E');
  });

  it.each(['', '   ', 'A bond is a debt security.', 'I am not sure.', 'Bonds are safer', 'The answer is not clear'])('finds no letter in %j', (text) => {
    expect(letterOf(text)).toBeNull();
  });
});
