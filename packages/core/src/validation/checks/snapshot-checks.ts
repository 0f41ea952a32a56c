import type { Snapshot, TrackState } from '../../generated/types.js';
import type { Problem } from '../problem.js';
import { checkMarker } from './marker-checks.js';

export function checkSnapshot(snapshot: Snapshot): Problem[] {
  const problems: Problem[] = [];
  const guids = new Map<string, number>();
  snapshot.tracks.forEach((track, i) => {
    if (track.guid === undefined) return;
    const first = guids.get(track.guid);
    if (first !== undefined) {
      problems.push({
        pointer: `/tracks/${i}/guid`,
        rule: 'unique-track-guid',
        message: `"${track.guid}" is also the GUID of /tracks/${first}; a DAW gives every track its own`,
        value: track.guid,
        severity: 'error',
      });
    } else {
      guids.set(track.guid, i);
    }
  });
  for (const [i, track] of snapshot.tracks.entries())
    problems.push(...checkTrack(track, `/tracks/${i}`));
  if (snapshot.master) problems.push(...checkTrack(snapshot.master, '/master'));
  for (const [i, marker] of (snapshot.markers ?? []).entries()) {
    problems.push(...checkMarker(marker, `/markers/${i}`));
  }
  return problems;
}

function checkTrack(track: TrackState, base: string): Problem[] {
  const problems: Problem[] = [];
  track.fx.forEach((fx, f) => {
    const seen = new Map<number, number>();
    fx.params.forEach((param, p) => {
      const first = seen.get(param.index);
      if (first !== undefined) {
        problems.push({
          pointer: `${base}/fx/${f}/params/${p}/index`,
          rule: 'unique-param-index',
          message: `${param.index} is also the index of ${base}/fx/${f}/params/${first}`,
          value: param.index,
          severity: 'error',
        });
      } else {
        seen.set(param.index, p);
      }
    });
  });
  return problems;
}
