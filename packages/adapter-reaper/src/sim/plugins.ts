// The plug-ins the simulated REAPER has installed: each with its parameters, their native
// ranges, how REAPER would display them, and factory presets.

export interface SimParamDef {
  name: string;
  min: number;
  max: number;
  /** Native value when the plug-in is added. */
  default: number;
  /** log: the normalized value moves on a logarithmic scale (frequencies, times). */
  scale?: 'linear' | 'log';
  /** How the plug-in displays a native value, e.g. "-3.0 dB". */
  format?: (native: number) => string;
}

export interface SimPluginDef {
  /** The name REAPER shows in the FX chain, with its type prefix: "VST: ReaEQ (Cockos)". */
  name: string;
  type: 'VST' | 'VST3' | 'AU' | 'CLAP' | 'JS' | 'LV2';
  /** What TrackFX_GetNamedConfigParm(…, "fx_ident") answers. */
  ident: string;
  /** The binary or script named in the state chunk. */
  file: string;
  params: SimParamDef[];
  /** Factory presets: name → normalized values. */
  presets?: Record<string, number[]>;
}

const db = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} dB`;
const hz = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} kHz` : `${v.toFixed(0)} Hz`);
const ms = (v: number) => `${v.toFixed(1)} ms`;
const ratio = (v: number) => `${v.toFixed(1)}:1`;
const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
const octaves = (v: number) => `${v.toFixed(2)} oct`;

export function nativeFromNormalized(def: SimParamDef, normalized: number): number {
  const n = Math.min(1, Math.max(0, normalized));
  if (def.scale === 'log') return def.min * (def.max / def.min) ** n;
  return def.min + (def.max - def.min) * n;
}

export function normalizedFromNative(def: SimParamDef, native: number): number {
  const v = Math.min(def.max, Math.max(def.min, native));
  if (def.scale === 'log') return Math.log(v / def.min) / Math.log(def.max / def.min);
  return def.max === def.min ? 0 : (v - def.min) / (def.max - def.min);
}

export function formatParam(def: SimParamDef, normalized: number): string {
  const native = nativeFromNormalized(def, normalized);
  return def.format ? def.format(native) : native.toFixed(3);
}

function eqBand(n: number, freq: number): SimParamDef[] {
  return [
    { name: `Freq-Band ${n}`, min: 20, max: 24000, default: freq, scale: 'log', format: hz },
    { name: `Gain-Band ${n}`, min: -24, max: 24, default: 0, format: db },
    { name: `BW-Band ${n}`, min: 0.1, max: 4, default: 2, format: octaves },
  ];
}

/** The plug-ins every simulated REAPER has: REAPER's own, as mastering chains use them. */
export const builtinPlugins: SimPluginDef[] = [
  {
    name: 'VST: ReaEQ (Cockos)',
    type: 'VST',
    ident: 'reaeq.vst.so<1919247729>',
    file: 'reaeq.vst.so',
    params: [
      ...eqBand(1, 80),
      ...eqBand(2, 400),
      ...eqBand(3, 2500),
      ...eqBand(4, 8000),
      { name: 'Gain', min: -24, max: 24, default: 0, format: db },
    ],
    presets: {
      'stock - Flat': [],
      'tapeop - Air': [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.78, 0.5625, 0.45, 0],
    },
  },
  {
    name: 'VST: ReaComp (Cockos)',
    type: 'VST',
    ident: 'reacomp.vst.so<1919247213>',
    file: 'reacomp.vst.so',
    params: [
      { name: 'Thresh', min: -60, max: 0, default: 0, format: db },
      { name: 'Ratio', min: 1, max: 20, default: 4, format: ratio },
      { name: 'Attack', min: 0, max: 500, default: 3, format: ms },
      { name: 'Release', min: 0, max: 5000, default: 100, format: ms },
      { name: 'Pre-comp', min: 0, max: 250, default: 0, format: ms },
      { name: 'Knee', min: 0, max: 24, default: 0, format: db },
      { name: 'Wet', min: -60, max: 12, default: 0, format: db },
      { name: 'Dry', min: -60, max: 12, default: -60, format: db },
    ],
  },
  {
    name: 'VST: ReaLimit (Cockos)',
    type: 'VST',
    ident: 'realimit.vst.so<1919250540>',
    file: 'realimit.vst.so',
    params: [
      { name: 'Threshold', min: -20, max: 0, default: 0, format: db },
      { name: 'Brickwall ceiling', min: -20, max: 0, default: -0.1, format: db },
      { name: 'Release', min: 0.1, max: 1000, default: 100, scale: 'log', format: ms },
    ],
  },
  {
    name: 'JS: Volume Adjustment',
    type: 'JS',
    ident: 'utility/volume',
    file: 'utility/volume',
    params: [
      { name: 'Adjustment (dB)', min: -150, max: 24, default: 0, format: db },
      { name: 'Max Volume (dB)', min: -150, max: 24, default: 24, format: db },
    ],
  },
  {
    name: 'VST3: Pro-Q 3 (FabFilter)',
    type: 'VST3',
    ident: '{72C4DB717A4D459AB97E51745D84B39D}FabFilter Pro-Q 3.vst3',
    file: 'FabFilter Pro-Q 3.vst3',
    params: [
      { name: 'Band 1 Frequency', min: 10, max: 30000, default: 100, scale: 'log', format: hz },
      { name: 'Band 1 Gain', min: -30, max: 30, default: 0, format: db },
      { name: 'Band 2 Frequency', min: 10, max: 30000, default: 1000, scale: 'log', format: hz },
      { name: 'Band 2 Gain', min: -30, max: 30, default: 0, format: db },
      { name: 'Output Level', min: -36, max: 36, default: 0, format: db },
      { name: 'Output Pan', min: -1, max: 1, default: 0, format: percent },
    ],
  },
];

/**
 * A plug-in with `count` generic parameters, for benchmarks and tests that need big chains.
 */
export function genericPlugin(name: string, count: number): SimPluginDef {
  return {
    name,
    type: 'VST3',
    ident: `{${name.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}}`,
    file: `${name.replace(/^[A-Z0-9]+:\s*/, '')}.vst3`,
    params: Array.from({ length: count }, (_, i) => ({
      name: `Param ${i + 1}`,
      min: 0,
      max: 1,
      default: 0.5,
      format: percent,
    })),
  };
}

const typePrefixes: Record<string, SimPluginDef['type'][]> = {
  'VST:': ['VST', 'VST3'],
  'VST2:': ['VST'],
  'VST3:': ['VST3'],
  'AU:': ['AU'],
  'JS:': ['JS'],
  'CLAP:': ['CLAP'],
  'LV2:': ['LV2'],
};

function bareName(name: string): string {
  return name
    .replace(/^[A-Za-z0-9]+i?:\s*/, '')
    .trim()
    .toLowerCase();
}

/**
 * Finds a plug-in the way TrackFX_AddByName does: the full name, or the name without its type
 * prefix and/or vendor, case-insensitively; a "VST3:"-style prefix limits the type; JS plug-ins
 * also answer to their script path ("JS:utility/volume").
 */
export function findPlugin(catalog: SimPluginDef[], query: string): SimPluginDef | undefined {
  const q = query.trim();
  const prefix = /^([A-Za-z0-9]+):/.exec(q)?.[0];
  const types = prefix ? typePrefixes[prefix.toUpperCase()] : undefined;
  if (prefix && !types) return undefined;
  const wanted = bareName(q);
  const candidates = catalog.filter((p) => !types || types.includes(p.type));
  return (
    candidates.find((p) => p.name.toLowerCase() === q.toLowerCase()) ??
    candidates.find((p) => bareName(p.name) === wanted) ??
    candidates.find((p) => bareName(p.name).replace(/\s*\([^)]*\)$/, '') === wanted) ??
    candidates.find((p) => p.type === 'JS' && p.ident.toLowerCase() === wanted)
  );
}
