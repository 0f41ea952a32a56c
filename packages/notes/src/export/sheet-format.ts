import {
  formatDb,
  formatTimecode,
  MINUS,
  type Note,
  type ParamState,
  type Session,
} from '@tapeop/core';

/** Formats ISO times as people read them: `2026-11-20 17:30`, in one stated time zone. */
export function timeFormatter(timeZone: string | undefined): {
  zone: string;
  format: (iso: string) => string;
} {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return {
    zone,
    format(iso) {
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return iso;
      const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    },
  };
}

/** Pan for people: `C`, `30% L`, `100% R`. */
export function formatPan(pan: number): string {
  const percent = Math.round(Math.abs(pan) * 100);
  if (percent === 0) return 'C';
  return `${percent}% ${pan < 0 ? 'L' : 'R'}`;
}

/** A parameter as the plug-in shows it, or its normalized value when it showed nothing. */
export function formatParam(param: ParamState): string {
  if (param.formatted !== undefined && param.formatted.trim() !== '') {
    const text = param.formatted.trim().replace(/^-(?=\d)/, MINUS);
    if (param.unit && !text.toLowerCase().includes(param.unit.toLowerCase())) {
      return `${text} ${param.unit}`;
    }
    return text;
  }
  return `${param.normalized.toFixed(3)} (normalized)`;
}

export function formatFader(volumeDb: number | null): string {
  return formatDb(volumeDb, { digits: 1 });
}

/** Where a note points, in words: `Headlights`, `Headlights @ 00:01:40.000`, `marker m-1`. */
export function scopeLabel(note: Note, session: Session): string {
  const { scope } = note;
  const song = scope.songId ? songTitle(session, scope.songId) : undefined;
  switch (scope.kind) {
    case 'session':
      return 'Session';
    case 'song':
      return song ?? 'Song';
    case 'position': {
      const at =
        scope.positionSamples !== undefined && scope.sampleRate
          ? formatTimecode(scope.positionSamples / scope.sampleRate)
          : '?';
      return song ? `${song} @ ${at}` : `@ ${at}`;
    }
    case 'marker':
      return song ? `${song}, marker ${scope.markerId}` : `Marker ${scope.markerId}`;
    case 'snapshot':
      return `Snapshot ${scope.snapshotId}`;
    default:
      return 'Session';
  }
}

export function songTitle(session: Session, songId: string): string {
  return session.songs.find((s) => s.id === songId)?.title ?? songId;
}

/** Known QC figures (the names @tapeop/audio reports), with labels and units. */
const QC_FIGURES: Record<string, { label: string; unit: string; digits: number }> = {
  integratedLufs: { label: 'Integrated', unit: 'LUFS', digits: 1 },
  truePeakDbtp: { label: 'True peak', unit: 'dBTP', digits: 1 },
  loudnessRangeLu: { label: 'LRA', unit: 'LU', digits: 1 },
  shortTermMaxLufs: { label: 'Short-term max', unit: 'LUFS', digits: 1 },
  momentaryMaxLufs: { label: 'Momentary max', unit: 'LUFS', digits: 1 },
  samplePeakDbfs: { label: 'Sample peak', unit: 'dBFS', digits: 1 },
  plrDb: { label: 'PLR', unit: 'dB', digits: 1 },
  dcOffset: { label: 'DC offset', unit: '', digits: 5 },
  headSilenceSec: { label: 'Head silence', unit: 's', digits: 2 },
  tailSilenceSec: { label: 'Tail silence', unit: 's', digits: 2 },
  correlation: { label: 'Correlation', unit: '', digits: 2 },
};

export interface QcFigure {
  key: string;
  label: string;
  value: string;
}

/**
 * The figures in a QC note's data, the known ones first in a fixed order and labelled with
 * units, then any other plain value as it is. Objects one level down (e.g. `{ analysis: {...} }`)
 * are looked into; lists are counted.
 */
export function qcFigures(data: unknown): QcFigure[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (!flat.has(inner) && typeof innerValue !== 'object') flat.set(inner, innerValue);
      }
    } else {
      flat.set(key, value);
    }
  }
  const figures: QcFigure[] = [];
  for (const [key, spec] of Object.entries(QC_FIGURES)) {
    const value = flat.get(key);
    if (value === undefined) continue;
    flat.delete(key);
    figures.push({ key, label: spec.label, value: formatFigure(value, spec.unit, spec.digits) });
  }
  for (const [key, value] of flat) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      figures.push({
        key,
        label: key,
        value: `${value.length} item${value.length === 1 ? '' : 's'}`,
      });
    } else if (typeof value !== 'object') {
      figures.push({ key, label: key, value: String(value) });
    }
  }
  return figures;
}

function formatFigure(value: unknown, unit: string, digits: number): string {
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return `${value < 0 ? `${MINUS}∞` : '∞'}${unit ? ` ${unit}` : ''}`;
  const text = value.toFixed(digits).replace(/^-/, MINUS);
  return unit ? `${text} ${unit}` : text;
}

/** Plain values of a note's data as `key: value` pairs (for delivery entries). */
export function dataFacts(data: unknown): Array<[string, string]> {
  if (typeof data !== 'object' || data === null) return [];
  const facts: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      const plain = value.every((v) => typeof v !== 'object');
      facts.push([key, plain ? value.join(', ') : `${value.length} items`]);
    } else if (typeof value === 'object') {
      facts.push([key, JSON.stringify(value)]);
    } else {
      facts.push([key, String(value)]);
    }
  }
  return facts;
}
