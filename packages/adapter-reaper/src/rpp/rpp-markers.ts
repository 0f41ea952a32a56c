import type { RppProblem } from './rpp-problem.js';
import type { RppMarker } from './rpp-project.js';
import { findFields, type RppBlock, type RppField, rppField } from './rpp-tree.js';
import type { RppValueReader } from './rpp-values.js';

// Project markers (State Chunk Definitions, reaper.md §5):
//   MARKER <number> <position> <name> <flags> <color> 1 <B|R> {GUID} 0
// flags &1 region, &8 selected, &16 hidden. A region is two lines with the same number: the
// start (with its name, colour and GUID) and the end (`MARKER 1 250.43 "" 1`). REAPER 5 wrote
// no GUID; the colour format letter says how the colour is packed (B: 0x1RRGGBB).

export const MARKER_REGION = 1;

/** Markers and regions in file order, regions paired by number. */
export function readMarkers(
  root: RppBlock,
  values: RppValueReader,
  problems: RppProblem[],
): RppMarker[] {
  const markers: RppMarker[] = [];
  const openRegions = new Map<number, RppMarker>();
  for (const field of findFields(root, 'MARKER')) {
    const number = values.number(field, 0, 0);
    const position = values.number(field, 1, 0);
    const flags = values.number(field, 3, 0);
    if ((flags & MARKER_REGION) !== 0) {
      const open = openRegions.get(number);
      if (open) {
        open.end = position;
        open.endField = field;
        openRegions.delete(number);
        continue;
      }
    }
    const marker: RppMarker = {
      number,
      isRegion: (flags & MARKER_REGION) !== 0,
      position,
      name: field.params[2] ?? '',
      flags,
      color: values.number(field, 4, 0),
      field,
    };
    const guid = field.params[7];
    if (guid && /^\{[0-9A-Fa-f-]+\}$/.test(guid)) marker.guid = guid;
    markers.push(marker);
    if (marker.isRegion) openRegions.set(number, marker);
  }
  for (const region of openRegions.values()) {
    problems.push({
      code: 'unpaired-region',
      severity: 'warning',
      line: region.field.line,
      message: `region ${region.number} ("${region.name}") has no end line; it is read as ending where it starts`,
    });
    region.end = region.position;
  }
  return markers;
}

/** The MARKER line(s) REAPER writes for a marker or region. */
export function markerFields(marker: {
  number: number;
  position: string;
  end?: string;
  name: string;
  color?: number;
  guid: string;
}): RppField[] {
  const isRegion = marker.end !== undefined;
  const start = rppField(
    'MARKER',
    marker.number,
    marker.position,
    marker.name,
    isRegion ? MARKER_REGION : 0,
    marker.color ?? 0,
    1,
    'B',
    marker.guid,
    0,
  );
  if (!isRegion) return [start];
  return [start, rppField('MARKER', marker.number, marker.end!, '', MARKER_REGION)];
}
