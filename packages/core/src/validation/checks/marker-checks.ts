import type { Marker } from '../../generated/types.js';
import type { Problem } from '../problem.js';

const withArticle = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

export function checkMarker(marker: Marker, base = ''): Problem[] {
  const problems: Problem[] = [];
  const error = (field: string, rule: string, message: string, value?: unknown) =>
    problems.push({
      pointer: `${base}/${field}`,
      rule,
      message,
      severity: 'error',
      ...(value === undefined ? {} : { value }),
    });
  if (marker.endSamples !== undefined && marker.endSamples < marker.timeSamples) {
    error(
      'endSamples',
      'region-order',
      `${marker.endSamples} is before timeSamples (${marker.timeSamples}); a region ends after it starts`,
      marker.endSamples,
    );
  }
  if (marker.kind === 'region' && marker.endSamples === undefined) {
    error('endSamples', 'region-end', 'is missing (required for a region: where it ends)');
  }
  if (marker.isrc !== undefined && marker.kind !== 'cd-track') {
    error(
      'isrc',
      'isrc-on-track',
      `is only for cd-track markers, not for ${withArticle(marker.kind)} marker`,
      marker.isrc,
    );
  }
  if (marker.upc !== undefined && marker.kind !== 'album') {
    error(
      'upc',
      'upc-on-album',
      `is only for the album marker, not for ${withArticle(marker.kind)} marker`,
      marker.upc,
    );
  }
  if (marker.kind === 'cd-pregap' && marker.indexNumber !== undefined && marker.indexNumber !== 0) {
    error(
      'indexNumber',
      'pregap-index',
      `${marker.indexNumber} should be 0: a pregap marker is index 0`,
      marker.indexNumber,
    );
  }
  if (marker.kind === 'cd-track' && marker.indexNumber !== undefined && marker.indexNumber !== 1) {
    error(
      'indexNumber',
      'track-index',
      `${marker.indexNumber} should be 1: a track marker is index 1`,
      marker.indexNumber,
    );
  }
  if (marker.kind === 'cd-index' && marker.indexNumber !== undefined && marker.indexNumber < 2) {
    error(
      'indexNumber',
      'index-number',
      `${marker.indexNumber} should be 2 or more: 0 is the pregap and 1 the track start`,
      marker.indexNumber,
    );
  }
  return problems;
}
