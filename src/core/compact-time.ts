/** `20260301-101500`: a UTC time for folder and run names (sorts as it reads). */
export function compactTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}
