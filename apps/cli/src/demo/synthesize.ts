import { open } from 'node:fs/promises';

/**
 * The demo's music: a small deterministic synthesizer, so the demo needs no audio files and no
 * network. A song is a function of time (chords, bass, a beat, fades), so the same song can be
 * rendered at 48 kHz/24-bit as a "mix" and at 44.1 kHz/16-bit as the "master" the DAW would
 * have rendered: the simulator renders no audio.
 */
export interface SongRecipe {
  /** Length in whole seconds (a whole number of CD frames at any rate). */
  seconds: number;
  /** MIDI note of the key's root. */
  root: number;
  bpm: number;
  /** Chord roots in semitones from the root, one per bar (minor chords where `minor` says). */
  progression: number[];
  minor: boolean[];
  /** Overall level, linear (peaks stay below it). */
  level: number;
}

const midiHz = (note: number) => 440 * 2 ** ((note - 69) / 12);

/**
 * An oscillator as a rotating phasor (two multiplies and adds per sample instead of a sine
 * call), renormalized now and then so rounding does not make it grow or shrink.
 */
class Phasor {
  private re = 1;
  private im = 0;
  private cos = 1;
  private sin = 0;
  private count = 0;
  set(hz: number, rate: number): void {
    const w = (2 * Math.PI * hz) / rate;
    this.cos = Math.cos(w);
    this.sin = Math.sin(w);
  }
  next(): number {
    const re = this.re * this.cos - this.im * this.sin;
    const im = this.re * this.sin + this.im * this.cos;
    this.re = re;
    this.im = im;
    if (++this.count === 4096) {
      this.count = 0;
      const norm = Math.hypot(re, im);
      this.re /= norm;
      this.im /= norm;
    }
    return im;
  }
}

/** Interleaved stereo samples in [-1, 1] of the song at `rate`. */
export function renderSong(recipe: SongRecipe, rate: number): Float32Array {
  const frames = recipe.seconds * rate;
  const out = new Float32Array(frames * 2);
  const beat = 60 / recipe.bpm;
  const bar = beat * 4;
  const chordTones = [new Phasor(), new Phasor(), new Phasor(), new Phasor()];
  const bass = new Phasor();
  const kick = new Phasor();
  kick.set(55, rate);
  let currentBar = -1;
  let random = 0x2545f491 ^ recipe.root;
  const headSilence = 0.25;
  const fadeOut = 2.5;
  const tail = 0.6;
  const end = recipe.seconds - tail;
  // Slow envelopes are computed every BLOCK samples; the beat's decays are multiplied sample by
  // sample and reset on each beat (exp and cos per sample would cost most of the time).
  const BLOCK = 16;
  const kickDecay = Math.exp(-18 / rate);
  const hatDecay = Math.exp(-60 / rate);
  let kickEnv = 0;
  let hatEnv = 0;
  let beatIndex = -1;
  let offBeatIndex = -1;
  let envelope = 0;
  let chordSwell = 0;
  for (let n = 0; n < frames; n++) {
    const t = n / rate;
    if (n % BLOCK === 0) {
      const barIndex = Math.floor(t / bar);
      if (barIndex !== currentBar) {
        currentBar = barIndex;
        const step = recipe.progression[barIndex % recipe.progression.length]!;
        const minor = recipe.minor[barIndex % recipe.minor.length]!;
        const chordRoot = recipe.root + step;
        const notes = [chordRoot, chordRoot + (minor ? 3 : 4), chordRoot + 7, chordRoot + 12];
        for (const [k, note] of notes.entries()) chordTones[k]!.set(midiHz(note), rate);
        bass.set(midiHz(chordRoot - 24), rate);
      }
      // Silence at the head, a short fade-in, a fade-out, silence at the tail.
      envelope = 0;
      if (t >= headSilence && t < end) {
        envelope = Math.min(1, (t - headSilence) / 0.05);
        if (t > end - fadeOut) envelope *= (end - t) / fadeOut;
      }
      const inBar = t - barIndex * bar;
      chordSwell = Math.min(1, inBar / 0.3) * (0.75 + 0.25 * Math.cos((2 * Math.PI * inBar) / bar));
    }
    const thisBeat = Math.floor(t / beat);
    if (thisBeat !== beatIndex) {
      beatIndex = thisBeat;
      kickEnv = Math.exp(-(t - thisBeat * beat) * 18);
    } else kickEnv *= kickDecay;
    const thisOffBeat = Math.floor((t + beat / 2) / beat);
    if (thisOffBeat !== offBeatIndex) {
      offBeatIndex = thisOffBeat;
      hatEnv = Math.exp(-(t + beat / 2 - thisOffBeat * beat) * 60);
    } else hatEnv *= hatDecay;
    const c0 = chordTones[0]!.next();
    const c1 = chordTones[1]!.next();
    const c2 = chordTones[2]!.next();
    const c3 = chordTones[3]!.next();
    const low = bass.next();
    const k = kick.next() * kickEnv;
    random = (random * 1664525 + 1013904223) >>> 0;
    const hat = ((random / 0xffffffff) * 2 - 1) * hatEnv * 0.08;
    const padLeft = (0.3 * c0 + 0.22 * c1 + 0.12 * c2 + 0.08 * c3) * chordSwell;
    const padRight = (0.24 * c0 + 0.16 * c1 + 0.2 * c2 + 0.1 * c3) * chordSwell;
    const shared = 0.35 * low + 0.45 * k;
    const gain = recipe.level * envelope;
    out[2 * n] = gain * (padLeft + shared + hat * 0.7);
    out[2 * n + 1] = gain * (padRight + shared + hat);
  }
  return out;
}

/**
 * Writes interleaved stereo samples as a PCM WAV file (16 or 24-bit), rounding to the nearest
 * step with triangular dither at 16 bits, as a mastering render would.
 */
export async function writePcmWav(
  path: string,
  samples: Float32Array,
  rate: number,
  bits: 16 | 24,
): Promise<void> {
  const channels = 2;
  const bytesPerSample = bits / 8;
  const dataBytes = samples.length * bytesPerSample;
  const buffer = Buffer.alloc(44 + dataBytes);
  buffer.write('RIFF', 0, 'latin1');
  buffer.writeUInt32LE(36 + dataBytes, 4);
  buffer.write('WAVE', 8, 'latin1');
  buffer.write('fmt ', 12, 'latin1');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(channels, 22);
  buffer.writeUInt32LE(rate, 24);
  buffer.writeUInt32LE(rate * channels * bytesPerSample, 28);
  buffer.writeUInt16LE(channels * bytesPerSample, 32);
  buffer.writeUInt16LE(bits, 34);
  buffer.write('data', 36, 'latin1');
  buffer.writeUInt32LE(dataBytes, 40);
  const max = 2 ** (bits - 1) - 1;
  let random = 22222;
  const uniform = () => {
    random = (random * 1664525 + 1013904223) >>> 0;
    return random / 0x100000000;
  };
  let offset = 44;
  for (let i = 0; i < samples.length; i++) {
    const dither = bits === 16 ? uniform() - uniform() : 0;
    const value = Math.max(-max - 1, Math.min(max, Math.round(samples[i]! * max + dither)));
    // Little-endian two's complement, byte by byte (much faster than Buffer's writers here).
    buffer[offset] = value & 0xff;
    buffer[offset + 1] = (value >> 8) & 0xff;
    if (bits === 24) buffer[offset + 2] = (value >> 16) & 0xff;
    offset += bytesPerSample;
  }
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(buffer);
  } finally {
    await handle.close();
  }
}
