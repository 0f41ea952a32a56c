import type { RppFx } from './rpp-project.js';
import type { RppBlock, RppField, RppNode } from './rpp-tree.js';
import type { RppValueReader } from './rpp-values.js';
import { formatRppNodes } from './serialize-rpp.js';

// An FX chain (<FXCHAIN, <MASTERFXLIST, <TAKEFX) is a few settings of the chain window, then one
// segment per plug-in: a BYPASS line, the plug-in's block (<VST, <JS, <AU, ...) and the lines
// after it (PRESETNAME, FLOATPOS, FXID, WAK, parameter envelopes and modulation) up to the next
// BYPASS. The segment is the plug-in's state chunk; the bridge stores exactly that in snapshots.

/** The chain's window settings (before the first plug-in) and each plug-in's segment. */
export function fxChainSegments(chain: RppBlock): { header: RppNode[]; segments: RppNode[][] } {
  const header: RppNode[] = [];
  const segments: RppNode[][] = [];
  for (const node of chain.children) {
    if (node.type === 'field' && node.name === 'BYPASS') segments.push([node]);
    else (segments.at(-1) ?? header).push(node);
  }
  return { header, segments };
}

/** The plug-ins of a chain, in order. */
export function readFxChain(chain: RppBlock | undefined, values: RppValueReader): RppFx[] {
  if (!chain) return [];
  return fxChainSegments(chain).segments.map((segment) => readFxSegment(segment, values));
}

export function readFxSegment(segment: RppNode[], values: RppValueReader): RppFx {
  const bypass = segment[0] as RppField;
  const block = segment.find((n): n is RppBlock => n.type === 'block');
  const field = (name: string) =>
    segment.find((n): n is RppField => n.type === 'field' && n.name === name);
  const kind = block?.name ?? '';
  const fx: RppFx = {
    kind,
    name: block?.params[0] ?? '',
    bypassed: values.flag(bypass, 0),
    offline: values.flag(bypass, 1),
    chunk: formatRppNodes(segment),
    bypassField: bypass,
  };
  if (block) fx.block = block;
  if (kind === 'VST' || kind === 'LV2' || kind === 'CLAP') {
    const file = block?.params[1];
    if (file) fx.file = file;
  }
  const custom = kind === 'JS' ? block?.params[1] : kind === 'VST' ? block?.params[3] : undefined;
  if (custom) fx.customName = custom;
  if (kind === 'JS' && block) {
    const line = block.children.find((n): n is RppField => n.type === 'field');
    if (line) {
      fx.jsParams = [line.name, ...line.params].map((v) => {
        const value = Number(v);
        return v === '-' || !Number.isFinite(value) ? null : value;
      });
    }
  }
  const preset = field('PRESETNAME')?.params[0];
  if (preset) fx.preset = preset;
  const guid = field('FXID')?.params[0];
  if (guid) fx.guid = guid;
  return fx;
}
