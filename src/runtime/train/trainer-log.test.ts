import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lastTrainerProgress, lossCurveOf, parseDuration, parseTrainerLog, tailTrainerLog } from './trainer-log.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-trainer-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Lines as LLaMA-Factory 0.9.5 wrote them in a real run (the last is the end-of-training summary).
const LINES = [
  '{"current_steps": 1, "total_steps": 4, "loss": 3.5283, "lr": 0.0001, "epoch": 0.16666666666666666, "percentage": 25.0, "elapsed_time": "0:00:07", "remaining_time": "0:00:21", "throughput": 5.55, "total_tokens": 40}',
  '{"current_steps": 2, "total_steps": 4, "loss": 4.1627, "lr": 7.500000000000001e-05, "epoch": 0.3333333333333333, "percentage": 50.0, "elapsed_time": "0:00:08", "remaining_time": "0:00:08", "throughput": 9.1, "total_tokens": 79}',
  '{"current_steps": 4, "total_steps": 4, "epoch": 0.6666666666666666, "percentage": 100.0, "elapsed_time": "0:00:28", "remaining_time": "0:00:00", "throughput": 5.6, "total_tokens": 161}',
];

describe('trainer log', () => {
  it('parses durations the way Python prints timedelta', () => {
    expect(parseDuration('0:00:28')).toBe(28);
    expect(parseDuration('1:02:03')).toBe(3723);
    expect(parseDuration('2 days, 0:00:01')).toBe(172_801);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration(undefined)).toBeUndefined();
  });

  it('skips a torn last line and keeps only losses in the curve', () => {
    const entries = parseTrainerLog(`${LINES.join('\n')}\n{"current_steps": 5, "tot`);
    expect(entries).toHaveLength(3);
    expect(lossCurveOf(entries)).toEqual([
      { step: 1, loss: 3.5283, lr: 0.0001, epoch: 0.16666666666666666 },
      { step: 2, loss: 4.1627, lr: 7.500000000000001e-5, epoch: 0.3333333333333333 },
    ]);
  });

  it('follows the file as it grows, waiting for a partial line to end', async () => {
    const path = join(root, 'trainer_log.jsonl');
    const tail = tailTrainerLog(path);
    expect(await tail.read()).toEqual([]);
    writeFileSync(path, `${LINES[0]}\n${LINES[1]!.slice(0, 30)}`);
    expect((await tail.read()).map((entry) => entry.current_steps)).toEqual([1]);
    expect(await tail.read()).toEqual([]);
    appendFileSync(path, `${LINES[1]!.slice(30)}\n${LINES[2]}\n`);
    expect((await tail.read()).map((entry) => entry.current_steps)).toEqual([2, 4]);
    expect(tail.entries()).toHaveLength(3);
  });

  it('starts over when the file is replaced by a shorter one', async () => {
    const path = join(root, 'replaced.jsonl');
    const tail = tailTrainerLog(path);
    writeFileSync(path, `${LINES[0]}\n${LINES[1]}\n`);
    await tail.read();
    writeFileSync(path, `${LINES[2]}\n`);
    expect((await tail.read()).map((entry) => entry.current_steps)).toEqual([4]);
  });
});

describe('a diverged run in trainer_log.jsonl', () => {
  it('keeps the NaN and infinite losses Python writes bare', () => {
    const text =
      '{"current_steps": 1, "total_steps": 3, "loss": 2.5}\n{"current_steps": 2, "total_steps": 3, "loss": NaN, "lr": 1e-4}\n{"current_steps": 3, "total_steps": 3, "loss": Infinity}\n';
    const curve = lossCurveOf(parseTrainerLog(text));
    expect(curve.map((point) => point.step)).toEqual([1, 2, 3]);
    expect(Number.isNaN(curve[1]!.loss)).toBe(true);
    expect(curve[2]!.loss).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('lastTrainerProgress', () => {
  it('reads the last step, the last logged loss and the ETA; null before the first line', () => {
    const text =
      '{"current_steps": 1, "total_steps": 4, "loss": 2.5, "remaining_time": "0:00:30"}\n{"current_steps": 2, "total_steps": 4, "loss": 2.1, "remaining_time": "0:00:20"}\n{"current_steps": 4, "total_steps": 4, "remaining_time": "0:00:00"}\n{"current_steps": 5';
    expect(lastTrainerProgress(text)).toEqual({ step: 4, totalSteps: 4, loss: 2.1, remainingSeconds: 0 });
    expect(lastTrainerProgress('')).toBeNull();
  });
});
