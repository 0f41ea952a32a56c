import { formatDb, formatTimecode, type Marker, MINUS, type Session } from '@tapeop/core';
import type { FxRef, MarkerChangedChange, ParamValue, SnapshotChange, TrackRef } from './change.js';
import { CD_TEXT_FIELDS } from './diff-markers.js';

/** How `describeChange` names a track that plays a song of the session. */
export type SongLabelStyle = 'number' | 'title' | 'number-and-title';

export interface DescribeContext {
  /**
   * The session the snapshots belong to. With it, a track that plays a song (its `songId`) is
   * named after the song: see `songLabel`. Without it, tracks are named as the DAW names them.
   */
  session?: Session;
  /**
   * With a session: `'number'` (default) says `Song 3` (the song's place in the sequence),
   * `'title'` says `Headlights`, `'number-and-title'` says `Song 3 (Headlights)`. A song that is
   * not in the sequence is always named by its title.
   */
  songLabel?: SongLabelStyle;
  /** Names tracks your own way; wins over everything above. */
  trackLabel?: (track: TrackRef) => string;
}

const DOT = ' · ';
const ARROW = ' → ';

/**
 * One line in plain words, with units: `Song 3 · Pro-Q 3 · Band 2 Gain: +1.5 dB → +2.0 dB`,
 * `Song 1 · volume −0.5 dB → 0.0 dB`. The track comes first (see `trackLabel`), then the
 * plug-in, then what changed, before → after. Parameter values are the plug-in's own display
 * text when both snapshots captured it, the normalized 0..1 value otherwise. Figures get one
 * more digit when the usual rounding would print the same value on both sides.
 */
export function describeChange(change: SnapshotChange, context: DescribeContext = {}): string {
  switch (change.kind) {
    case 'marker-added':
      return `Marker added: ${markerLabel(change.marker)} at ${formatTime(change.marker.timeSamples, change.marker)}`;
    case 'marker-removed':
      return `Marker removed: ${markerLabel(change.marker)} (was at ${formatTime(change.marker.timeSamples, change.marker)})`;
    case 'marker-changed':
      return [markerLabel(change.after), ...describeMarkerFields(change)].join(DOT);
    default:
      break;
  }
  const track = trackLabel(change.track, context);
  switch (change.kind) {
    case 'track-added': {
      const count = change.state.fx.length;
      const chain = count === 0 ? '' : ` with ${count} plug-in${count === 1 ? '' : 's'}`;
      return `${track}${DOT}track added at position ${change.track.index + 1}${chain}`;
    }
    case 'track-removed':
      return `${track}${DOT}track removed (was at position ${change.track.index + 1})`;
    case 'track-renamed':
      return `${track}${DOT}renamed ${quote(change.before)}${ARROW}${quote(change.after)}`;
    case 'track-moved':
      return `${track}${DOT}moved from position ${change.before + 1} to ${change.after + 1}`;
    case 'volume': {
      const [before, after] = distinct(change.before, change.after, (v, digits) =>
        formatDb(v, { digits }),
      );
      return `${track}${DOT}volume ${before}${ARROW}${after}`;
    }
    case 'pan': {
      const [before, after] = distinct(change.before, change.after, formatPan);
      return `${track}${DOT}pan ${before}${ARROW}${after}`;
    }
    case 'width': {
      const [before, after] = distinct(change.before ?? null, change.after, formatWidth);
      return `${track}${DOT}width ${before}${ARROW}${after}`;
    }
    case 'switch':
      return `${track}${DOT}${SWITCH_WORDS[change.switch][change.after ? 0 : 1]}`;
    case 'fx-added':
      return `${track}${DOT}${fxName(change.fx)} added at slot ${change.fx.position + 1}${change.state.enabled ? '' : ' (bypassed)'}`;
    case 'fx-removed':
      return `${track}${DOT}${fxName(change.fx)} removed from slot ${change.fx.position + 1}`;
    case 'fx-replaced':
      return `${track}${DOT}slot ${change.fx.position + 1}: ${fxName(change.replaced)} replaced by ${fxName(change.fx)}`;
    case 'fx-moved':
      return `${track}${DOT}${fxName(change.fx)} moved from slot ${change.before + 1} to ${change.after + 1}`;
    case 'fx-renamed':
      return `${track}${DOT}plug-in ${quote(change.before)} renamed ${quote(change.after)}`;
    case 'fx-enabled':
      return `${track}${DOT}${fxName(change.fx)} ${change.after ? 'enabled' : 'bypassed'}`;
    case 'fx-offline':
      return `${track}${DOT}${fxName(change.fx)} ${change.after ? 'taken offline' : 'back online'}`;
    case 'fx-preset':
      return `${track}${DOT}${fxName(change.fx)}${DOT}preset ${presetName(change.before)}${ARROW}${presetName(change.after)}`;
    case 'fx-version':
      return `${track}${DOT}${fxName(change.fx)}${DOT}version ${change.before ?? 'unknown'}${ARROW}${change.after ?? 'unknown'}`;
    case 'param':
    case 'param-added':
    case 'param-removed': {
      const [before, after] = paramValues(change.before, change.after, change.param.unit);
      const name = change.param.name || `Parameter ${change.param.index}`;
      return `${track}${DOT}${fxName(change.fx)}${DOT}${name}: ${before}${ARROW}${after}`;
    }
    case 'fx-state': {
      const what =
        change.before === undefined
          ? 'plug-in state captured (it was not before)'
          : change.after === undefined
            ? 'plug-in state no longer captured'
            : 'plug-in state changed';
      return `${track}${DOT}${fxName(change.fx)}${DOT}${what}`;
    }
  }
}

/**
 * The name `describeChange` gives a track: your `trackLabel`, else `Master` for the master bus,
 * else (with a session) the song the track plays, else the track's own name, else its position.
 */
export function trackLabel(track: TrackRef, context: DescribeContext = {}): string {
  if (context.trackLabel) return context.trackLabel(track);
  if (track.scope === 'master') return 'Master';
  if (context.session && track.songId !== undefined) {
    const song = songLookup(context.session).get(track.songId);
    if (song) {
      const style = context.songLabel ?? 'number';
      if (song.number === undefined || style === 'title') return song.title;
      if (style === 'number') return `Song ${song.number}`;
      return `Song ${song.number} (${song.title})`;
    }
  }
  return track.name.trim() || `Track ${track.index + 1}`;
}

const lookups = new WeakMap<Session, Map<string, { title: string; number?: number }>>();

function songLookup(session: Session): Map<string, { title: string; number?: number }> {
  let lookup = lookups.get(session);
  if (lookup) return lookup;
  lookup = new Map();
  const numbers = new Map<string, number>();
  session.sequence.entries.forEach((entry, n) => {
    if (!numbers.has(entry.songId)) numbers.set(entry.songId, n + 1);
  });
  for (const song of session.songs) {
    const number = numbers.get(song.id);
    lookup.set(song.id, { title: song.title, ...(number !== undefined && { number }) });
  }
  lookups.set(session, lookup);
  return lookup;
}

const SWITCH_WORDS = {
  mute: ['muted', 'unmuted'],
  solo: ['soloed', 'solo off'],
  phaseInvert: ['polarity inverted', 'polarity normal'],
} as const;

function fxName(fx: FxRef): string {
  return fx.name.trim() || fx.plugin.id;
}

function quote(text: string): string {
  return `"${text}"`;
}

function presetName(preset: string | undefined): string {
  return preset === undefined ? '(none)' : quote(preset);
}

/**
 * Formats two values with the fewest digits (from 1, at most 4 more) that print them
 * differently, so a change never reads as "−0.5 dB → −0.5 dB".
 */
function distinct<T>(
  before: T,
  after: T,
  format: (value: T, digits: number) => string,
  digits = 1,
): [string, string] {
  for (let d = digits; d < digits + 4; d++) {
    const pair: [string, string] = [format(before, d), format(after, d)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [format(before, digits + 4), format(after, digits + 4)];
}

function formatPan(pan: number, digits: number): string {
  const percent = Math.abs(pan * 100).toFixed(digits - 1);
  if (Number(percent) === 0) return 'center';
  return `${percent}% ${pan < 0 ? 'L' : 'R'}`;
}

function formatWidth(width: number | null, digits: number): string {
  if (width === null) return 'not captured';
  const percent = (width * 100).toFixed(digits - 1);
  return `${Number(percent) < 0 ? MINUS : ''}${percent.replace('-', '')}%`;
}

function paramValues(
  before: ParamValue | undefined,
  after: ParamValue | undefined,
  unit: string | undefined,
): [string, string] {
  const useDisplay =
    (before === undefined || before.formatted !== undefined) &&
    (after === undefined || after.formatted !== undefined);
  if (useDisplay) {
    const b = before?.formatted === undefined ? 'not captured' : display(before.formatted, unit);
    const a = after?.formatted === undefined ? 'not captured' : display(after.formatted, unit);
    if (b !== a || before === undefined || after === undefined) return [b, a];
  }
  // The plug-in shows no text (or the same text on both sides): show the normalized values.
  return distinct(before?.normalized ?? null, after?.normalized ?? null, formatNormalized, 3);
}

function formatNormalized(value: number | null, digits: number): string {
  return value === null ? 'not captured' : value.toFixed(digits);
}

const LEADING_HYPHEN = /^-(?=\s*(\d|\.\d|∞|inf))/i;

/** The plug-in's own text, with the minus sign people read and the unit when it is missing. */
function display(formatted: string, unit: string | undefined): string {
  const text = formatted.trim().replace(LEADING_HYPHEN, MINUS);
  if (!unit || text.toLowerCase().includes(unit.trim().toLowerCase())) return text;
  return unit.trim() === '%' ? `${text}%` : `${text} ${unit.trim()}`;
}

function markerLabel(marker: Marker): string {
  const title = marker.cdText?.title ?? (marker.kind === 'cd-track' ? undefined : marker.name);
  const named = title ? ` ${quote(title)}` : '';
  const track = marker.trackNumber === undefined ? '' : ` ${marker.trackNumber}`;
  switch (marker.kind) {
    case 'cd-track':
      return `CD track${track}${named}`;
    case 'cd-index':
      return `Index ${marker.indexNumber ?? '?'} of CD track${track}`;
    case 'cd-pregap':
      return `Pause before CD track${track}`;
    case 'album':
      return 'Album marker';
    case 'region':
      return `Region${named}`;
    default:
      return `Marker${named}`;
  }
}

function formatTime(samples: number, marker: Marker): string {
  return formatTimecode(samples / marker.sampleRate);
}

function describeMarkerFields(change: MarkerChangedChange): string[] {
  const { before: a, after: b } = change;
  const parts: string[] = [];
  const text = (value: string | number | undefined) =>
    value === undefined ? '(none)' : typeof value === 'number' ? String(value) : quote(value);
  const time = (samples: number | undefined, marker: Marker) =>
    samples === undefined ? '(none)' : formatTime(samples, marker);
  for (const field of change.fields) {
    switch (field) {
      case 'time':
        parts.push(`start ${time(a.timeSamples, a)}${ARROW}${time(b.timeSamples, b)}`);
        break;
      case 'end':
        parts.push(`end ${time(a.endSamples, a)}${ARROW}${time(b.endSamples, b)}`);
        break;
      case 'name':
        parts.push(`name ${text(a.name)}${ARROW}${text(b.name)}`);
        break;
      case 'kind':
        parts.push(`kind ${a.kind}${ARROW}${b.kind}`);
        break;
      case 'songId':
        parts.push(`song ${text(a.songId)}${ARROW}${text(b.songId)}`);
        break;
      case 'trackNumber':
        parts.push(`track number ${text(a.trackNumber)}${ARROW}${text(b.trackNumber)}`);
        break;
      case 'indexNumber':
        parts.push(`index ${text(a.indexNumber)}${ARROW}${text(b.indexNumber)}`);
        break;
      case 'isrc':
        parts.push(`ISRC ${a.isrc ?? '(none)'}${ARROW}${b.isrc ?? '(none)'}`);
        break;
      case 'upc':
        parts.push(`UPC/EAN ${a.upc ?? '(none)'}${ARROW}${b.upc ?? '(none)'}`);
        break;
      case 'cdText':
        for (const key of CD_TEXT_FIELDS) {
          const x = a.cdText?.[key];
          const y = b.cdText?.[key];
          if (x !== y) parts.push(`CD-Text ${key} ${text(x)}${ARROW}${text(y)}`);
        }
        break;
    }
  }
  return parts;
}
