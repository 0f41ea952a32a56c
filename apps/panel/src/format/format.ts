// How the panel prints times, levels and dates. Figures and MM:SS:FF times come from the hub
// already computed; these only lay numbers out for reading.

const pad = (value: number) => String(value).padStart(2, '0');

/** A play position for people: `1:23.4`, `1:02:03.4` (tenths, never negative). */
export function formatPosition(seconds: number): string {
  const tenths = Math.max(0, Math.floor(seconds * 10 + 1e-6));
  const s = Math.floor(tenths / 10);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = `${pad(s % 60)}.${tenths % 10}`;
  return h > 0 ? `${h}:${pad(m)}:${rest}` : `${m}:${rest}`;
}

/** A length for people: `4:05`, or `0:02.5` when it has a fraction worth showing. */
export function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds * 10) / 10;
  if (Number.isInteger(whole)) {
    const s = Math.max(0, whole);
    return `${Math.floor(s / 60)}:${pad(s % 60)}`;
  }
  return formatPosition(whole);
}

/** `2 s`, `2.5 s`, `0.25 s`: a gap or crossfade. */
export function formatGap(seconds: number): string {
  return `${Number(seconds.toFixed(3))} s`;
}

const MINUS = '\u2212';

/** A level with its unit, `−14.2 LUFS`; `n/a` when the figure is missing (silence). */
export function formatLevel(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (value === Number.NEGATIVE_INFINITY) return `${MINUS}∞ ${unit}`;
  const text = Math.abs(value).toFixed(1);
  return `${value < 0 && Number(text) !== 0 ? MINUS : ''}${text} ${unit}`;
}

/** A local date and time, `24 Nov 2026, 09:14`. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A local clock time with seconds, `09:14:03`. */
export function formatClockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** `just now`, `5 s ago`, `3 min ago`. */
export function formatAge(ms: number): string {
  if (ms < 1500) return 'just now';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s ago`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  return `${Math.round(ms / 3_600_000)} h ago`;
}

/** `1 song`, `2 songs`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Bytes for people: `12.3 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
