// Synthesised EBU Tech 3341 / 3342 test signals (the EBU's own files are 48 kHz; so are these).
// A "segment" is a 1 kHz sine (or silence) at a level in dBFS, in phase on every channel it
// plays on.

export const EBU_RATE = 48_000;

export interface Segment {
  seconds: number;
  /** Level in dBFS per channel, or null for silence on every channel. */
  levels: Array<number | null> | null;
}

/** Stereo 1 kHz tone segments at one level each (null = silence). */
export function stereoTones(parts: Array<[seconds: number, dbfs: number | null]>): Segment[] {
  return parts.map(([seconds, dbfs]) => ({
    seconds,
    levels: dbfs === null ? null : [dbfs, dbfs],
  }));
}

/** Renders segments to planar channels; the sine's phase runs on across segments. */
export function renderSegments(
  segments: Segment[],
  channels: number,
  rate = EBU_RATE,
  frequency = 1000,
): Float32Array[] {
  const total = segments.reduce((n, s) => n + Math.round(s.seconds * rate), 0);
  const out = Array.from({ length: channels }, () => new Float32Array(total));
  let position = 0;
  for (const segment of segments) {
    const length = Math.round(segment.seconds * rate);
    if (segment.levels) {
      for (let c = 0; c < channels; c++) {
        const level = segment.levels[c];
        if (level === null || level === undefined) continue;
        const amplitude = 10 ** (level / 20);
        const channel = out[c]!;
        for (let i = 0; i < length; i++) {
          const n = position + i;
          channel[n] = amplitude * Math.sin((2 * Math.PI * frequency * n) / rate);
        }
      }
    }
    position += length;
  }
  return out;
}

/**
 * A sine at `fraction`·fs with `amplitude` (of full scale) and a phase in degrees, faded in
 * and out linearly over 0.1 s as the EBU's true-peak files are (an abrupt start would add
 * the interpolation filter's step response to the peak being tested).
 */
export function sineAt(
  fraction: number,
  amplitude: number,
  phaseDegrees: number,
  seconds: number,
  channels = 2,
  rate = EBU_RATE,
): Float32Array[] {
  const length = Math.round(seconds * rate);
  const phase = (phaseDegrees * Math.PI) / 180;
  const one = new Float32Array(length);
  for (let n = 0; n < length; n++)
    one[n] = amplitude * Math.sin(2 * Math.PI * fraction * n + phase);
  fade(one, Math.round(0.1 * rate));
  return Array.from({ length: channels }, () => one.slice());
}

/**
 * Tech 3341 cases 20-23: an fs/6 sine at 0.5 FFS with one period of an fs/4 sine at 1.0 FFS
 * in the middle, synthesised at 4·fs and decimated with offset 0-3. The continuous signal
 * peaks at exactly 1.0 (0 dBTP) wherever the samples fall.
 */
export function burstCase(offset: 0 | 1 | 2 | 3, seconds = 3.2, rate = EBU_RATE): Float32Array[] {
  const fine = 4 * rate;
  const length = Math.round(seconds * rate);
  const burstStart = 4 * Math.round(length / 2); // at 4·fs, on a fine sample
  const burstLength = 16; // one period of fs/4 at 4·fs
  const one = new Float32Array(length);
  for (let n = 0; n < length; n++) {
    const t = 4 * n + offset;
    let value = 0.5 * Math.sin((2 * Math.PI * (rate / 6) * t) / fine);
    if (t >= burstStart && t < burstStart + burstLength) {
      value = Math.sin((2 * Math.PI * (t - burstStart)) / burstLength);
    }
    one[n] = value;
  }
  fade(one, Math.round(0.1 * rate));
  return [one, one.slice()];
}

function fade(samples: Float32Array, length: number): void {
  const n = samples.length;
  for (let i = 0; i < length && i < n; i++) {
    samples[i]! *= i / length;
    samples[n - 1 - i]! *= i / length;
  }
}
