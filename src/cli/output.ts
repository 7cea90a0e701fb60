import Table from 'cli-table3';
import pc from 'picocolors';

/** Where commands write: injectable so tests capture output without touching process streams. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}

export function table(head: string[], rows: (string | number)[][]): string {
  const rendered = new Table({
    head: head.map((cell) => pc.bold(cell)),
    style: { head: [], border: [], compact: true },
    // No rule between body rows: long catalogues stay readable.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: true,
  });
  for (const row of rows) rendered.push(row.map((cell) => String(cell)));
  return rendered.toString();
}

export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

export const mark = {
  ok: (text: string) => pc.green(text),
  fail: (text: string) => pc.red(text),
  skip: (text: string) => pc.yellow(text),
  dim: (text: string) => pc.dim(text),
};
