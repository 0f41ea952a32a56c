import { convertSampleRate, isIsrc, type Marker } from '@tapeop/core';
import { type ArdourLocation, isMachinery, isRange } from './ardour-location.js';

/**
 * What tapeop remembers about a marker it wrote: Ardour 7.3 keeps a location's name, position,
 * flags and (in the session file only) CD fields, but not tapeop's identity, kind or CD-Text,
 * and its Lua API cannot even read a location's id. So tapeop writes a sidecar next to the
 * session and recognises its own markers by name and type; positions always come from Ardour,
 * so a marker the engineer moved in Ardour reads back where it now is.
 */
export interface WrittenMarker {
  /** The Ardour location name tapeop gave it. */
  name: string;
  range: boolean;
  /** Where tapeop put it, in samples at `marker.sampleRate` (to tell same-named markers apart). */
  timeSamples: number;
  marker: Marker;
}

/** The Ardour location name for a tapeop marker; unique names are made by `planLocations`. */
export function ardourMarkerName(marker: Marker): string {
  const title = marker.cdText?.title?.trim();
  const name = marker.name?.trim();
  switch (marker.kind) {
    case 'cd-track':
      return title || name || `Track ${marker.trackNumber ?? ''}`.trim();
    case 'region':
      return name || title || marker.songId || 'Song';
    case 'cd-index':
      return name || `Index ${marker.indexNumber ?? ''}`.trim();
    case 'cd-pregap':
      return name || (title ? `${title} (pause)` : 'Pause');
    case 'album':
      return name || title || 'Album';
    default:
      return name || marker.kind;
  }
}

export interface PlannedLocation {
  name: string;
  range: boolean;
  /** Whether Ardour should treat it as a CD marker (track start for its CUE/TOC export). */
  cd: boolean;
  startSamples: number;
  endSamples: number;
  cdInfo: Record<string, string>;
  marker: Marker;
}

export interface PlanLocationsOptions {
  /** The session's sample rate; marker positions are converted to it. */
  sampleRate: number;
  /** Names already taken by the user's own markers, which tapeop never reuses. */
  takenNames?: Iterable<string>;
}

/** Turns tapeop markers into Ardour locations with unique names. */
export function planLocations(
  markers: Marker[],
  options: PlanLocationsOptions,
): { locations: PlannedLocation[]; warnings: string[] } {
  const warnings: string[] = [];
  const taken = new Set(options.takenNames ?? []);
  const locations: PlannedLocation[] = [];
  for (const marker of markers) {
    const range = marker.kind === 'region' || marker.endSamples !== undefined;
    const start = convertSampleRate(marker.timeSamples, marker.sampleRate, options.sampleRate);
    const end =
      range && marker.endSamples !== undefined
        ? convertSampleRate(marker.endSamples, marker.sampleRate, options.sampleRate)
        : start;
    const base = ardourMarkerName(marker);
    let name = base;
    for (let n = 2; taken.has(`${range ? 'r' : 'm'}:${name}`); n++) name = `${base} (${n})`;
    taken.add(`${range ? 'r' : 'm'}:${name}`);
    // Ardour refuses a CD marker at the very start of the session (its CUE export needs the
    // session start before the first track), so such a marker is written as a plain one.
    let cd = marker.kind === 'cd-track';
    if (cd && start === 0) {
      cd = false;
      warnings.push(
        `CD track marker "${name}" is at 0:00, where Ardour allows no CD marker; it was written as a plain marker`,
      );
    }
    const cdInfo: Record<string, string> = {};
    if (cd) {
      if (marker.isrc) cdInfo.isrc = marker.isrc;
      if (marker.cdText?.performer) cdInfo.performer = marker.cdText.performer;
      // Ardour's CUE export writes its "composer" field as SONGWRITER.
      const songwriter = marker.cdText?.songwriter ?? marker.cdText?.composer;
      if (songwriter) cdInfo.composer = songwriter;
    }
    locations.push({ name, range, cd, startSamples: start, endSamples: end, cdInfo, marker });
  }
  return { locations, warnings };
}

/**
 * Reads Ardour locations back as tapeop markers. Locations tapeop wrote (found in `written` by
 * name and type, the nearest to where it was written when names repeat) get their tapeop
 * identity back; the others are the user's, read from Ardour's own flags and CD fields.
 */
export function locationsToMarkers(
  locations: ArdourLocation[],
  sampleRate: number,
  written: WrittenMarker[] = [],
): Array<Marker & { tapeop: boolean }> {
  const unclaimed = [...written];
  const markers: Array<Marker & { tapeop: boolean }> = [];
  for (const location of locations) {
    if (isMachinery(location)) continue;
    const range = isRange(location);
    const candidates = unclaimed.filter((w) => w.name === location.name && w.range === range);
    const distance = (w: WrittenMarker) =>
      Math.abs(
        convertSampleRate(w.timeSamples, w.marker.sampleRate, sampleRate) - location.startSamples,
      );
    const own = candidates.sort((a, b) => distance(a) - distance(b))[0];
    const daw = {
      daw: 'ardour',
      ...(location.id ? { guid: location.id } : {}),
    };
    if (own) {
      unclaimed.splice(unclaimed.indexOf(own), 1);
      const { endSamples: _end, timeSamples: _time, sampleRate: _rate, ...rest } = own.marker;
      markers.push({
        ...rest,
        schema: 'Marker.1',
        timeSamples: location.startSamples,
        ...(range ? { endSamples: location.endSamples } : {}),
        sampleRate,
        name: location.name,
        daw,
        tapeop: true,
      });
      continue;
    }
    const cd = location.flags.includes('IsCDMarker');
    const isrc = location.cdInfo?.isrc?.replace(/-/g, '').toUpperCase();
    const cdText = {
      title: location.name,
      ...(location.cdInfo?.performer ? { performer: location.cdInfo.performer } : {}),
      ...(location.cdInfo?.composer ? { songwriter: location.cdInfo.composer } : {}),
    };
    markers.push({
      schema: 'Marker.1',
      kind: cd ? 'cd-track' : range ? 'region' : 'generic',
      timeSamples: location.startSamples,
      ...(range ? { endSamples: location.endSamples } : {}),
      sampleRate,
      name: location.name,
      ...(cd && isrc && isIsrc(isrc) ? { isrc } : {}),
      ...(cd ? { cdText } : {}),
      daw,
      tapeop: false,
    });
  }
  return markers.sort((a, b) => a.timeSamples - b.timeSamples);
}
