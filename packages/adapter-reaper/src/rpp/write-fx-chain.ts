import type { FxState } from '@tapeop/core';
import { parseRpp } from './parse-rpp.js';
import { cloneRppNode, type RppBlock, type RppNode, rppBlock, rppField } from './rpp-tree.js';

/** The snapshot state kind the bridge captures: a plug-in's segment of its track's <FXCHAIN>. */
export const REAPER_FX_CHUNK = 'reaper-fx-chunk';

export interface FxChainContext {
  /** Names the track in warnings ("01 Headlights", "the master"). */
  trackLabel: string;
  /** A stable GUID for a plug-in written by name. */
  guid: (slot: number) => string;
  warnings: string[];
}

/**
 * An FX chain block (<FXCHAIN for a track, <MASTERFXLIST for the master) holding `chain`. Each
 * plug-in captured from REAPER with its state chunk is written as that chunk (exact recall: the
 * plug-in's own state, preset and parameters), with the snapshot's bypass and offline switches;
 * any other plug-in is written by name in REAPER's syntax (VST, VST3 and JS; REAPER loads its
 * defaults, and the parameters need a recall once REAPER has opened the project).
 */
export function fxChainBlock(
  name: 'FXCHAIN' | 'MASTERFXLIST',
  chain: readonly FxState[],
  context: FxChainContext,
): RppBlock {
  const block = rppBlock(
    name,
    [],
    [rppField('SHOW', 0), rppField('LASTSEL', 0), rppField('DOCKED', 0)],
  );
  chain.forEach((fx, slot) => {
    const segment = fromStateChunk(fx, context) ?? byName(fx, slot, context);
    if (segment) block.children.push(...segment);
  });
  return block;
}

function switches(fx: FxState): [number, number] {
  return [fx.enabled ? 0 : 1, fx.offline ? 1 : 0];
}

function fromStateChunk(fx: FxState, context: FxChainContext): RppNode[] | undefined {
  const state = fx.state;
  if (state?.daw !== 'reaper' || state.kind !== REAPER_FX_CHUNK) return undefined;
  let nodes: RppNode[];
  try {
    nodes = parseRpp(Buffer.from(state.data, 'base64').toString('utf8')).nodes.map(cloneRppNode);
  } catch (error) {
    context.warnings.push(
      `${context.trackLabel} · ${fx.name}: the REAPER state in the snapshot cannot be read (${(error as Error).message}); written by name instead`,
    );
    return undefined;
  }
  const bypass = nodes[0];
  if (
    bypass?.type !== 'field' ||
    bypass.name !== 'BYPASS' ||
    !nodes.some((n) => n.type === 'block')
  ) {
    context.warnings.push(
      `${context.trackLabel} · ${fx.name}: the REAPER state in the snapshot is not a plug-in chunk (it must start with BYPASS and hold the plug-in's block); written by name instead`,
    );
    return undefined;
  }
  const [bypassed, offline] = switches(fx);
  const rest = bypass.params.slice(2);
  bypass.params = [String(bypassed), String(offline), ...(rest.length > 0 ? rest : ['0'])];
  return nodes;
}

const PREFIX = /^(VST3i?|VSTi?|JSFX|JS|AUi?|CLAPi?|LV2i?|DXi?)\s*:\s*/i;

function byName(fx: FxState, slot: number, context: FxChainContext): RppNode[] | undefined {
  const { plugin } = fx;
  const [bypassed, offline] = switches(fx);
  const bare = plugin.id.replace(PREFIX, '');
  let block: RppBlock;
  if (plugin.format === 'JS') {
    const custom = fx.name !== bare && fx.name !== plugin.id ? fx.name : '';
    block = rppBlock('JS', [bare, custom]);
  } else if (plugin.format === 'VST' || plugin.format === 'VST3') {
    const prefix = PREFIX.exec(plugin.id)?.[1] ?? plugin.format;
    const display = `${prefix}: ${bare}`;
    const name = bare.replace(/\s*\([^()]*\)\s*$/, '');
    const file = plugin.format === 'VST3' ? `${name}.vst3` : name;
    const custom = fx.name !== bare && fx.name !== display && fx.name !== name ? fx.name : '';
    block = rppBlock('VST', [display, file, 0, custom]);
  } else {
    context.warnings.push(
      `${context.trackLabel} · ${fx.name}: a ${plugin.format} plug-in without REAPER state cannot be written into a REAPER project; apply the snapshot once REAPER has opened it to add the plug-in by name`,
    );
    return undefined;
  }
  if (fx.params.length > 0 || fx.preset) {
    context.warnings.push(
      `${context.trackLabel} · ${fx.name}: written by name only (the snapshot has no REAPER state for it), so REAPER loads it with its defaults; apply the snapshot once REAPER has opened the project to set its ${fx.params.length} parameter${fx.params.length === 1 ? '' : 's'}${fx.preset ? ` and preset "${fx.preset}"` : ''}`,
    );
  }
  return [
    rppField('BYPASS', bypassed, offline, 0),
    block,
    rppField('FLOATPOS', 0, 0, 0, 0),
    rppField(
      'FXID',
      fx.guid && /^\{[0-9A-Fa-f-]{36}\}$/.test(fx.guid) ? fx.guid : context.guid(slot),
    ),
    rppField('WAK', 0, 0),
  ];
}
