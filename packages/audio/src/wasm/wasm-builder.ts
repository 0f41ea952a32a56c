// A small WebAssembly assembler: just enough of the binary format (MVP + fixed-width SIMD) to
// write the measuring kernels by hand in TypeScript. No compiler toolchain is needed to build
// or install the package; the module bytes are assembled once per thread at run time.
//
// Encoding reference: the WebAssembly core specification, binary format chapter, and the
// SIMD proposal's BinarySIMD.md opcode table.

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

const valTypeCode: Record<ValType, number> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
};

/** Plain (one-byte) opcodes used by the kernels. */
const plainOps = {
  unreachable: 0x00,
  nop: 0x01,
  return: 0x0f,
  drop: 0x1a,
  select: 0x1b,
  'i32.eqz': 0x45,
  'i32.eq': 0x46,
  'i32.ne': 0x47,
  'i32.lt_s': 0x48,
  'i32.lt_u': 0x49,
  'i32.gt_s': 0x4a,
  'i32.gt_u': 0x4b,
  'i32.le_s': 0x4c,
  'i32.le_u': 0x4d,
  'i32.ge_s': 0x4e,
  'i32.ge_u': 0x4f,
  'f32.eq': 0x5b,
  'f32.ne': 0x5c,
  'f32.lt': 0x5d,
  'f32.gt': 0x5e,
  'f32.le': 0x5f,
  'f32.ge': 0x60,
  'f64.eq': 0x61,
  'f64.ne': 0x62,
  'f64.lt': 0x63,
  'f64.gt': 0x64,
  'f64.le': 0x65,
  'f64.ge': 0x66,
  'i32.add': 0x6a,
  'i32.sub': 0x6b,
  'i32.mul': 0x6c,
  'i32.and': 0x71,
  'i32.or': 0x72,
  'i32.xor': 0x73,
  'i32.shl': 0x74,
  'i32.shr_s': 0x75,
  'i32.shr_u': 0x76,
  'i32.clz': 0x67,
  'i64.eqz': 0x50,
  'i64.clz': 0x79,
  'i64.add': 0x7c,
  'i64.sub': 0x7d,
  'i64.mul': 0x7e,
  'i64.and': 0x83,
  'i64.or': 0x84,
  'i64.xor': 0x85,
  'i64.shl': 0x86,
  'i64.shr_s': 0x87,
  'i64.shr_u': 0x88,
  'i32.wrap_i64': 0xa7,
  'i64.extend_i32_s': 0xac,
  'i64.extend_i32_u': 0xad,
  'f32.abs': 0x8b,
  'f32.neg': 0x8c,
  'f32.add': 0x92,
  'f32.sub': 0x93,
  'f32.mul': 0x94,
  'f32.div': 0x95,
  'f32.min': 0x96,
  'f32.max': 0x97,
  'f64.abs': 0x99,
  'f64.neg': 0x9a,
  'f64.sqrt': 0x9f,
  'f64.add': 0xa0,
  'f64.sub': 0xa1,
  'f64.mul': 0xa2,
  'f64.div': 0xa3,
  'f64.min': 0xa4,
  'f64.max': 0xa5,
  'f32.convert_i32_s': 0xb2,
  'f32.demote_f64': 0xb6,
  'f64.convert_i32_s': 0xb7,
  'f64.promote_f32': 0xbb,
} as const;

/** Memory opcodes (followed by a memarg): [opcode, natural alignment log2]. */
const memoryOps = {
  'i32.load': [0x28, 2],
  'i64.load': [0x29, 3],
  'f32.load': [0x2a, 2],
  'f64.load': [0x2b, 3],
  'i32.load8_s': [0x2c, 0],
  'i32.load8_u': [0x2d, 0],
  'i32.load16_s': [0x2e, 1],
  'i32.load16_u': [0x2f, 1],
  'i64.load32_s': [0x34, 2],
  'i32.store': [0x36, 2],
  'i64.store': [0x37, 3],
  'f32.store': [0x38, 2],
  'f64.store': [0x39, 3],
} as const;

/** SIMD opcodes without immediates (prefix 0xfd, then the opcode as LEB128). */
const simdOps = {
  'i32x4.splat': 0x11,
  'f32x4.splat': 0x13,
  'f64x2.splat': 0x14,
  'f32x4.eq': 0x41,
  'f32x4.ne': 0x42,
  'f32x4.lt': 0x43,
  'f32x4.gt': 0x44,
  'f32x4.le': 0x45,
  'f32x4.ge': 0x46,
  'f64x2.eq': 0x47,
  'f64x2.ne': 0x48,
  'v128.not': 0x4d,
  'v128.and': 0x4e,
  'v128.andnot': 0x4f,
  'v128.or': 0x50,
  'v128.xor': 0x51,
  'v128.bitselect': 0x52,
  'v128.any_true': 0x53,
  'f32x4.demote_f64x2_zero': 0x5e,
  'f64x2.promote_low_f32x4': 0x5f,
  'i32x4.shl': 0xab,
  'i32x4.shr_s': 0xac,
  'i32x4.shr_u': 0xad,
  'i32x4.add': 0xae,
  'i32x4.sub': 0xb1,
  'f32x4.nearest': 0x6a,
  'f32x4.abs': 0xe0,
  'f32x4.neg': 0xe1,
  'f32x4.add': 0xe4,
  'f32x4.sub': 0xe5,
  'f32x4.mul': 0xe6,
  'f32x4.div': 0xe7,
  'f32x4.min': 0xe8,
  'f32x4.max': 0xe9,
  'f32x4.pmin': 0xea,
  'f32x4.pmax': 0xeb,
  'f64x2.abs': 0xec,
  'f64x2.neg': 0xed,
  'f64x2.add': 0xf0,
  'f64x2.sub': 0xf1,
  'f64x2.mul': 0xf2,
  'f64x2.div': 0xf3,
  'f64x2.min': 0xf4,
  'f64x2.max': 0xf5,
  'f64x2.pmax': 0xf7,
  'f32x4.convert_i32x4_s': 0xfa,
  'f64x2.convert_low_i32x4_s': 0xfe,
} as const;

/** SIMD memory opcodes (followed by a memarg): [opcode, natural alignment log2]. */
const simdMemoryOps = {
  'v128.load': [0x00, 4],
  'v128.load32_splat': [0x09, 2],
  'v128.store': [0x0b, 4],
  'v128.load32_zero': [0x5c, 2],
  'v128.load64_zero': [0x5d, 3],
} as const;

/** SIMD lane opcodes (followed by a lane index byte). */
const simdLaneOps = {
  'i32x4.extract_lane': 0x1b,
  'i64x2.extract_lane': 0x1d,
  'f32x4.extract_lane': 0x1f,
  'f32x4.replace_lane': 0x20,
  'f64x2.extract_lane': 0x21,
  'f64x2.replace_lane': 0x22,
} as const;

/** SIMD load-lane opcodes (memarg, then lane index). */
const simdLoadLaneOps = {
  'v128.load32_lane': [0x56, 2],
} as const;

export type PlainOp = keyof typeof plainOps;
export type MemoryOp = keyof typeof memoryOps;
export type SimdOp = keyof typeof simdOps;
export type SimdMemoryOp = keyof typeof simdMemoryOps;
export type SimdLaneOp = keyof typeof simdLaneOps;

export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function signedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function utf8Name(name: string): number[] {
  const bytes = [...new TextEncoder().encode(name)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

/** The instructions of one function body, with named locals and named labels. */
export class Code {
  readonly bytes: number[] = [];
  private readonly labels: string[] = [];

  constructor(private readonly locals: Map<string, { index: number; type: ValType }>) {}

  private local(name: string): number {
    const found = this.locals.get(name);
    if (!found) throw new Error(`wasm builder: no local named ${name}`);
    return found.index;
  }

  op(...names: PlainOp[]): this {
    for (const name of names) this.bytes.push(plainOps[name]);
    return this;
  }

  get(name: string): this {
    this.bytes.push(0x20, ...unsignedLeb(this.local(name)));
    return this;
  }

  set(name: string): this {
    this.bytes.push(0x21, ...unsignedLeb(this.local(name)));
    return this;
  }

  tee(name: string): this {
    this.bytes.push(0x22, ...unsignedLeb(this.local(name)));
    return this;
  }

  i32(value: number): this {
    this.bytes.push(0x41, ...signedLeb(value));
    return this;
  }

  /** i64.const of a value in the i32 range. */
  i64(value: number): this {
    this.bytes.push(0x42, ...signedLeb(value));
    return this;
  }

  f32(value: number): this {
    const buffer = new DataView(new ArrayBuffer(4));
    buffer.setFloat32(0, value, true);
    this.bytes.push(0x43, ...new Uint8Array(buffer.buffer));
    return this;
  }

  f64(value: number): this {
    const buffer = new DataView(new ArrayBuffer(8));
    buffer.setFloat64(0, value, true);
    this.bytes.push(0x44, ...new Uint8Array(buffer.buffer));
    return this;
  }

  /** v128.const from 16 bytes. */
  v128Bytes(bytes: number[]): this {
    if (bytes.length !== 16) throw new Error('v128.const needs 16 bytes');
    this.bytes.push(0xfd, ...unsignedLeb(0x0c), ...bytes);
    return this;
  }

  v128F32(a: number, b: number, c: number, d: number): this {
    const view = new DataView(new ArrayBuffer(16));
    [a, b, c, d].forEach((v, i) => {
      view.setFloat32(i * 4, v, true);
    });
    return this.v128Bytes([...new Uint8Array(view.buffer)]);
  }

  v128I32(a: number, b: number, c: number, d: number): this {
    const view = new DataView(new ArrayBuffer(16));
    [a, b, c, d].forEach((v, i) => {
      view.setInt32(i * 4, v, true);
    });
    return this.v128Bytes([...new Uint8Array(view.buffer)]);
  }

  mem(name: MemoryOp, offset = 0, alignLog2?: number): this {
    const [opcode, natural] = memoryOps[name];
    this.bytes.push(opcode, ...unsignedLeb(alignLog2 ?? natural), ...unsignedLeb(offset));
    return this;
  }

  simd(...names: SimdOp[]): this {
    for (const name of names) this.bytes.push(0xfd, ...unsignedLeb(simdOps[name]));
    return this;
  }

  /** SIMD loads and stores; unaligned accesses are declared with alignment 0 by default. */
  simdMem(name: SimdMemoryOp, offset = 0, alignLog2 = 0): this {
    const [opcode, natural] = simdMemoryOps[name];
    this.bytes.push(
      0xfd,
      ...unsignedLeb(opcode),
      ...unsignedLeb(Math.min(alignLog2, natural)),
      ...unsignedLeb(offset),
    );
    return this;
  }

  lane(name: SimdLaneOp, index: number): this {
    this.bytes.push(0xfd, ...unsignedLeb(simdLaneOps[name]), index);
    return this;
  }

  loadLane(name: keyof typeof simdLoadLaneOps, index: number, offset = 0): this {
    const [opcode] = simdLoadLaneOps[name];
    this.bytes.push(0xfd, ...unsignedLeb(opcode), 0, ...unsignedLeb(offset), index);
    return this;
  }

  /** i8x16.shuffle with 16 lane indices (0-15 first operand, 16-31 second). */
  shuffle(lanes: number[]): this {
    if (lanes.length !== 16 || lanes.some((l) => l < 0 || l > 31))
      throw new Error('i8x16.shuffle needs 16 lane indices 0-31');
    this.bytes.push(0xfd, ...unsignedLeb(0x0d), ...lanes);
    return this;
  }

  private structured(opcode: number, label: string, body: () => void): this {
    this.bytes.push(opcode, 0x40);
    this.labels.push(label);
    body();
    this.labels.pop();
    this.bytes.push(0x0b);
    return this;
  }

  block(label: string, body: () => void): this {
    return this.structured(0x02, label, body);
  }

  loop(label: string, body: () => void): this {
    return this.structured(0x03, label, body);
  }

  /** if (condition on the stack) { then } else { otherwise } */
  if(then: () => void, otherwise?: () => void): this {
    this.bytes.push(0x04, 0x40);
    this.labels.push('');
    then();
    if (otherwise) {
      this.bytes.push(0x05);
      otherwise();
    }
    this.labels.pop();
    this.bytes.push(0x0b);
    return this;
  }

  private depth(label: string): number {
    const index = this.labels.lastIndexOf(label);
    if (index < 0) throw new Error(`wasm builder: no enclosing label ${label}`);
    return this.labels.length - 1 - index;
  }

  br(label: string): this {
    this.bytes.push(0x0c, ...unsignedLeb(this.depth(label)));
    return this;
  }

  brIf(label: string): this {
    this.bytes.push(0x0d, ...unsignedLeb(this.depth(label)));
    return this;
  }
}

interface FunctionSpec {
  params: Array<[string, ValType]>;
  results: ValType[];
  locals: Array<[string, ValType]>;
}

interface BuiltFunction {
  name: string;
  typeIndex: number;
  body: number[];
}

/** A module of exported functions over one imported memory (`env.memory`). */
export class ModuleBuilder {
  private readonly types: string[] = [];
  private readonly typeBytes: number[][] = [];
  private readonly functions: BuiltFunction[] = [];

  private typeIndex(params: ValType[], results: ValType[]): number {
    const key = `${params.join(',')}->${results.join(',')}`;
    let index = this.types.indexOf(key);
    if (index < 0) {
      index = this.types.length;
      this.types.push(key);
      this.typeBytes.push([
        0x60,
        ...vector(params.map((p) => [valTypeCode[p]])),
        ...vector(results.map((r) => [valTypeCode[r]])),
      ]);
    }
    return index;
  }

  func(name: string, spec: FunctionSpec, write: (code: Code) => void): this {
    const locals = new Map<string, { index: number; type: ValType }>();
    for (const [n, type] of [...spec.params, ...spec.locals]) {
      if (locals.has(n)) throw new Error(`wasm builder: ${name} declares ${n} twice`);
      locals.set(n, { index: locals.size, type });
    }
    const code = new Code(locals);
    write(code);
    // Locals are declared one entry per local: simple, and V8 does not care.
    const localDecls = spec.locals.map(([, type]) => [1, valTypeCode[type]]);
    const body = [...vector(localDecls), ...code.bytes, 0x0b];
    this.functions.push({
      name,
      typeIndex: this.typeIndex(
        spec.params.map(([, t]) => t),
        spec.results,
      ),
      body: [...unsignedLeb(body.length), ...body],
    });
    return this;
  }

  build(): Uint8Array {
    const section = (id: number, content: number[]) => [
      id,
      ...unsignedLeb(content.length),
      ...content,
    ];
    const memoryImport = [...utf8Name('env'), ...utf8Name('memory'), 0x02, 0x00, 0x01];
    const bytes = [
      ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      ...section(1, vector(this.typeBytes)),
      ...section(2, vector([memoryImport])),
      ...section(3, vector(this.functions.map((f) => unsignedLeb(f.typeIndex)))),
      ...section(
        7,
        vector(this.functions.map((f, i) => [...utf8Name(f.name), 0x00, ...unsignedLeb(i)])),
      ),
      ...section(10, vector(this.functions.map((f) => f.body))),
    ];
    return new Uint8Array(bytes);
  }
}
