import { describe, expect, it } from 'vitest';
import { filesFromReply } from './code-blocks.js';

describe('the files in a coder model’s reply', () => {
  it('reads a file named on its fence line, on the line before, or by its language', () => {
    expect(filesFromReply('```python process_data.py\nprint(1)\n```')).toEqual({ 'process_data.py': 'print(1)\n' });
    expect(filesFromReply('### train.yaml\n```yaml\nnum_train_epochs: 2\n```\nand\n```py\nprint(2)```')).toEqual({
      'train.yaml': 'num_train_epochs: 2\n',
      'process_data.py': 'print(2)\n',
    });
  });

  it('keeps the last block for a file (a model that corrects itself), and ignores prose, empty blocks and other languages', () => {
    const reply = 'First try:\n```python\nprint(1)\n```\nBetter:\n```python\nprint(3)\n```\n```bash\nrm -rf /\n```\n```yaml\n\n```';
    expect(filesFromReply(reply)).toEqual({ 'process_data.py': 'print(3)\n' });
    expect(filesFromReply('I would rather explain it in words.')).toEqual({});
  });
});
