// The hot loops of FLAC decoding (RFC 9639), as WebAssembly: Rice-coded residuals (with escaped
// partitions), the LPC and FIXED predictors (integer arithmetic with 64-bit sums, exact for
// any bit depth up to 30), the frame CRC-16 (slicing by 8) and the conversion of the integer
// codes to planar f32. Headers and subframe headers are read in TypeScript
// (decode/flac-frame-decoder.ts), which calls these per subframe.
import type { Code, ModuleBuilder } from './wasm-builder.js';

/** Largest LPC order in FLAC. */
export const FLAC_MAX_ORDER = 32;

export function addFlacKernels(m: ModuleBuilder): void {
  addResidual(m);
  for (let order = 1; order <= FLAC_MAX_ORDER; order++) addLpc(m, order);
  addCrc16(m);
  addIntToFloat(m);
}

const REVERSE8 = [7, 6, 5, 4, 3, 2, 1, 0, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * Pushes the 64 bits of the stream from bit `pos` (relative to `src`) as an i64, big-endian and
 * shifted so that bit `pos` is the top bit: at least 57 valid bits.
 */
function bits(c: Code): void {
  c.get('src').get('pos').i32(3).op('i32.shr_u', 'i32.add');
  c.simdMem('v128.load64_zero').set('v');
  c.get('v').get('v').shuffle(REVERSE8).lane('i64x2.extract_lane', 0);
  c.get('pos').i32(7).op('i32.and', 'i64.extend_i32_u', 'i64.shl');
}

/**
 * flac_residual(src, state, out, n, order, partitionOrder, parameterBits) → 0, or 1 when the
 * bits ran past the limit (the frame continues beyond the bytes read; or damaged data).
 * state (i32): [0] bit position from src (in and out), [1] the limit in bits. Writes the
 * residual of samples [order, n) to out (i32). The caller has checked that the partitions fit.
 */
function addResidual(m: ModuleBuilder): void {
  m.func(
    'flac_residual',
    {
      params: [
        ['src', 'i32'],
        ['state', 'i32'],
        ['out', 'i32'],
        ['n', 'i32'],
        ['order', 'i32'],
        ['partitionOrder', 'i32'],
        ['parameterBits', 'i32'],
      ],
      results: ['i32'],
      locals: [
        ['pos', 'i32'],
        ['limit', 'i32'],
        ['per', 'i32'],
        ['end', 'i32'],
        ['i', 'i32'],
        ['k', 'i32'],
        ['escape', 'i32'],
        ['z', 'i32'],
        ['q', 'i32'],
        ['low', 'i32'],
        ['value', 'i32'],
        ['need', 'i32'],
        ['avail', 'i32'],
        ['k1', 'i32'],
        ['outEnd', 'i32'],
        ['w', 'i64'],
        ['t', 'i64'],
        ['k64', 'i64'],
        ['kShift', 'i64'],
        ['v', 'v128'],
      ],
    },
    (c) => {
      c.get('state').mem('i32.load').set('pos');
      c.get('state').mem('i32.load', 4).set('limit');
      c.get('n').get('partitionOrder').op('i32.shr_u').set('per');
      c.i32(1).get('parameterBits').op('i32.shl').i32(1).op('i32.sub').set('escape');
      c.get('order').set('i');
      c.get('out').get('order').i32(2).op('i32.shl', 'i32.add').set('out');
      c.block('fail', () => {
        c.loop('partitions', () => {
          c.get('end').get('per').op('i32.add').set('end');
          // The Rice parameter.
          bits(c);
          c.i64(64).get('parameterBits').op('i64.extend_i32_u', 'i64.sub', 'i64.shr_u');
          c.op('i32.wrap_i64').set('k');
          c.get('pos').get('parameterBits').op('i32.add').set('pos');
          c.get('k').get('escape').op('i32.eq');
          c.if(
            () => {
              // Escaped: raw signed samples of `low` bits (0: all zero).
              bits(c);
              c.i64(59).op('i64.shr_u', 'i32.wrap_i64').set('low');
              c.get('pos').i32(5).op('i32.add').set('pos');
              c.block('raw', () => {
                c.loop('samples', () => {
                  c.get('i').get('end').op('i32.ge_u').brIf('raw');
                  c.get('out');
                  c.get('low').op('i32.eqz');
                  c.if(
                    () => c.i32(0).set('value'),
                    () => {
                      bits(c);
                      c.i64(64).get('low').op('i64.extend_i32_u', 'i64.sub', 'i64.shr_s');
                      c.op('i32.wrap_i64').set('value');
                    },
                  );
                  c.get('value').mem('i32.store');
                  c.get('pos').get('low').op('i32.add').tee('pos');
                  c.get('limit').op('i32.gt_u').brIf('fail');
                  c.get('out').i32(4).op('i32.add').set('out');
                  c.get('i').i32(1).op('i32.add').set('i');
                  c.br('samples');
                });
              });
            },
            () => {
              // Rice codes from a 64-bit bit buffer: `w` holds the next `avail` bits at its top,
              // refilled from memory when a code does not fit, so the chain from one code to
              // the next is a count of leading zeros and two shifts.
              bits(c);
              c.set('w');
              c.i32(64).get('pos').i32(7).op('i32.and', 'i32.sub').set('avail');
              c.get('k').op('i64.extend_i32_u').set('k64');
              c.i64(63).get('k64').op('i64.sub').set('kShift');
              c.get('k').i32(1).op('i32.add').set('k1');
              c.get('out').get('end').get('i').op('i32.sub').i32(2).op('i32.shl', 'i32.add');
              c.set('outEnd');
              c.block('rice', () => {
                c.loop('samples', () => {
                  c.get('out').get('outEnd').op('i32.ge_u').brIf('rice');
                  c.get('w').op('i64.clz', 'i32.wrap_i64').tee('z');
                  c.get('k1').op('i32.add').tee('need');
                  c.get('avail').op('i32.gt_u');
                  c.if(() => {
                    // Refill (the only place that reads memory: check the limit first).
                    c.get('pos').get('limit').op('i32.gt_u').brIf('fail');
                    bits(c);
                    c.set('w');
                    c.i32(64).get('pos').i32(7).op('i32.and', 'i32.sub').set('avail');
                    c.get('w').op('i64.clz', 'i32.wrap_i64').tee('z');
                    c.get('k1').op('i32.add').tee('need');
                    c.get('avail').op('i32.gt_u');
                    c.if(() => {
                      // A quotient longer than a window: count zeros window by window.
                      c.i32(0).set('q');
                      c.block('counted', () => {
                        c.loop('zeros', () => {
                          bits(c);
                          c.op('i64.clz', 'i32.wrap_i64').tee('z').i32(57).op('i32.lt_u');
                          c.brIf('counted');
                          c.get('q').i32(57).op('i32.add').set('q');
                          c.get('pos').i32(57).op('i32.add').tee('pos');
                          c.get('limit').op('i32.gt_u').brIf('fail');
                          c.br('zeros');
                        });
                      });
                      // Continue from just after the 1 bit, with a fresh window.
                      c.get('pos').get('z').op('i32.add').i32(1).op('i32.add').set('pos');
                      c.get('q').get('z').op('i32.add').set('q');
                      bits(c);
                      c.set('w');
                      c.i32(64).get('pos').i32(7).op('i32.and', 'i32.sub').set('avail');
                      // Read the remainder as a code with quotient 0 (a leading 1 is implied):
                      // w' = 1 · remainder bits; handled below with z = −1.
                      c.i32(-1).set('z');
                      c.get('k').set('need');
                    });
                  });
                  // low = the k bits after the quotient's 1 bit; then drop the code from w.
                  c.get('w').get('z').i32(1).op('i32.add', 'i64.extend_i32_u', 'i64.shl').tee('t');
                  c.i64(1).op('i64.shr_u').get('kShift').op('i64.shr_u', 'i32.wrap_i64').set('low');
                  c.get('t').get('k64').op('i64.shl').set('w');
                  c.get('avail').get('need').op('i32.sub').set('avail');
                  c.get('pos').get('need').op('i32.add').set('pos');
                  // value = q·2^k + low (q = z, or the long quotient when z = −1); zigzag.
                  c.get('q').get('z').get('z').i32(0).op('i32.lt_s', 'select');
                  c.get('k').op('i32.shl').get('low').op('i32.or').set('value');
                  c.get('out');
                  c.get('value').i32(1).op('i32.shr_u');
                  c.i32(0).get('value').i32(1).op('i32.and', 'i32.sub', 'i32.xor');
                  c.mem('i32.store');
                  c.get('out').i32(4).op('i32.add').set('out');
                  c.br('samples');
                });
              });
              c.get('end').set('i');
            },
          );
          c.get('pos').get('limit').op('i32.gt_u').brIf('fail');
          c.get('end').get('n').op('i32.lt_u').brIf('partitions');
        });
        c.get('state').get('pos').mem('i32.store');
        c.i32(0).op('return');
      });
      c.get('state').get('pos').mem('i32.store');
      c.i32(1);
    },
  );
}

/**
 * flac_lpc_<order>(out, n, coefficients, shift): s[i] += (Σ c[j]·s[i−1−j]) >> shift for i in
 * [order, n), in place over the residual (i32; coefficients i32). The sum is 64-bit; the
 * newest sample is kept in a local and enters last, so the other products do not wait for it.
 * FIXED predictors are LPC with shift 0 and the binomial coefficients.
 */
function addLpc(m: ModuleBuilder, order: number): void {
  m.func(
    `flac_lpc_${order}`,
    {
      params: [
        ['out', 'i32'],
        ['n', 'i32'],
        ['coefficients', 'i32'],
        ['shift', 'i32'],
      ],
      results: [],
      locals: [
        ['p', 'i32'],
        ['end', 'i32'],
        ['newest', 'i64'],
        ['sum', 'i64'],
        ['s', 'i32'],
        ['by', 'i64'],
      ],
    },
    (c) => {
      c.get('n')
        .i32(order)
        .op('i32.le_s')
        .if(() => c.op('return'));
      c.get('shift').op('i64.extend_i32_u').set('by');
      c.get('out').get('n').i32(2).op('i32.shl', 'i32.add').set('end');
      c.get('out')
        .i32(4 * order)
        .op('i32.add')
        .set('p');
      c.get('p').i32(4).op('i32.sub').mem('i64.load32_s').set('newest');
      c.loop('samples', () => {
        // Σ over the older samples s[i−1−j], j = order−1 … 1, read back from memory.
        c.i64(0);
        for (let j = order - 1; j >= 1; j--) {
          c.get('coefficients').mem('i64.load32_s', 4 * j);
          c.get('p')
            .i32(4 * (j + 1))
            .op('i32.sub')
            .mem('i64.load32_s');
          c.op('i64.mul', 'i64.add');
        }
        c.get('coefficients').mem('i64.load32_s', 0).get('newest').op('i64.mul', 'i64.add');
        c.get('by').op('i64.shr_s', 'i32.wrap_i64');
        c.get('p').mem('i32.load').op('i32.add').set('s');
        c.get('p').get('s').mem('i32.store');
        c.get('s').op('i64.extend_i32_s').set('newest');
        c.get('p').i32(4).op('i32.add').tee('p').get('end').op('i32.lt_u').brIf('samples');
      });
    },
  );
}

/**
 * crc16(p, n, tables): the FLAC frame CRC-16 (polynomial 0x8005, initial 0) of n bytes, eight
 * at a time. tables: 8 × 256 u16, table k = the register after a byte and k zero bytes.
 */
function addCrc16(m: ModuleBuilder): void {
  m.func(
    'crc16',
    {
      params: [
        ['p', 'i32'],
        ['n', 'i32'],
        ['tables', 'i32'],
      ],
      results: ['i32'],
      locals: [
        ['end', 'i32'],
        ['crc', 'i32'],
      ],
    },
    (c) => {
      c.get('p').get('n').op('i32.add').set('end');
      const entry = (table: number) => {
        c.i32(1)
          .op('i32.shl')
          .get('tables')
          .op('i32.add')
          .mem('i32.load16_u', 512 * table);
      };
      c.block('tail', () => {
        c.loop('eights', () => {
          c.get('p').i32(8).op('i32.add').get('end').op('i32.gt_u').brIf('tail');
          c.get('crc').i32(8).op('i32.shr_u').get('p').mem('i32.load8_u', 0).op('i32.xor');
          entry(7);
          c.get('crc').i32(255).op('i32.and').get('p').mem('i32.load8_u', 1).op('i32.xor');
          entry(6);
          c.op('i32.xor');
          for (let b = 2; b < 8; b++) {
            c.get('p').mem('i32.load8_u', b);
            entry(7 - b);
            c.op('i32.xor');
          }
          c.set('crc');
          c.get('p').i32(8).op('i32.add').set('p');
          c.br('eights');
        });
      });
      c.block('done', () => {
        c.loop('bytes', () => {
          c.get('p').get('end').op('i32.ge_u').brIf('done');
          c.get('crc').i32(8).op('i32.shl').i32(0xffff).op('i32.and');
          c.get('crc').i32(8).op('i32.shr_u').get('p').mem('i32.load8_u').op('i32.xor');
          entry(0);
          c.op('i32.xor').set('crc');
          c.get('p').i32(1).op('i32.add').set('p');
          c.br('bytes');
        });
      });
      c.get('crc');
    },
  );
}

/** i32_to_f32(src, dst, n, scale): dst = src·scale, 4 at a time (reads and writes up to 3 past n). */
function addIntToFloat(m: ModuleBuilder): void {
  m.func(
    'i32_to_f32',
    {
      params: [
        ['src', 'i32'],
        ['dst', 'i32'],
        ['n', 'i32'],
        ['scale', 'f32'],
      ],
      results: [],
      locals: [
        ['end', 'i32'],
        ['s', 'v128'],
      ],
    },
    (c) => {
      c.get('scale').simd('f32x4.splat').set('s');
      c.get('src').get('n').i32(2).op('i32.shl', 'i32.add').set('end');
      c.block('done', () => {
        c.loop('groups', () => {
          c.get('src').get('end').op('i32.ge_u').brIf('done');
          c.get('dst').get('src').simdMem('v128.load').simd('f32x4.convert_i32x4_s');
          c.get('s').simd('f32x4.mul').simdMem('v128.store');
          c.get('src').i32(16).op('i32.add').set('src');
          c.get('dst').i32(16).op('i32.add').set('dst');
          c.br('groups');
        });
      });
    },
  );
}
