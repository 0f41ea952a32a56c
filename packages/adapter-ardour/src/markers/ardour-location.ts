/**
 * An Ardour location (marker or range) in sample terms, as read from a session file or listed
 * by the bridge. Flags are Ardour's own names (IsMark, IsRangeMarker, IsCDMarker, ...).
 */
export interface ArdourLocation {
  /** Ardour's object id; known when read from a session file, not over the live bridge. */
  id?: string;
  name: string;
  startSamples: number;
  endSamples: number;
  flags: string[];
  /** Ardour's CD fields (isrc, performer, composer, scms, preemph); session files only. */
  cdInfo?: Record<string, string>;
}

/** Locations that are Ardour's own machinery, never album markers. */
const MACHINERY = [
  'IsSessionRange',
  'IsAutoLoop',
  'IsAutoPunch',
  'IsSkip',
  'IsCueMarker',
  'IsXrun',
];

export function isMachinery(location: ArdourLocation): boolean {
  return location.flags.some((f) => MACHINERY.includes(f));
}

export function isRange(location: ArdourLocation): boolean {
  return location.flags.includes('IsRangeMarker') && !location.flags.includes('IsMark');
}
