import { describe, expect, it } from 'vitest';
import { kWeighting } from '../dsp/k-weighting.js';
import { TRUE_PEAK_PHASES } from '../dsp/true-peak-filter.js';
import { HISTORY, KernelEngine } from './kernel-engine.js';

// Plain TypeScript twins of the kernels; the SIMD versions must agree with them.

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function biquadReference(x: Float32Array, rate: number): { y: Float64Array; energy: number } {
  const { shelf, highPass } = kWeighting(rate);
  const y = new Float64Array(x.length);
  let [x1, x2, z1, z2, y1, y2] = [0, 0, 0, 0, 0, 0];
  let energy = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const s = shelf.b0 * xi + shelf.b1 * x1 + shelf.b2 * x2 - shelf.a1 * z1 - shelf.a2 * z2;
    const yi =
      highPass.b0 * s + highPass.b1 * z1 + highPass.b2 * z2 - highPass.a1 * y1 - highPass.a2 * y2;
    x2 = x1;
    x1 = xi;
    z2 = z1;
    z1 = s;
    y2 = y1;
    y1 = yi;
    y[i] = yi;
    energy += yi * yi;
  }
  return { y, energy };
}

function truePeakReference(x: Float32Array, phases: readonly (readonly number[])[]): number {
  let peak = 0;
  for (let n = 0; n < x.length; n++) {
    for (const phase of phases) {
      let acc = 0;
      for (let m = 0; m < phase.length; m++) acc += phase[m]! * (n - m >= 0 ? x[n - m]! : 0);
      peak = Math.max(peak, Math.abs(acc));
    }
  }
  return peak;
}

function writeCoefficients(engine: KernelEngine, rate: number): void {
  const { shelf, highPass } = kWeighting(rate);
  engine
    .f64(engine.coefficients, 10)
    .set([
      shelf.b0,
      shelf.b1,
      shelf.b2,
      shelf.a1,
      shelf.a2,
      highPass.b0,
      highPass.b1,
      highPass.b2,
      highPass.a1,
      highPass.a2,
    ]);
}

describe('PCM decoders', () => {
  it('decode 16-bit and 24-bit little-endian stereo and mono exactly', () => {
    const engine = new KernelEngine(2, 64, 8);
    const rnd = random(1);
    for (const bytes of [2, 3] as const) {
      for (const channels of [1, 2] as const) {
        const frames = 37;
        const values = Array.from({ length: frames * channels }, (_, i) => {
          const full = 2 ** (8 * bytes - 1);
          if (i === 0) return -full;
          if (i === 1) return full - 1;
          return Math.floor((rnd() * 2 - 1) * full);
        });
        const raw = engine.raw();
        values.forEach((v, i) => {
          for (let b = 0; b < bytes; b++) raw[i * bytes + b] = (v >> (8 * b)) & 0xff;
        });
        const groups = Math.ceil(frames / 4);
        const e = engine.exports;
        const [l, r] = engine.channelAddress as [number, number];
        if (bytes === 2 && channels === 2) e.s16le_stereo(engine.rawAddress, l, r, groups);
        if (bytes === 2 && channels === 1) e.s16le_mono(engine.rawAddress, l, groups);
        if (bytes === 3 && channels === 2) e.s24le_stereo(engine.rawAddress, l, r, groups);
        if (bytes === 3 && channels === 1) e.s24le_mono(engine.rawAddress, l, groups);
        const scale = 2 ** (8 * bytes - 1);
        for (let c = 0; c < channels; c++) {
          const got = Array.from(engine.channel(c, frames));
          const want = values.filter((_, i) => i % channels === c).map((v) => v / scale);
          expect(got).toEqual(want);
        }
      }
    }
  });

  it('decodes 32-bit float and replaces NaN and infinities by 0, counting them', () => {
    const engine = new KernelEngine(2, 64, 8);
    const frames = 16;
    const samples = new Float32Array(engine.memory.buffer, engine.rawAddress, frames * 2);
    for (let i = 0; i < samples.length; i++) samples[i] = (i - 16) / 17;
    samples[3] = Number.NaN;
    samples[8] = Number.POSITIVE_INFINITY;
    samples[9] = Number.NEGATIVE_INFINITY;
    const [l, r] = engine.channelAddress as [number, number];
    expect(engine.exports.f32le_stereo(engine.rawAddress, l, r, frames / 4)).toBe(3);
    const left = Array.from(engine.channel(0, frames));
    const right = Array.from(engine.channel(1, frames));
    expect(left[4]).toBe(0); // sample 8
    expect(right[1]).toBe(0); // sample 3
    expect(right[4]).toBe(0); // sample 9
    expect(left[1]).toBeCloseTo(-14 / 17, 6);
    const mono = new Float32Array(engine.memory.buffer, engine.rawAddress, 8);
    mono.set([0.5, Number.NaN, -0.25, 1, 2, 3, 4, 5]);
    expect(engine.exports.f32le_mono(engine.rawAddress, l, 2)).toBe(1);
    expect(Array.from(engine.channel(0, 8))).toEqual([0.5, 0, -0.25, 1, 2, 3, 4, 5]);
  });
});

describe('channel statistics', () => {
  it('finds peak, sum, sum of squares and full-scale samples', () => {
    const engine = new KernelEngine(2, 1024, 8);
    const rnd = random(2);
    const x = engine.channel(0, 1000);
    for (let i = 0; i < x.length; i++) x[i] = rnd() * 1.6 - 0.8;
    x[500] = -0.999;
    x[501] = 0.9995;
    engine.exports.channel_stats(engine.channelAddress[0]!, 1000, 0.999, engine.scratch);
    const [peak, sum, squares, clips] = engine.f64(engine.scratch, 4);
    expect(peak).toBeCloseTo(0.9995, 6);
    expect(sum).toBeCloseTo(
      x.reduce((a, b) => a + b, 0),
      3,
    );
    expect(squares).toBeCloseTo(
      x.reduce((a, b) => a + b * b, 0),
      2,
    );
    expect(clips).toBe(2);
  });
});

describe('K-weighting kernels', () => {
  for (const rate of [44_100, 48_000, 96_000]) {
    it(`match the f64 reference at ${rate} Hz, across calls`, () => {
      const engine = new KernelEngine(3, 4096, 12);
      writeCoefficients(engine, rate);
      const rnd = random(rate);
      const n = 4000;
      const signals = [0, 1, 2].map(() => {
        const s = new Float32Array(n);
        for (let i = 0; i < n; i++) s[i] = Math.sin(i * 0.01) * 0.5 + (rnd() - 0.5) * 0.3;
        return s;
      });
      signals.forEach((s, c) => {
        engine.channel(c, n).set(s);
      });
      const e = engine.exports;
      const [a, b, c] = engine.channelAddress as [number, number, number];
      const energies = [0, 0, 0];
      // Two calls: the state must carry over.
      for (const [from, count] of [
        [0, 1237],
        [1237, n - 1237],
      ] as const) {
        e.kweight_pair(a + 4 * from, b + 4 * from, count, engine.coefficients, engine.kState, 0);
        const [ea, eb] = engine.f64(0, 2);
        energies[0]! += ea!;
        energies[1]! += eb!;
        e.kweight_one(c + 4 * from, count, engine.coefficients, engine.kState + 96, 0);
        energies[2]! += engine.f64(0, 1)[0]!;
      }
      signals.forEach((s, i) => {
        const want = biquadReference(s, rate).energy;
        expect(Math.abs(energies[i]! - want) / want).toBeLessThan(1e-12);
      });
    });
  }
});

describe('true-peak kernels', () => {
  it('match the reference FIR at 4× and 2×, with history carried between blocks', () => {
    const engine = new KernelEngine(1, 256, 4);
    const rnd = random(3);
    const x = new Float32Array(512);
    for (let i = 0; i < x.length; i++) x[i] = (rnd() - 0.5) * (i % 97 === 0 ? 1.9 : 0.7);
    for (const [name, phases] of [
      ['true_peak_4x', TRUE_PEAK_PHASES],
      ['true_peak_2x', [TRUE_PEAK_PHASES[0]!, TRUE_PEAK_PHASES[2]!]],
    ] as const) {
      engine.reset();
      let peak = 0;
      for (let block = 0; block < 2; block++) {
        engine.channel(0, 256).set(x.subarray(block * 256, block * 256 + 256));
        peak = engine.exports[name](engine.channelAddress[0]!, 256, peak);
        engine.keepHistory(256);
      }
      const want = truePeakReference(x, phases);
      expect(peak).toBeCloseTo(want, 5);
      expect(engine.channelWithHistory(0)[HISTORY - 1]).toBe(x[511]);
    }
  });
});

describe('true-peak pruning', () => {
  it('gives the plain filter’s peak on smooth, loud material where most chunks are skipped', () => {
    // Low tones at a high rate: near a peak the samples of a chunk barely move, so the bound
    // from the chunk's middle and half-range prunes; a short loud burst and a slow swell test
    // that nothing louder is skipped, at every block alignment.
    const n = 4096;
    const x = new Float32Array(n);
    const rnd = random(7);
    for (let i = 0; i < n; i++) {
      const swell = 0.3 + 0.7 * (i / n);
      x[i] =
        swell * (0.6 * Math.sin(i * 0.003) + 0.3 * Math.sin(i * 0.0171 + 1)) +
        (i > 2900 && i < 2910 ? (rnd() - 0.5) * 1.6 : 0);
    }
    for (const [name, phases] of [
      ['true_peak_4x', TRUE_PEAK_PHASES],
      ['true_peak_2x', [TRUE_PEAK_PHASES[0]!, TRUE_PEAK_PHASES[2]!]],
    ] as const) {
      const want = truePeakReference(x, phases);
      for (const blockFrames of [64, 256, 1024]) {
        const engine = new KernelEngine(1, blockFrames, 4);
        engine.reset();
        let peak = 0;
        for (let from = 0; from < n; from += blockFrames) {
          engine.channel(0, blockFrames).set(x.subarray(from, from + blockFrames));
          peak = engine.exports[name](engine.channelAddress[0]!, blockFrames, peak);
          engine.keepHistory(blockFrames);
        }
        expect(Math.abs(peak - want)).toBeLessThan(1e-6);
      }
    }
  });
});

describe('clipping-run kernel', () => {
  it('finds the runs a plain loop finds, carrying open runs across blocks of any length', () => {
    const rnd = random(11);
    const clip = 0.999;
    const n = 3000;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rnd();
      // Long stretches at full scale (across block ends) and short ones, both signs.
      const loud = Math.floor(i / 300) % 3 === 1;
      x[i] = loud || r < 0.15 ? 1 : r < 0.3 ? -1 : r < 0.32 ? 0.999 : (rnd() - 0.5) * 1.5;
    }
    for (const minRun of [1, 3]) {
      const want: Array<[number, number]> = [];
      let run = 0;
      for (let i = 0; i <= n; i++) {
        if (i < n && Math.abs(x[i]!) >= clip) run++;
        else {
          if (run >= minRun) want.push([i - run, run]);
          run = 0;
        }
      }
      for (const [blockFrames, maxOut] of [
        [4, 1000],
        [64, 1000],
        [100, 1000],
        [1024, 1000],
        [1024, 5],
      ] as const) {
        const engine = new KernelEngine(1, Math.ceil(blockFrames / 4) * 4, 4);
        engine.reset();
        const found: Array<[number, number]> = [];
        let count = 0;
        const state = new Int32Array(engine.memory.buffer, engine.clipState[0], 2);
        for (let from = 0; from < n; from += blockFrames) {
          const frames = Math.min(blockFrames, n - from);
          engine.channel(0, frames).set(x.subarray(from, from + frames));
          const listed = engine.exports.clip_runs(
            engine.channelAddress[0]!,
            frames,
            clip,
            minRun,
            engine.clipState[0]!,
            engine.clipRuns,
            Math.min(engine.clipRunCapacity, maxOut - found.length),
          );
          count += state[1]!;
          const runs = new Int32Array(engine.memory.buffer, engine.clipRuns, 2 * listed);
          for (let k = 0; k < listed; k++) found.push([from + runs[2 * k]!, runs[2 * k + 1]!]);
        }
        if (state[0]! >= minRun) {
          count++;
          if (found.length < maxOut) found.push([n - state[0]!, state[0]!]);
        }
        expect(count).toBe(want.length);
        expect(found).toEqual(want.slice(0, maxOut));
      }
    }
  });
});

describe('FLAC residual kernel', () => {
  /** A big-endian bit writer, to build residuals the reference encoder never writes. */
  function bitWriter() {
    const bits: number[] = [];
    return {
      bits,
      put(value: number, width: number) {
        for (let b = width - 1; b >= 0; b--) bits.push(Math.floor(value / 2 ** b) % 2);
      },
      bytes() {
        const out = new Uint8Array(Math.ceil(bits.length / 8) + 16);
        bits.forEach((bit, i) => {
          out[i >> 3] = out[i >> 3]! | (bit << (7 - (i & 7)));
        });
        return out;
      },
    };
  }

  it('decodes Rice partitions (k = 0 … 30, long quotients) and escaped ones like the spec says', () => {
    const rnd = random(21);
    for (const [n, partitionOrder, order, parameterBits] of [
      [4096, 4, 8, 4],
      [4096, 0, 0, 5],
      [192, 2, 3, 5],
      [1024, 3, 32, 4],
    ] as const) {
      const writer = bitWriter();
      writer.put(0b1011, 4); // something before the residual, so it starts mid-byte
      const want = new Int32Array(n);
      const per = n >> partitionOrder;
      for (let p = 0; p < 1 << partitionOrder; p++) {
        const from = p === 0 ? order : p * per;
        const to = (p + 1) * per;
        const escapeCode = (1 << parameterBits) - 1;
        const kind = rnd();
        if (kind < 0.2) {
          // Escaped: raw signed samples of 0-20 bits.
          const width = Math.floor(rnd() * 21);
          writer.put(escapeCode, parameterBits);
          writer.put(width, 5);
          for (let i = from; i < to; i++) {
            const v = width === 0 ? 0 : Math.floor((rnd() - 0.5) * 2 ** width);
            want[i] = v;
            if (width > 0) writer.put(v < 0 ? v + 2 ** width : v, width);
          }
        } else {
          const k = Math.floor(rnd() * (parameterBits === 4 ? 15 : 31));
          writer.put(k, parameterBits);
          for (let i = from; i < to; i++) {
            // Mostly small values; now and then one whose quotient needs several windows.
            const big = rnd() < 0.02;
            const magnitude = big ? 2 ** k * (60 + Math.floor(rnd() * 150)) : rnd() * 2 ** k * 3;
            const v = Math.floor((rnd() < 0.5 ? -1 : 1) * Math.min(magnitude, 2 ** 29));
            want[i] = v;
            const zigzag = v >= 0 ? 2 * v : -2 * v - 1;
            const q = Math.floor(zigzag / 2 ** k);
            for (let z = 0; z < q; z++) writer.bits.push(0);
            writer.bits.push(1);
            writer.put(zigzag % 2 ** k, k);
          }
        }
      }
      const bytes = writer.bytes();
      const engine = new KernelEngine(1, 8192, 8 + Math.ceil(bytes.length / 8192));
      const src = engine.rawAddress;
      engine.raw(bytes.length).set(bytes);
      const state = new Int32Array(engine.memory.buffer, engine.scratch, 2);
      state[0] = 4;
      state[1] = writer.bits.length;
      const out = engine.channelAddress[0]!;
      const status = engine.exports.flac_residual(
        src,
        engine.scratch,
        out,
        n,
        order,
        partitionOrder,
        parameterBits,
      );
      expect(status).toBe(0);
      expect(state[0]).toBe(writer.bits.length);
      const got = new Int32Array(engine.memory.buffer, out, n);
      expect(Array.from(got.subarray(order))).toEqual(Array.from(want.subarray(order)));
      // With the limit before the end, the kernel says so instead of reading on.
      state[0] = 4;
      state[1] = writer.bits.length - 40;
      expect(
        engine.exports.flac_residual(
          src,
          engine.scratch,
          out,
          n,
          order,
          partitionOrder,
          parameterBits,
        ),
      ).toBe(1);
    }
  });
});

describe('stereo statistics kernel', () => {
  /** Σ a·b as the kernel sums it: four f32 lanes, then the lanes in f64. */
  function crossSumTwin(a: Float32Array, b: Float32Array, n: number): number {
    const lanes = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      lanes[i % 4] = Math.fround(lanes[i % 4]! + Math.fround(a[i]! * b[i]!));
    }
    return lanes[0]! + lanes[1]! + lanes[2]! + lanes[3]!;
  }

  it('gives exactly what channel_stats gives on each channel, and Σ L·R', () => {
    const engine = new KernelEngine(2, 4096, 8);
    const rnd = random(31);
    for (const c of [0, 1]) {
      const x = engine.channel(c);
      for (let i = 0; i < x.length; i++) x[i] = i % 301 === 0 ? (c ? -1 : 1) : (rnd() - 0.5) * 1.8;
    }
    const [a, b] = engine.channelAddress as [number, number];
    const e = engine.exports;
    const out = engine.rawAddress; // 9 + 8 f64 of room there
    for (const n of [0, 4, 1000, 4096]) {
      e.stereo_stats(a, b, n, 0.9, out);
      const fused = Array.from(engine.f64(out, 9));
      e.channel_stats(a, n, 0.9, out);
      e.channel_stats(b, n, 0.9, out + 32);
      const separate = [
        ...engine.f64(out, 8),
        crossSumTwin(engine.channel(0), engine.channel(1), n),
      ];
      expect(fused).toEqual(separate);
    }
  });
});
