import {
  type CdText,
  type DawMarkerIdentity,
  type Marker,
  parseEan,
  parseIsrc,
  TapeopError,
} from '@tapeop/core';
import { CREDIT_FIELDS } from './cd-text.js';
import { cdTextLanguage } from './cd-text-languages.js';

// REAPER reads CD metadata from project marker names (its DDP help, reaper.md §4):
//   @ album metadata, ! index 0 of the next track, # track start (index 1) with metadata.
// Metadata is KEY=VALUE|KEY=VALUE, keys case-insensitive, a value without a key is the title.
// REAPER has no index 2-99: tapeop names index marks "INDEX nn name", which REAPER's render
// ignores and tapeop's own DDP/CUE writers read.

type CdTextField = keyof CdText;

const ALBUM_KEYS: Record<string, CdTextField | 'upc' | 'identification'> = {
  CATALOG: 'upc',
  EAN: 'upc',
  UPC: 'upc',
  ALBUM: 'title',
  TITLE: 'title',
  PERFORMER: 'performer',
  SONGWRITER: 'songwriter',
  COMPOSER: 'composer',
  ARRANGER: 'arranger',
  MESSAGE: 'message',
  IDENTIFICATION: 'identification',
  GENRE: 'genre',
  LANGUAGE: 'language',
};

const TRACK_KEYS: Record<string, CdTextField | 'isrc'> = {
  ISRC: 'isrc',
  TITLE: 'title',
  PERFORMER: 'performer',
  SONGWRITER: 'songwriter',
  COMPOSER: 'composer',
  ARRANGER: 'arranger',
  MESSAGE: 'message',
};

/** The order tapeop writes keys in, so that a rewrite of unchanged metadata gives the same name. */
const TRACK_ORDER = [
  'title',
  'performer',
  'songwriter',
  'composer',
  'arranger',
  'message',
] as const;
const ALBUM_ORDER = ['performer', 'songwriter', 'composer', 'arranger', 'message'] as const;

const INDEX_NAME = /^index\s*0*(\d{1,3})\b\s*[:\-–|]?\s*(.*)$/is;

export interface RenderedReaperName {
  name: string;
  /** What could not be written as it is, in plain sentences. */
  warnings: string[];
}

/**
 * The name REAPER needs for one of tapeop's markers: `#TITLE=...|PERFORMER=...|ISRC=...` for a
 * track, `!` for a pause, `@Album title|PERFORMER=...|EAN=...|GENRE=...|LANGUAGE=...` for the
 * album, `INDEX 02 name` for an index mark, and the plain name for regions and other markers.
 * REAPER has no escape for '|', so a '|' inside a value becomes '/' (and line breaks become
 * spaces), with a warning.
 */
export function renderReaperMarkerName(marker: Marker): RenderedReaperName {
  const warnings: string[] = [];
  const clean = (key: string, value: string) => cleanValue(key, value, warnings);
  switch (marker.kind) {
    case 'cd-pregap':
      return { name: '!', warnings };
    case 'cd-track': {
      const text = marker.cdText ?? {};
      const fields: string[] = [];
      const title = text.title ?? marker.name;
      for (const field of TRACK_ORDER) {
        const value = field === 'title' ? title : text[field];
        if (value?.trim())
          fields.push(`${field.toUpperCase()}=${clean(field.toUpperCase(), value)}`);
      }
      if (marker.isrc) fields.push(`ISRC=${marker.isrc}`);
      return { name: `#${fields.join('|')}`, warnings };
    }
    case 'cd-index': {
      if (marker.indexNumber === undefined || marker.indexNumber < 2 || marker.indexNumber > 99) {
        throw new TapeopError(
          'INVALID_ARGUMENT',
          `cd-index marker ${marker.id ?? `at ${marker.timeSamples} samples`} has index number ${marker.indexNumber}; index marks are numbered 2 to 99`,
        );
      }
      const label = marker.name?.trim() ? ` ${clean('name', marker.name)}` : '';
      return { name: `INDEX ${String(marker.indexNumber).padStart(2, '0')}${label}`, warnings };
    }
    case 'album': {
      const text = marker.cdText ?? {};
      const fields: string[] = [];
      const title = text.title ?? marker.name;
      if (title?.trim()) {
        const value = clean('TITLE', title);
        // a bare title holding '=' would read back as a key
        fields.push(value.includes('=') ? `ALBUM=${value}` : value);
      }
      for (const field of ALBUM_ORDER) {
        const value = text[field];
        if (value?.trim())
          fields.push(`${field.toUpperCase()}=${clean(field.toUpperCase(), value)}`);
      }
      if (marker.upc) fields.push(`EAN=${marker.upc}`);
      if (text.genre?.trim()) fields.push(`GENRE=${clean('GENRE', text.genre)}`);
      if (text.language?.trim()) {
        const language = cdTextLanguage(text.language);
        if (language) fields.push(`LANGUAGE=${language}`);
        else {
          warnings.push(
            `LANGUAGE: "${text.language}" is not a CD-Text language REAPER knows, so it is left out`,
          );
        }
      }
      return { name: `@${fields.join('|')}`, warnings };
    }
    default: {
      const name = marker.name ?? '';
      if (/^\s*[#!@]/.test(name)) {
        warnings.push(
          `"${name}" starts with ${name.trim()[0]}, so REAPER reads this ${marker.kind} marker as CD metadata`,
        );
      }
      return { name, warnings };
    }
  }
}

function cleanValue(key: string, value: string, warnings: string[]): string {
  let text = value.trim();
  if (text.includes('|')) {
    warnings.push(`${key}: '|' separates REAPER's fields, so it is written as '/' in "${text}"`);
    text = text.replaceAll('|', '/');
  }
  if (/[\r\n\t]/.test(text)) {
    warnings.push(`${key}: line breaks and tabs are written as spaces in "${text}"`);
    text = text.replace(/[\r\n\t]+/g, ' ');
  }
  return text;
}

/** What a REAPER marker name says, read as REAPER reads it and tolerant of what people type. */
export interface ReaperMarkerName {
  kind: 'album' | 'cd-track' | 'cd-pregap' | 'cd-index' | 'generic';
  /** CD-Text read from the name (the title, credits, message; genre and language on the album). */
  cdText: CdText;
  isrc?: string;
  upc?: string;
  /** The album's IDENTIFICATION (CD-Text disc id). */
  identification?: string;
  /** Index number of an `INDEX nn` mark. */
  indexNumber?: number;
  /** The name of an index mark, or the whole name of a marker that carries no CD metadata. */
  label?: string;
  /** Keys REAPER does not know, upper-cased, with their values. */
  unknownKeys: Record<string, string>;
  /** What was wrong or ignored, one plain sentence each. */
  problems: string[];
}

/**
 * Reads a REAPER marker name back: case-insensitive keys, spaces around keys, values and '|',
 * a bare '#', empty fields, ISRCs typed with hyphens or in lower case, 12-digit UPCs. Nothing
 * typed is ever an exception: what cannot be used is left out and said in `problems`.
 */
export function parseReaperMarkerName(name: string): ReaperMarkerName {
  const trimmed = name.trim();
  const result: ReaperMarkerName = { kind: 'generic', cdText: {}, unknownKeys: {}, problems: [] };
  const prefix = trimmed[0];
  if (prefix === '!') {
    result.kind = 'cd-pregap';
    if (trimmed.slice(1).trim()) {
      result.problems.push(
        `"${trimmed}": REAPER ignores text after '!' (a pause marker only gives index 0's position)`,
      );
    }
    return result;
  }
  if (prefix === '#' || prefix === '@') {
    result.kind = prefix === '#' ? 'cd-track' : 'album';
    readFields(trimmed.slice(1), result);
    return result;
  }
  const index = INDEX_NAME.exec(trimmed);
  if (index) {
    const number = Number(index[1]);
    if (number >= 2 && number <= 99) {
      result.kind = 'cd-index';
      result.indexNumber = number;
      const label = index[2]!.trim();
      if (label) result.label = label;
      return result;
    }
    result.problems.push(
      `"${trimmed}" looks like an index mark, but ${number} is not an index number from 2 to 99 (index 0 is a '!' marker, index 1 a '#' marker)`,
    );
  }
  if (trimmed) result.label = name;
  return result;
}

function readFields(body: string, result: ReaperMarkerName): void {
  const isAlbum = result.kind === 'album';
  const where = isAlbum ? 'the album (@) marker' : 'a track (#) marker';
  const seen = new Set<string>();
  for (const rawField of body.split('|')) {
    const field = rawField.trim();
    if (!field) continue;
    const equals = field.indexOf('=');
    let key: string;
    let value: string;
    if (equals === -1) {
      if (result.cdText.title !== undefined) {
        result.problems.push(
          `"${field}" has no key and the title is already "${result.cdText.title}"; write KEY=VALUE (e.g. MESSAGE=${field})`,
        );
        continue;
      }
      key = 'TITLE';
      value = field;
    } else {
      key = field.slice(0, equals).trim().toUpperCase();
      value = field.slice(equals + 1).trim();
      if (!key) {
        result.problems.push(`"${field}" has an '=' but no key before it; it is ignored`);
        continue;
      }
    }
    if (!value) continue;
    const target = isAlbum ? ALBUM_KEYS[key] : TRACK_KEYS[key];
    if (!target) {
      const other = isAlbum ? TRACK_KEYS[key] : ALBUM_KEYS[key];
      if (other) {
        result.problems.push(
          `REAPER does not read ${key} on ${where}; it belongs on ${isAlbum ? 'a track (#)' : 'the album (@)'} marker`,
        );
      } else {
        result.unknownKeys[key] = value;
        result.problems.push(`${key} is not a key REAPER knows on ${where}; it is ignored`);
      }
      continue;
    }
    if (seen.has(target)) {
      result.problems.push(
        `${key} is given twice on ${where}; the last value, "${value}", is used`,
      );
    }
    seen.add(target);
    if (target === 'isrc') {
      const isrc = parseIsrc(value);
      if (isrc.ok) result.isrc = isrc.isrc;
      else {
        delete result.isrc;
        result.problems.push(`ISRC "${value}" ${isrc.reason}`);
      }
    } else if (target === 'upc') {
      const ean = parseEan(value);
      if (ean.ok) result.upc = ean.ean;
      else {
        delete result.upc;
        result.problems.push(`${key} "${value}" ${ean.reason}`);
      }
    } else if (target === 'identification') {
      result.identification = value;
    } else if (target === 'language') {
      const language = cdTextLanguage(value);
      if (language) result.cdText.language = language;
      else {
        result.problems.push(
          `LANGUAGE "${value}" is not one of the CD-Text languages REAPER accepts (e.g. English, German, French)`,
        );
      }
    } else {
      result.cdText[target] = value;
    }
  }
}

/** What a DAW reports about one marker, for `markerFromReaperName`. */
export interface ReaperMarkerInput {
  name: string;
  timeSamples: number;
  sampleRate: number;
  /** Set for a region: where it ends. */
  endSamples?: number;
  /** The marker's GUID and displayed number, when the adapter knows them. */
  guid?: string;
  number?: number;
}

/**
 * A Marker.1 document from a REAPER marker or region: regions become `region` markers named as
 * in REAPER; markers become cd-pregap, cd-track, cd-index, album or generic markers by their
 * name. `name` keeps what REAPER shows; the parsed metadata goes to the structured fields.
 */
export function markerFromReaperName(input: ReaperMarkerInput): {
  marker: Marker;
  problems: string[];
} {
  const base = {
    schema: 'Marker.1' as const,
    timeSamples: input.timeSamples,
    sampleRate: input.sampleRate,
    name: input.name,
  };
  const daw: DawMarkerIdentity | undefined =
    input.guid !== undefined || input.number !== undefined
      ? {
          daw: 'reaper',
          ...(input.guid === undefined ? {} : { guid: input.guid }),
          ...(input.number === undefined ? {} : { number: input.number }),
        }
      : undefined;
  if (input.endSamples !== undefined) {
    return {
      marker: { ...base, kind: 'region', endSamples: input.endSamples, ...(daw ? { daw } : {}) },
      problems: [],
    };
  }
  const parsed = parseReaperMarkerName(input.name);
  const marker: Marker = { ...base, kind: parsed.kind, ...(daw ? { daw } : {}) };
  if (parsed.kind === 'cd-pregap') marker.indexNumber = 0;
  if (parsed.kind === 'cd-track') marker.indexNumber = 1;
  if (parsed.kind === 'cd-index') {
    marker.indexNumber = parsed.indexNumber!;
    if (parsed.label) marker.name = parsed.label;
    else delete marker.name;
  }
  if (Object.keys(parsed.cdText).length > 0) marker.cdText = parsed.cdText;
  if (parsed.isrc) marker.isrc = parsed.isrc;
  if (parsed.upc) marker.upc = parsed.upc;
  return { marker, problems: parsed.problems };
}

/**
 * REAPER writes a track's PERFORMER, SONGWRITER, COMPOSER or ARRANGER only when the album (@)
 * marker has that key too: one sentence per credit that tracks have and the album lacks.
 */
export function reaperAlbumCreditProblems(markers: Marker[]): string[] {
  const album = markers.filter((m) => m.kind === 'album').at(-1);
  const problems: string[] = [];
  for (const field of CREDIT_FIELDS) {
    if (album?.cdText?.[field]) continue;
    const tracks = markers.filter((m) => m.kind === 'cd-track' && m.cdText?.[field]);
    if (tracks.length === 0) continue;
    const names = tracks.map((m) => `"${m.cdText?.title ?? m.name ?? '#'}"`).join(', ');
    problems.push(
      `${tracks.length === 1 ? 'Track' : 'Tracks'} ${names} ${tracks.length === 1 ? 'has' : 'have'} ${field.toUpperCase()} but the album (@) marker does not; REAPER writes a track's ${field.toUpperCase()} only when the album marker has one too (e.g. ${field.toUpperCase()}=Various)`,
    );
  }
  return problems;
}
