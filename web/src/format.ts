/** Number and time formatting shared by every page (tests read these exact forms). */

const DASH = '—';

/** A metric value or a loss: exactly three decimals; null (or not finite) as a dash. */
export function fmt3(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value.toFixed(3);
}

/** A difference: three decimals, `+` when positive: `+0.040`, `-0.040`, `0.000`. */
export function fmtDelta(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${value > 0 ? '+' : ''}${value.toFixed(3)}`;
}

export function fmtInterval(interval: { low: number; high: number } | null | undefined): string {
  if (!interval) return '';
  return `[${fmt3(interval.low)}, ${fmt3(interval.high)}]`;
}

/** `45 s` under a minute, else `12.3 min`. */
export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}

export function fmtCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** A change in a count: `+12`, `-3`, `0`. */
export function fmtCountDelta(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${value > 0 ? '+' : ''}${fmtCount(value)}`;
}

export function fmtPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return DASH;
  return `${(share * 100).toFixed(1)}%`;
}

/** A timestamp as local `YYYY-MM-DD HH:MM`. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A JSON value of a config or a strategy, on one line. */
export function fmtJson(value: unknown): string {
  if (value === null || value === undefined) return DASH;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
