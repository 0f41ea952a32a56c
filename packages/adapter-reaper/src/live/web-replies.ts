import { TapeopError } from '@tapeop/core';

// Parsers for the replies of REAPER's web interface: one line per result, fields separated by
// tabs (ReaTeam "Web Interface Modding", from REAPER's main.js). Every parser checks the shape
// and names the line it could not read.

export type ReplyLine = string[];

/** Splits a reply body into lines of fields. */
export function splitReply(body: string): ReplyLine[] {
  return body
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** Undoes REAPER's escaping of strings in replies: \\n, \\t and \\\\. */
export function unescapeReplyString(value: string): string {
  return value.replace(/\\([\\nt])/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : '\\',
  );
}

export function malformed(
  what: string,
  line: ReplyLine | undefined,
  expected: string,
): TapeopError {
  const shown = line ? line.join('\\t') : '(nothing)';
  return new TapeopError(
    'PARSE_ERROR',
    `REAPER's web interface answered ${what} with "${shown.slice(0, 200)}"; expected ${expected}`,
    {
      details: { what, line: shown.slice(0, 1000) },
      hint: "Check that the host and port are those of REAPER's web interface (Preferences > Control/OSC/web), not another server.",
    },
  );
}

function num(line: ReplyLine, index: number, what: string, expected: string): number {
  const value = Number(line[index]);
  if (line[index] === undefined || line[index] === '' || !Number.isFinite(value))
    throw malformed(what, line, expected);
  return value;
}

export interface TransportReply {
  /** 0 stopped, 1 playing, 2 paused, 5 recording, 6 recording paused. */
  playstate: number;
  positionSec: number;
  repeat: boolean;
  positionText: string;
  positionBeats: string;
}

export function parseTransport(line: ReplyLine | undefined): TransportReply {
  const expected = 'TRANSPORT, playstate, position, repeat, position text, beats';
  if (line?.[0] !== 'TRANSPORT' || line.length < 4) throw malformed('TRANSPORT', line, expected);
  return {
    playstate: num(line, 1, 'TRANSPORT', expected),
    positionSec: num(line, 2, 'TRANSPORT', expected),
    repeat: num(line, 3, 'TRANSPORT', expected) !== 0,
    positionText: line[4] ?? '',
    positionBeats: line[5] ?? '',
  };
}

export interface TrackReply {
  /** 0 is the master, 1 the first track. */
  index: number;
  name: string;
  flags: number;
  muted: boolean;
  soloed: boolean;
  selected: boolean;
  hasFx: boolean;
  /** Linear: 1 is 0 dB. */
  volume: number;
  pan: number;
  width: number;
  color: number;
}

export function parseTrack(line: ReplyLine | undefined): TrackReply {
  const expected = 'TRACK, index, name, flags, volume, pan, ...';
  if (line?.[0] !== 'TRACK' || line.length < 6) throw malformed('TRACK', line, expected);
  const flags = num(line, 3, 'TRACK', expected);
  return {
    index: num(line, 1, 'TRACK', expected),
    name: line[2] ?? '',
    flags,
    selected: (flags & 2) !== 0,
    hasFx: (flags & 4) !== 0,
    muted: (flags & 8) !== 0,
    soloed: (flags & (16 | 32)) !== 0,
    volume: num(line, 4, 'TRACK', expected),
    pan: num(line, 5, 'TRACK', expected),
    width: line[8] !== undefined && line[8] !== '' ? num(line, 8, 'TRACK', expected) : 1,
    color: line[13] ? Number(line[13]) || 0 : 0,
  };
}

export interface MarkerReply {
  isRegion: boolean;
  name: string;
  /** The displayed number. */
  number: number;
  pos: number;
  end?: number;
  color: number;
}

/** Reads a MARKER_LIST ... MARKER_LIST_END or REGION_LIST ... REGION_LIST_END block. */
export function parseMarkerList(lines: ReplyLine[], kind: 'MARKER' | 'REGION'): MarkerReply[] {
  const start = lines.findIndex((l) => l[0] === `${kind}_LIST`);
  if (start < 0) throw malformed(kind, lines[0], `${kind}_LIST`);
  const out: MarkerReply[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line[0] === `${kind}_LIST_END`) return out;
    const expected =
      kind === 'MARKER'
        ? 'MARKER, name, ID, position[, color]'
        : 'REGION, name, ID, start, end[, color]';
    if (line[0] !== kind) throw malformed(kind, line, expected);
    const isRegion = kind === 'REGION';
    out.push({
      isRegion,
      name: line[1] ?? '',
      number: num(line, 2, kind, expected),
      pos: num(line, 3, kind, expected),
      ...(isRegion ? { end: num(line, 4, kind, expected) } : {}),
      color: Number(line[isRegion ? 5 : 4] ?? 0) || 0,
    });
  }
  throw malformed(kind, lines[lines.length - 1], `${kind}_LIST_END at the end of the list`);
}

/** Reads "EXTSTATE, section, key, value" (or PROJEXTSTATE) and unescapes the value. */
export function parseExtState(
  line: ReplyLine | undefined,
  kind: 'EXTSTATE' | 'PROJEXTSTATE' = 'EXTSTATE',
): { section: string; key: string; value: string } {
  if (!line || line[0] !== kind || line.length < 3)
    throw malformed(`GET/${kind}`, line, `${kind}, section, key, value`);
  // A value never holds a raw tab (REAPER escapes it), but be lenient with a trailing one.
  return { section: line[1]!, key: line[2]!, value: unescapeReplyString(line.slice(3).join('\t')) };
}
