// Deterministic test material for the cross-checks and the benchmark corpus: pink noise, a
// music-like mix (bass, chords, drums and a noise bed with a song-like level curve), and a
// clipped "loud master" of that mix. Generated in blocks so a 4-minute 96 kHz song never
// needs more than one block in memory.

/** A small, fast, seedable PRNG (mulberry32) returning values in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Material = 'pink-noise' | 'music' | 'clipped-master';

export interface SyntheticOptions {
  material: Material;
  sampleRate: number;
  channels: number;
  seconds: number;
  seed: number;
  /** Linear gain applied before the (clipped-master) hard clip. */
  gain?: number;
}

/** A block generator: fills planar channels with the next frames of the signal. */
export class SyntheticAudio {
  readonly frames: number;
  private position = 0;
  private readonly random: () => number;
  // Pink-noise filter state (Paul Kellet's economy filter), per channel.
  private readonly pink: Float64Array;
  private readonly rate: number;
  private readonly chordRoots: number[];
  private readonly tempo: number;

  constructor(private readonly options: SyntheticOptions) {
    this.rate = options.sampleRate;
    this.frames = Math.round(options.seconds * options.sampleRate);
    this.random = prng(options.seed);
    this.pink = new Float64Array(3 * options.channels);
    const r = this.random;
    this.chordRoots = Array.from({ length: 4 }, () => 110 * 2 ** (Math.floor(r() * 12) / 12));
    this.tempo = 90 + Math.floor(r() * 60);
  }

  get done(): boolean {
    return this.position >= this.frames;
  }

  /** Writes up to `out[0].length` frames; returns how many. */
  fill(out: Float32Array[]): number {
    const count = Math.min(out[0]!.length, this.frames - this.position);
    const { channels, material } = this.options;
    const gain = this.options.gain ?? 1;
    for (let c = 0; c < channels; c++) {
      const channel = out[c]!;
      for (let i = 0; i < count; i++) {
        const n = this.position + i;
        let v = material === 'pink-noise' ? 0.25 * this.pinkSample(c) : this.musicSample(n, c);
        v *= gain;
        if (material === 'clipped-master') v = v > 1 ? 1 : v < -1 ? -1 : v;
        channel[i] = v;
      }
    }
    this.position += count;
    return count;
  }

  private pinkSample(c: number): number {
    const white = this.random() * 2 - 1;
    const s = this.pink;
    const k = 3 * c;
    s[k] = 0.99765 * s[k]! + white * 0.099046;
    s[k + 1] = 0.963 * s[k + 1]! + white * 0.2965164;
    s[k + 2] = 0.57 * s[k + 2]! + white * 1.0526913;
    return (s[k]! + s[k + 1]! + s[k + 2]! + white * 0.1848) * 0.25;
  }

  private musicSample(n: number, c: number): number {
    const t = n / this.rate;
    const beat = (t * this.tempo) / 60;
    const bar = Math.floor(beat / 4);
    const root = this.chordRoots[bar % 4]!;
    const beatPhase = beat - Math.floor(beat);
    // A song-like level curve: quiet intro, verses, louder choruses, fade-out.
    const section = Math.floor(t / 20) % 4;
    const level = (t < 8 ? t / 8 : 1) * (section === 3 ? 1.4 : section === 1 ? 1.15 : 0.8);
    const fadeOut = Math.min(1, Math.max(0, (this.options.seconds - t) / 6));
    const pan = c === 0 ? 0.9 : 1.1;
    const tau = 2 * Math.PI * t;
    const bass = 0.3 * Math.sin(tau * (root / 2)) * Math.exp(-beatPhase * 2);
    const chord =
      0.08 *
      pan *
      (Math.sin(tau * root * 2) +
        Math.sin(tau * root * 2 * 1.26) +
        Math.sin(tau * root * 2 * 1.498) +
        0.5 * Math.sin(tau * root * 4.01));
    const kick = beatPhase < 0.15 ? 0.55 * Math.sin(tau * (60 + 80 * (0.15 - beatPhase))) : 0;
    const hat = (beatPhase * 2) % 1 < 0.05 ? 0.12 * (this.random() * 2 - 1) : 0;
    const bed = 0.05 * this.pinkSample(c);
    return level * fadeOut * (bass + chord + kick + hat + bed);
  }
}

/** The whole signal in memory (tests with short material). */
export function synthesize(options: SyntheticOptions): Float32Array[] {
  const generator = new SyntheticAudio(options);
  const out = Array.from({ length: options.channels }, () => new Float32Array(generator.frames));
  generator.fill(out);
  return out;
}
