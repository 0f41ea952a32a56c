import type { MixFileName } from './mix-file-name.js';
import { compareNatural } from './natural-sort.js';

/** What a version choice needs to know about one delivered file. */
export interface VersionCandidate {
  name: MixFileName;
  relativePath: string;
  modifiedAt: Date;
  sampleRate: number;
  bitDepth: number;
  float: boolean;
}

export type VersionRule =
  | 'version number'
  | 'date in the name'
  | 'final'
  | 'resolution'
  | 'modification time'
  | 'name order';

/**
 * Which of two deliveries of the same song is the newer one, and by which rule: the higher
 * version number when both names have one, then the later date in the name, then 'final' over
 * an unlabelled name; the same version in two formats keeps the higher resolution; when the
 * names cannot tell, the file modified last, then the last in name order.
 */
export function newerVersion(
  a: VersionCandidate,
  b: VersionCandidate,
): { newer: VersionCandidate; older: VersionCandidate; rule: VersionRule } {
  const pick = (aWins: boolean, rule: VersionRule) =>
    aWins ? { newer: a, older: b, rule } : { newer: b, older: a, rule };
  const [x, y] = [a.name, b.name];
  if (
    x.versionNumber !== undefined &&
    y.versionNumber !== undefined &&
    x.versionNumber !== y.versionNumber
  ) {
    return pick(x.versionNumber > y.versionNumber, 'version number');
  }
  if (x.date && y.date && x.date !== y.date) return pick(x.date > y.date, 'date in the name');
  const labelledOnlyFinal = (n: MixFileName) =>
    n.isFinal && n.versionNumber === undefined && !n.date;
  if (x.isFinal !== y.isFinal && (x.versionLabel === undefined || y.versionLabel === undefined)) {
    return pick(x.isFinal, 'final');
  }
  const sameVersion =
    (x.versionLabel ?? '').toLowerCase() === (y.versionLabel ?? '').toLowerCase() ||
    (labelledOnlyFinal(x) && labelledOnlyFinal(y));
  if (sameVersion) {
    const resolution = (c: VersionCandidate) => [c.sampleRate, c.bitDepth, c.float ? 1 : 0];
    const [ra, rb] = [resolution(a), resolution(b)];
    const i = ra.findIndex((v, k) => v !== rb[k]);
    if (i >= 0) return pick(ra[i]! > rb[i]!, 'resolution');
  }
  if (a.modifiedAt.getTime() !== b.modifiedAt.getTime()) {
    return pick(a.modifiedAt > b.modifiedAt, 'modification time');
  }
  return pick(compareNatural(a.relativePath, b.relativePath) > 0, 'name order');
}
