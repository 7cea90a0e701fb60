import { FtdojoError, PredictionSchema, type Prediction } from '../core/index.js';

const LINE_SHAPE = 'each line must be one JSON object {"id": "<sample id>", "output": "<model output>"}';

/**
 * Predictions from JSONL text, one {"id", "output"} object per line; blank lines are skipped.
 * The first bad line stops reading with `FILE:LINE: reason` and how to fix it, so a broken
 * file is never scored halfway.
 */
export function readPredictionsJsonl(text: string, fileName: string): Prediction[] {
  const predictions: Prediction[] = [];
  const firstLineOf = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    const fail = (reason: string, hint: string = LINE_SHAPE): never => {
      throw new FtdojoError('INVALID_INPUT', `${fileName}:${lineNumber}: ${reason}`, { hint: `Fix line ${lineNumber}: ${hint}.` });
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      fail(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('not a JSON object');
    const parsed = PredictionSchema.safeParse(value);
    if (!parsed.success) {
      fail(parsed.error.issues.map((issue) => `${issue.path.length === 0 ? 'line' : `field "${issue.path.join('.')}"`}: ${issue.message}`).join('; '));
      return;
    }
    const first = firstLineOf.get(parsed.data.id);
    if (first !== undefined) fail(`second prediction for id "${parsed.data.id}" (the first is on line ${first})`, 'keep one prediction per sample id');
    firstLineOf.set(parsed.data.id, lineNumber);
    predictions.push(parsed.data);
  });
  return predictions;
}
