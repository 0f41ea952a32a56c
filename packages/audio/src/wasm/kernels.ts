// The hot loops of @tapeop/audio, written as WebAssembly SIMD with the small assembler in
// wasm-builder.ts. Every kernel works on byte addresses in one shared memory that the JS side
// lays out (see engine.ts). Sample counts are processed in groups of 4 (one v128 of f32), so
// callers round up and keep 64 bytes of slack after every buffer.
//
// Each kernel has a plain TypeScript twin in kernels.test.ts that the tests compare it with.

import { truePeakPhases } from '../dsp/true-peak-filter.js';
import { addFlacKernels } from './flac-kernels.js';
import { type Code, ModuleBuilder } from './wasm-builder.js';

/**
 * The per-channel statistics the stats kernels reduce from their four lanes, in the order they
 * store them (8 bytes each): the lane vector, how lanes combine, and whether it counts (i32).
 */
const STAT_FIELDS: ReadonlyArray<[string, 'f64.max' | 'f64.add', boolean]> = [
  ['peak', 'f64.max', false],
  ['sum', 'f64.add', false],
  ['squares', 'f64.add', false],
  ['clips', 'f64.add', true],
];

const INT_TO_FLOAT = 2 ** -31;

/** 4 lanes of i32 whose upper bytes come from `bytes` (3 or 2 per sample); low bytes are masked. */
function pcmShuffle(sampleBytes: number[][], pad: number): number[] {
  return sampleBytes.flatMap((bytes) => [
    ...Array.from({ length: 4 - bytes.length }, () => pad),
    ...bytes,
  ]);
}

/** Masks the padding bytes below each sample to zero, converts and scales to ±1. */
function toFloat(c: Code, sampleBytes: number): void {
  const mask = sampleBytes === 3 ? -256 : -65536;
  c.v128I32(mask, mask, mask, mask).simd('v128.and', 'f32x4.convert_i32x4_s');
  c.v128F32(INT_TO_FLOAT, INT_TO_FLOAT, INT_TO_FLOAT, INT_TO_FLOAT).simd('f32x4.mul');
}

/** A loop over `count` groups of 4 frames: `src` advances by `srcStep`, destinations by 16. */
function frameLoop(c: Code, srcStep: number, body: () => void): void {
  c.get('groups')
    .op('i32.eqz')
    .if(() => c.op('return'));
  c.loop('frames', () => {
    body();
    c.get('src').i32(srcStep).op('i32.add').set('src');
    c.get('left').i32(16).op('i32.add').set('left');
    c.get('right').i32(16).op('i32.add').set('right');
    c.get('groups').i32(1).op('i32.sub').tee('groups').brIf('frames');
  });
}

function addDecoders(m: ModuleBuilder): void {
  const stereo = {
    params: [
      ['src', 'i32'],
      ['left', 'i32'],
      ['right', 'i32'],
      ['groups', 'i32'],
    ] as Array<[string, 'i32']>,
    results: [],
    locals: [
      ['a', 'v128'],
      ['b', 'v128'],
    ] as Array<[string, 'v128']>,
  };
  const mono = { ...stereo, params: stereo.params.filter(([n]) => n !== 'right') };
  // Mono kernels still advance `right`; give them a local of that name.
  const monoSpec = { ...mono, locals: [...mono.locals, ['right', 'i32'] as [string, 'i32']] };

  // 16-bit little-endian stereo: 4 frames = 16 bytes.
  m.func('s16le_stereo', stereo, (c) => {
    frameLoop(c, 16, () => {
      c.get('src').simdMem('v128.load').set('a');
      for (const [dst, first] of [
        ['left', 0],
        ['right', 2],
      ] as const) {
        c.get(dst).get('a').get('a');
        c.shuffle(
          pcmShuffle(
            [0, 4, 8, 12].map((o) => [o + first, o + first + 1]),
            0,
          ),
        );
        toFloat(c, 2);
        c.simdMem('v128.store');
      }
    });
  });
  // 16-bit mono: 4 samples = 8 bytes.
  m.func('s16le_mono', monoSpec, (c) => {
    frameLoop(c, 8, () => {
      c.get('left').get('src').simdMem('v128.load64_zero').tee('a').get('a');
      c.shuffle(
        pcmShuffle(
          [0, 2, 4, 6].map((o) => [o, o + 1]),
          0,
        ),
      );
      toFloat(c, 2);
      c.simdMem('v128.store');
    });
  });
  // 24-bit little-endian stereo: 4 frames = 24 bytes, read as bytes 0-15 (a) and 8-23 (b).
  m.func('s24le_stereo', stereo, (c) => {
    const byteIndex = (byte: number) => (byte < 16 ? byte : 16 + byte - 8);
    frameLoop(c, 24, () => {
      c.get('src').simdMem('v128.load').set('a');
      c.get('src').simdMem('v128.load', 8).set('b');
      for (const [dst, first] of [
        ['left', 0],
        ['right', 3],
      ] as const) {
        c.get(dst).get('a').get('b');
        const samples = [0, 6, 12, 18].map((o) =>
          [o + first, o + first + 1, o + first + 2].map(byteIndex),
        );
        c.shuffle(pcmShuffle(samples, 0));
        toFloat(c, 3);
        c.simdMem('v128.store');
      }
    });
  });
  // 24-bit mono: 4 samples = 12 bytes.
  m.func('s24le_mono', monoSpec, (c) => {
    frameLoop(c, 12, () => {
      c.get('left').get('src').simdMem('v128.load').tee('a').get('a');
      c.shuffle(
        pcmShuffle(
          [0, 3, 6, 9].map((o) => [o, o + 1, o + 2]),
          0,
        ),
      );
      toFloat(c, 3);
      c.simdMem('v128.store');
    });
  });

  // 32-bit float: non-finite samples (NaN, ±Inf) become 0 and are counted (the result).
  const floatSpec = (channels: 1 | 2) => ({
    params: channels === 2 ? stereo.params : mono.params,
    results: ['i32' as const],
    locals: [
      ['a', 'v128'],
      ['b', 'v128'],
      ['x', 'v128'],
      ['finite', 'v128'],
      ['bad', 'v128'],
      ...(channels === 1 ? [['right', 'i32'] as [string, 'i32']] : []),
    ] as Array<[string, 'v128' | 'i32']>,
  });
  const sanitize = (c: Code, dst: string) => {
    // x − x is 0 for finite x and NaN otherwise, so the comparison is all-ones only for finite.
    c.tee('x').get('x').simd('f32x4.sub').v128F32(0, 0, 0, 0).simd('f32x4.eq').set('finite');
    c.get('bad').get('finite').simd('v128.not').simd('i32x4.sub').set('bad');
    c.get(dst).get('x').get('finite').simd('v128.and').simdMem('v128.store');
  };
  const countBad = (c: Code) => {
    for (let lane = 0; lane < 4; lane++) c.get('bad').lane('i32x4.extract_lane', lane);
    c.op('i32.add', 'i32.add', 'i32.add');
  };
  m.func('f32le_stereo', floatSpec(2), (c) => {
    c.get('groups')
      .op('i32.eqz')
      .if(() => c.i32(0).op('return'));
    c.loop('frames', () => {
      c.get('src').simdMem('v128.load').set('a');
      c.get('src').simdMem('v128.load', 16).set('b');
      c.get('a').get('b').shuffle([0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27]);
      sanitize(c, 'left');
      c.get('a').get('b').shuffle([4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31]);
      sanitize(c, 'right');
      c.get('src').i32(32).op('i32.add').set('src');
      c.get('left').i32(16).op('i32.add').set('left');
      c.get('right').i32(16).op('i32.add').set('right');
      c.get('groups').i32(1).op('i32.sub').tee('groups').brIf('frames');
    });
    countBad(c);
  });
  m.func('f32le_mono', floatSpec(1), (c) => {
    c.get('groups')
      .op('i32.eqz')
      .if(() => c.i32(0).op('return'));
    c.loop('frames', () => {
      c.get('src').simdMem('v128.load');
      sanitize(c, 'left');
      c.get('src').i32(16).op('i32.add').set('src');
      c.get('left').i32(16).op('i32.add').set('left');
      c.get('groups').i32(1).op('i32.sub').tee('groups').brIf('frames');
    });
    countBad(c);
  });
}

/**
 * Per-channel statistics of `n` samples (n a multiple of 4): writes f64 max |x|, Σx, Σx² and
 * the number of samples with |x| ≥ clip to out[0..3].
 */
function addStats(m: ModuleBuilder): void {
  m.func(
    'channel_stats',
    {
      params: [
        ['p', 'i32'],
        ['n', 'i32'],
        ['clip', 'f32'],
        ['out', 'i32'],
      ],
      results: [],
      locals: [
        ['end', 'i32'],
        ['x', 'v128'],
        ['ax', 'v128'],
        ['peak', 'v128'],
        ['sum', 'v128'],
        ['squares', 'v128'],
        ['clips', 'v128'],
        ['limit', 'v128'],
      ],
    },
    (c) => {
      c.get('clip').simd('f32x4.splat').set('limit');
      c.get('p').get('n').i32(2).op('i32.shl', 'i32.add').set('end');
      c.get('n').i32(0).op('i32.gt_s');
      c.if(() => {
        c.loop('samples', () => {
          c.get('p').simdMem('v128.load').set('x');
          c.get('peak').get('x').simd('f32x4.abs').tee('ax').simd('f32x4.pmax').set('peak');
          c.get('sum').get('x').simd('f32x4.add').set('sum');
          c.get('squares').get('x').get('x').simd('f32x4.mul', 'f32x4.add').set('squares');
          c.get('clips').get('ax').get('limit').simd('f32x4.ge', 'i32x4.sub').set('clips');
          c.get('p').i32(16).op('i32.add').tee('p').get('end').op('i32.lt_u').brIf('samples');
        });
      });
      // Reduce the lanes in f64 and store the four figures.
      STAT_FIELDS.forEach(([vector, combine, integer], field) => {
        c.get('out');
        for (let lane = 0; lane < 4; lane++) {
          if (integer) c.get(vector).lane('i32x4.extract_lane', lane).op('f64.convert_i32_s');
          else c.get(vector).lane('f32x4.extract_lane', lane).op('f64.promote_f32');
          if (lane > 0) c.op(combine);
        }
        c.mem('f64.store', field * 8);
      });
    },
  );

  // Both channels of an L/R pair in one pass, with Σ L·R for the correlation: the statistics of
  // channel_stats for a at out[0..3] and for b at out[4..7], then Σ a·b at out[8]. The same
  // lanes and order of additions as channel_stats, so the figures are identical.
  m.func(
    'stereo_stats',
    {
      params: [
        ['a', 'i32'],
        ['b', 'i32'],
        ['n', 'i32'],
        ['clip', 'f32'],
        ['out', 'i32'],
      ],
      results: [],
      locals: [
        ['end', 'i32'],
        ['delta', 'i32'],
        ['limit', 'v128'],
        ['cross', 'v128'],
        ...['a', 'b'].flatMap((ch) =>
          ['x', 'ax', 'peak', 'sum', 'squares', 'clips'].map(
            (name) => [`${ch}_${name}`, 'v128'] as [string, 'v128'],
          ),
        ),
      ],
    },
    (c) => {
      c.get('clip').simd('f32x4.splat').set('limit');
      c.get('b').get('a').op('i32.sub').set('delta');
      c.get('a').get('n').i32(2).op('i32.shl', 'i32.add').set('end');
      c.get('n').i32(0).op('i32.gt_s');
      c.if(() => {
        c.loop('samples', () => {
          c.get('a').simdMem('v128.load').set('a_x');
          c.get('a').get('delta').op('i32.add').simdMem('v128.load').set('b_x');
          for (const ch of ['a', 'b']) {
            const v = (name: string) => `${ch}_${name}`;
            c.get(v('peak')).get(v('x')).simd('f32x4.abs').tee(v('ax')).simd('f32x4.pmax');
            c.set(v('peak'));
            c.get(v('sum')).get(v('x')).simd('f32x4.add').set(v('sum'));
            c.get(v('squares')).get(v('x')).get(v('x')).simd('f32x4.mul', 'f32x4.add');
            c.set(v('squares'));
            c.get(v('clips')).get(v('ax')).get('limit').simd('f32x4.ge', 'i32x4.sub');
            c.set(v('clips'));
          }
          c.get('cross').get('a_x').get('b_x').simd('f32x4.mul', 'f32x4.add').set('cross');
          c.get('a').i32(16).op('i32.add').tee('a').get('end').op('i32.lt_u').brIf('samples');
        });
      });
      ['a', 'b'].forEach((ch, channel) => {
        STAT_FIELDS.forEach(([vector, combine, integer], field) => {
          c.get('out');
          for (let lane = 0; lane < 4; lane++) {
            if (integer)
              c.get(`${ch}_${vector}`).lane('i32x4.extract_lane', lane).op('f64.convert_i32_s');
            else c.get(`${ch}_${vector}`).lane('f32x4.extract_lane', lane).op('f64.promote_f32');
            if (lane > 0) c.op(combine);
          }
          c.mem('f64.store', (4 * channel + field) * 8);
        });
      });
      c.get('out');
      for (let lane = 0; lane < 4; lane++) {
        c.get('cross').lane('f32x4.extract_lane', lane).op('f64.promote_f32');
        if (lane > 0) c.op('f64.add');
      }
      c.mem('f64.store', 64);
    },
  );
}

/**
 * Clipping runs of n samples at p, without a per-sample loop in JavaScript (a clipped master
 * has hundreds of thousands of runs). A run is consecutive samples with |x| ≥ clip.
 * state (i32): [0] the length of the run still open at the end of the previous block (in and
 * out), [1] out: the runs of at least minRun samples that ended in this block. Up to maxOut of
 * them are written to out as i32 pairs (start relative to p, negative when the run began in
 * an earlier block; length). Returns how many were written. Runs between hits are skipped
 * four samples at a time; the buffers' slack covers the reads past n.
 */
function addClipRuns(m: ModuleBuilder): void {
  m.func(
    'clip_runs',
    {
      params: [
        ['p', 'i32'],
        ['n', 'i32'],
        ['clip', 'f32'],
        ['minRun', 'i32'],
        ['state', 'i32'],
        ['out', 'i32'],
        ['maxOut', 'i32'],
      ],
      results: ['i32'],
      locals: [
        ['i', 'i32'],
        ['run', 'i32'],
        ['count', 'i32'],
        ['listed', 'i32'],
        ['limit', 'v128'],
        ['x', 'f32'],
      ],
    },
    (c) => {
      c.get('clip').simd('f32x4.splat').set('limit');
      c.get('state').mem('i32.load').set('run');
      const sample = () => c.get('p').get('i').i32(2).op('i32.shl', 'i32.add').mem('f32.load');
      c.block('done', () => {
        c.loop('runs', () => {
          // Outside a run: skip groups of 4 with nothing at full scale, then find the sample.
          c.get('run')
            .op('i32.eqz')
            .if(() => {
              c.block('located', () => {
                c.block('group', () => {
                  c.loop('groups', () => {
                    c.get('i').get('n').op('i32.ge_s').brIf('done');
                    c.get('p').get('i').i32(2).op('i32.shl', 'i32.add').simdMem('v128.load');
                    c.simd('f32x4.abs').get('limit').simd('f32x4.ge', 'v128.any_true');
                    c.brIf('group');
                    c.get('i').i32(4).op('i32.add').set('i');
                    c.br('groups');
                  });
                });
                c.loop('lanes', () => {
                  sample();
                  c.op('f32.abs').get('clip').op('f32.ge').brIf('located');
                  c.get('i').i32(1).op('i32.add').set('i');
                  c.br('lanes');
                });
              });
            });
          // Inside a run: count its samples.
          c.block('closed', () => {
            c.loop('inside', () => {
              c.get('i').get('n').op('i32.ge_s').brIf('done');
              sample();
              c.op('f32.abs').get('clip').op('f32.lt').brIf('closed');
              c.get('run').i32(1).op('i32.add').set('run');
              c.get('i').i32(1).op('i32.add').set('i');
              c.br('inside');
            });
          });
          // The run ended before sample i.
          c.get('run').get('minRun').op('i32.ge_s');
          c.if(() => {
            c.get('count').i32(1).op('i32.add').set('count');
            c.get('listed').get('maxOut').op('i32.lt_s');
            c.if(() => {
              c.get('out').get('listed').i32(3).op('i32.shl', 'i32.add');
              c.get('i').get('run').op('i32.sub').mem('i32.store');
              c.get('out').get('listed').i32(3).op('i32.shl', 'i32.add');
              c.get('run').mem('i32.store', 4);
              c.get('listed').i32(1).op('i32.add').set('listed');
            });
          });
          c.i32(0).set('run');
          c.br('runs');
        });
      });
      c.get('state').get('run').mem('i32.store');
      c.get('state').get('count').mem('i32.store', 4);
      c.get('listed');
    },
  );
}

const COEFFICIENTS = ['b0', 'b1', 'b2', 'a1', 'a2', 'c0', 'c1', 'c2', 'd1', 'd2'];
const STATE = ['x1', 'x2', 'z1', 'z2', 'y1', 'y2'];

/**
 * K-weighting (two biquads in f64) of n samples, returning Σy² per channel.
 * Coefficients at `coef`: f64 b0 b1 b2 a1 a2 of the shelf, then c0 c1 c2 d1 d2 of the high-pass
 * (whose numerator c0 c1 c2 is always 1, −2, 1 and is applied as additions).
 * State at `state`: x1 x2 (shelf inputs), z1 z2 (shelf outputs), y1 y2 (high-pass outputs).
 * kweight_pair runs two channels in the two lanes of f64x2 (state 6 × 16 bytes, out 2 f64);
 * kweight_one runs one channel (state 6 × 8 bytes, out 1 f64). kweight_pair overwrites the 160
 * bytes after the coefficients with their f64x2 splats. The a1/d1 products come last
 * so that each recursion waits for one multiply and one subtract only.
 */
function addKWeighting(m: ModuleBuilder): void {
  const biquadBody = (c: Code, kind: 'f64x2' | 'f64') => {
    // Coefficients are read from memory (the f64x2 kernel first stores them as splats after
    // the f64 ones), not held in locals: with 10 of them and the state the loop needs more
    // than the 16 vector registers, and V8 then spills state and shuffles registers in the
    // loop (about 20 % slower, measured). Loads are off the recursion's critical path.
    const coefficient = (name: string) => {
      const i = COEFFICIENTS.indexOf(name);
      if (kind === 'f64') c.get('coef').mem('f64.load', 8 * i);
      else c.get('coef').simdMem('v128.load', 80 + 16 * i, 4);
      return c;
    };
    const mul = () => (kind === 'f64' ? c.op('f64.mul') : c.simd('f64x2.mul'));
    const add = () => (kind === 'f64' ? c.op('f64.add') : c.simd('f64x2.add'));
    const sub = () => (kind === 'f64' ? c.op('f64.sub') : c.simd('f64x2.sub'));
    // s = b0·x + b1·x1 + b2·x2 − a2·z2 − a1·z1
    coefficient('b0').get('x');
    mul();
    coefficient('b1').get('x1');
    mul();
    add();
    coefficient('b2').get('x2');
    mul();
    add();
    coefficient('a2').get('z2');
    mul();
    sub();
    coefficient('a1').get('z1');
    mul();
    sub();
    c.set('s');
    // y = s − 2·z1 + z2 − d2·y2 − d1·y1 (the RLB high-pass numerator is 1, −2, 1 at every rate)
    c.get('s').get('z2');
    add();
    c.get('z1').get('z1');
    add();
    sub();
    coefficient('d2').get('y2');
    mul();
    sub();
    coefficient('d1').get('y1');
    mul();
    sub();
    c.set('y');
    c.get('x1').set('x2').get('x').set('x1');
    c.get('z1').set('z2').get('s').set('z1');
    c.get('y1').set('y2').get('y').set('y1');
    c.get('acc').get('y').get('y');
    mul();
    add();
    c.set('acc');
  };

  m.func(
    'kweight_pair',
    {
      params: [
        ['a', 'i32'],
        ['b', 'i32'],
        ['n', 'i32'],
        ['coef', 'i32'],
        ['state', 'i32'],
        ['out', 'i32'],
      ],
      results: [],
      locals: [
        ['end', 'i32'],
        ['delta', 'i32'],
        ['x', 'v128'],
        ['s', 'v128'],
        ['y', 'v128'],
        ['acc', 'v128'],
        ...STATE.map((n) => [n, 'v128'] as [string, 'v128']),
      ],
    },
    (c) => {
      COEFFICIENTS.forEach((_, i) => {
        c.get('coef')
          .get('coef')
          .mem('f64.load', i * 8)
          .simd('f64x2.splat')
          .simdMem('v128.store', 80 + 16 * i, 4);
      });
      STATE.forEach((name, i) => {
        c.get('state')
          .simdMem('v128.load', i * 16)
          .set(name);
      });
      c.get('b').get('a').op('i32.sub').set('delta');
      c.get('a').get('n').i32(2).op('i32.shl', 'i32.add').set('end');
      c.get('n').i32(0).op('i32.gt_s');
      c.if(() => {
        c.loop('samples', () => {
          c.get('a').get('delta').op('i32.add');
          c.get('a').simdMem('v128.load32_zero');
          c.loadLane('v128.load32_lane', 1);
          c.simd('f64x2.promote_low_f32x4').set('x');
          biquadBody(c, 'f64x2');
          c.get('a').i32(4).op('i32.add').tee('a').get('end').op('i32.lt_u').brIf('samples');
        });
      });
      STATE.forEach((name, i) => {
        c.get('state')
          .get(name)
          .simdMem('v128.store', i * 16);
      });
      c.get('out').get('acc').simdMem('v128.store');
    },
  );

  m.func(
    'kweight_one',
    {
      params: [
        ['a', 'i32'],
        ['n', 'i32'],
        ['coef', 'i32'],
        ['state', 'i32'],
        ['out', 'i32'],
      ],
      results: [],
      locals: [
        ['end', 'i32'],
        ['x', 'f64'],
        ['s', 'f64'],
        ['y', 'f64'],
        ['acc', 'f64'],
        ...STATE.map((n) => [n, 'f64'] as [string, 'f64']),
      ],
    },
    (c) => {
      STATE.forEach((name, i) => {
        c.get('state')
          .mem('f64.load', i * 8)
          .set(name);
      });
      c.get('a').get('n').i32(2).op('i32.shl', 'i32.add').set('end');
      c.get('n').i32(0).op('i32.gt_s');
      c.if(() => {
        c.loop('samples', () => {
          c.get('a').mem('f32.load').op('f64.promote_f32').set('x');
          biquadBody(c, 'f64');
          c.get('a').i32(4).op('i32.add').tee('a').get('end').op('i32.lt_u').brIf('samples');
        });
      });
      STATE.forEach((name, i) => {
        c.get('state')
          .get(name)
          .mem('f64.store', i * 8);
      });
      c.get('out').get('acc').mem('f64.store');
    },
  );
}

/**
 * True peak of n samples at p (n a multiple of 4; the 12 samples before p hold the previous
 * block's tail): the running maximum of |oversampled output| with the Annex 2 phases given,
 * starting from `peak`. Vectorised along time: lane j of load(p − 4m) is x[i + j − m]. Each
 * input vector is loaded once for all phases, and every phase sums its 12 products in two
 * halves so that the additions do not wait on one another.
 *
 * Exact pruning: write the 12 inputs of an output as mid + e with mid the middle of the
 * chunk's range [lo, hi] and |e| ≤ half = (hi − lo)/2. Then |Σ h·x| ≤ |mid|·|Σh| + half·Σ|h|.
 * Each chunk of 64 outputs whose bound (over its inputs and the 11 before) cannot beat the
 * running maximum is skipped; the result is the same as without pruning. The bound is tight
 * where it matters: near a peak, music at these rates moves little within a chunk, so mid is
 * close to the peak and half is small (a bound from max |x| alone would be twice the peak).
 */
const SWAP_HALVES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
const SWAP_PAIRS = [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11];

function addTruePeak(m: ModuleBuilder, name: string, phases: readonly (readonly number[])[]): void {
  const taps = phases.flatMap((phase, k) => phase.map((_, j) => `h${k}_${j}`));
  // Per phase: |Σh| (the gain for the common part) and Σ|h| (the gain for the rest), with a
  // margin for f32 rounding in the filter and in the bound itself.
  const gains = phases.map((p) => ({
    common: Math.abs(p.reduce((a, t) => a + t, 0)) * 1.0001,
    rest: p.reduce((a, t) => a + Math.abs(t), 0) * 1.0001,
  }));
  const CHUNK_GROUPS = 16; // 64 samples
  const accumulators = phases.flatMap((_, k) => [`acc${k}a`, `acc${k}b`]);
  m.func(
    name,
    {
      params: [
        ['p', 'i32'],
        ['n', 'i32'],
        ['peak', 'f32'],
      ],
      results: ['f32'],
      locals: [
        ['end', 'i32'],
        ['chunkEnd', 'i32'],
        ['q', 'i32'],
        ['running', 'f32'],
        ['mid', 'v128'],
        ['half', 'v128'],
        ['x', 'v128'],
        ['max', 'v128'],
        ['lo', 'v128'],
        ['hi', 'v128'],
        ...accumulators.map((a) => [a, 'v128'] as [string, 'v128']),
        ...taps.map((t) => [t, 'v128'] as [string, 'v128']),
      ],
    },
    (c) => {
      phases.forEach((phase, k) => {
        phase.forEach((tap, j) => {
          c.f32(tap).simd('f32x4.splat').set(`h${k}_${j}`);
        });
      });
      const reduce = (vector: string, op: 'f32.max' | 'f32.min') => {
        for (let lane = 0; lane < 4; lane++) {
          c.get(vector).lane('f32x4.extract_lane', lane);
          if (lane > 0) c.op(op);
        }
      };
      c.get('peak').tee('running').simd('f32x4.splat').set('max');
      c.get('p').get('n').i32(2).op('i32.shl', 'i32.add').set('end');
      c.get('n').i32(0).op('i32.gt_s');
      c.if(() => {
        c.loop('chunks', () => {
          // chunkEnd = min(p + 256, end)
          c.get('p')
            .i32(CHUNK_GROUPS * 16)
            .op('i32.add')
            .tee('chunkEnd');
          c.get('end').get('chunkEnd').get('end').op('i32.lt_u', 'select').set('chunkEnd');
          // lo, hi = min, max of x over [p − 12, chunkEnd)
          c.get('p').i32(48).op('i32.sub').tee('q').simdMem('v128.load').tee('lo').set('hi');
          c.get('q').i32(16).op('i32.add').set('q');
          c.loop('scan', () => {
            c.get('q').simdMem('v128.load').set('x');
            c.get('lo').get('x').simd('f32x4.pmin').set('lo');
            c.get('hi').get('x').simd('f32x4.pmax').set('hi');
            c.get('q').i32(16).op('i32.add').tee('q').get('chunkEnd').op('i32.lt_u').brIf('scan');
          });
          // Every lane of lo and hi becomes the minimum and maximum of the chunk.
          for (const [vector, op] of [
            ['lo', 'f32x4.pmin'],
            ['hi', 'f32x4.pmax'],
          ] as const) {
            for (const lanes of [SWAP_HALVES, SWAP_PAIRS]) {
              c.get(vector).get(vector).get(vector).shuffle(lanes).simd(op).set(vector);
            }
          }
          c.get('hi').get('lo').simd('f32x4.sub').v128F32(0.5, 0.5, 0.5, 0.5).simd('f32x4.mul');
          c.set('half');
          c.get('hi').get('lo').simd('f32x4.add').v128F32(0.5, 0.5, 0.5, 0.5).simd('f32x4.mul');
          c.simd('f32x4.abs').set('mid');
          // bound = max over phases of |mid|·common + half·rest (the same in every lane)
          gains.forEach(({ common, rest }, k) => {
            c.get('mid').v128F32(common, common, common, common).simd('f32x4.mul');
            c.get('half').v128F32(rest, rest, rest, rest).simd('f32x4.mul', 'f32x4.add');
            if (k > 0) c.simd('f32x4.pmax');
          });
          c.lane('f32x4.extract_lane', 0);
          c.get('running').op('f32.gt');
          c.if(() => {
            c.get('p').set('q');
            c.loop('samples', () => {
              for (let j = 0; j < 12; j++) {
                // x[i − j …]: q − 4j, written as (q − 44) + (44 − 4j) (offsets are unsigned).
                c.get('q')
                  .i32(44)
                  .op('i32.sub')
                  .simdMem('v128.load', 44 - 4 * j)
                  .set('x');
                phases.forEach((_, k) => {
                  const acc = `acc${k}${j % 2 === 0 ? 'a' : 'b'}`;
                  if (j < 2) c.get('x').get(`h${k}_${j}`).simd('f32x4.mul').set(acc);
                  else
                    c.get(acc).get('x').get(`h${k}_${j}`).simd('f32x4.mul', 'f32x4.add').set(acc);
                });
              }
              phases.forEach((_, k) => {
                c.get(`acc${k}a`).get(`acc${k}b`).simd('f32x4.add', 'f32x4.abs');
                c.get('max').simd('f32x4.pmax').set('max');
              });
              c.get('q')
                .i32(16)
                .op('i32.add')
                .tee('q')
                .get('chunkEnd')
                .op('i32.lt_u')
                .brIf('samples');
            });
            reduce('max', 'f32.max');
            c.set('running');
          });
          c.get('chunkEnd').tee('p').get('end').op('i32.lt_u').brIf('chunks');
        });
      });
      c.get('running');
    },
  );
}

/** The kernel module's bytes. Built once per thread; see engine.ts for the memory layout. */
export function buildKernelModule(): Uint8Array {
  const m = new ModuleBuilder();
  addDecoders(m);
  addStats(m);
  addClipRuns(m);
  addKWeighting(m);
  addTruePeak(m, 'true_peak_4x', truePeakPhases(4));
  addTruePeak(m, 'true_peak_2x', truePeakPhases(2));
  addFlacKernels(m);
  return m.build();
}
