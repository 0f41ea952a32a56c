import { type Snapshot, TapeopError } from '@tapeop/core';

/**
 * Checks the parts of a snapshot that diffing and planning read, and throws a `SCHEMA_INVALID`
 * error naming the first bad field. Cheaper than a full schema validation (which callers that
 * read files already do with `parseSnapshot`), and enough to never crash on a hand-edited or
 * truncated document: a missing `fx` list or a volume of "loud" stops here with its pointer.
 */
export function checkRecallInput(snapshot: unknown, label: string): asserts snapshot is Snapshot {
  const invalid = (pointer: string, what: string) =>
    new TapeopError('SCHEMA_INVALID', `${label} snapshot: ${pointer || '/'} ${what}`, {
      details: { snapshot: label, pointer },
      hint: 'Check the snapshot file with parseSnapshot (or `tapeop recall diff`), fix or recapture it, and try again.',
    });
  if (!isObject(snapshot)) throw invalid('', 'is not a snapshot object');
  if (!Array.isArray(snapshot.tracks)) throw invalid('/tracks', 'is not a list of tracks');
  for (const [i, track] of snapshot.tracks.entries()) checkTrack(track, `/tracks/${i}`, invalid);
  if (snapshot.master !== undefined) checkTrack(snapshot.master, '/master', invalid);
  if (snapshot.markers === undefined) return;
  if (!Array.isArray(snapshot.markers)) throw invalid('/markers', 'is not a list of markers');
  for (const [i, marker] of snapshot.markers.entries()) {
    if (!isObject(marker)) throw invalid(`/markers/${i}`, 'is not a marker');
    if (!isNumber(marker.timeSamples))
      throw invalid(`/markers/${i}/timeSamples`, 'is not a position in samples');
    if (!isNumber(marker.sampleRate) || marker.sampleRate <= 0)
      throw invalid(`/markers/${i}/sampleRate`, 'is not a sample rate');
  }
}

type Invalid = (pointer: string, what: string) => TapeopError;

function checkTrack(track: unknown, at: string, invalid: Invalid): void {
  if (!isObject(track)) throw invalid(at, 'is not a track');
  if (typeof track.name !== 'string') throw invalid(`${at}/name`, 'is not a name');
  if (track.volumeDb !== null && !isNumber(track.volumeDb))
    throw invalid(`${at}/volumeDb`, 'is neither a level in dB nor null (silence)');
  if (!isNumber(track.pan)) throw invalid(`${at}/pan`, 'is not a pan value (-1..1)');
  if (track.width !== undefined && !isNumber(track.width))
    throw invalid(`${at}/width`, 'is not a width value (-1..1)');
  for (const flag of ['mute', 'solo', 'phaseInvert'] as const) {
    if (typeof track[flag] !== 'boolean') throw invalid(`${at}/${flag}`, 'is not true or false');
  }
  if (!Array.isArray(track.fx)) throw invalid(`${at}/fx`, 'is not a list of plug-ins');
  for (const [f, fx] of (track.fx as unknown[]).entries()) {
    const fxAt = `${at}/fx/${f}`;
    if (!isObject(fx)) throw invalid(fxAt, 'is not a plug-in');
    if (typeof fx.name !== 'string') throw invalid(`${fxAt}/name`, 'is not a name');
    if (!isObject(fx.plugin) || typeof fx.plugin.id !== 'string')
      throw invalid(`${fxAt}/plugin`, 'does not identify the plug-in (id and format)');
    if (typeof fx.enabled !== 'boolean') throw invalid(`${fxAt}/enabled`, 'is not true or false');
    if (!Array.isArray(fx.params)) throw invalid(`${fxAt}/params`, 'is not a list of parameters');
    const params = fx.params as unknown[];
    for (let p = 0; p < params.length; p++) {
      const param = params[p];
      if (!isObject(param) || !Number.isInteger(param.index) || !isNumber(param.normalized))
        throw invalid(
          `${fxAt}/params/${p}`,
          'is not a parameter with an index and a normalized value',
        );
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
