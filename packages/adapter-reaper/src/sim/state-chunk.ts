import { findPlugin, type SimPluginDef } from './plugins.js';
import {
  newGuid,
  type SimFx,
  type SimItem,
  type SimProject,
  type SimTrack,
} from './project-model.js';

// Track state chunks (RPPXML) of the simulated REAPER: GetTrackStateChunk writes one from the
// model, SetTrackStateChunk reads one back into it. The syntax follows ReaTeam's "State Chunk
// Definitions": <TRACK ...> with NAME, VOLPAN, MUTESOLO, IPHASE, <EXT>, <FXCHAIN> (one BYPASS ...
// WAK segment per plug-in) and <ITEM> blocks. Only what the model holds is written and read.

/** Quotes a value the way REAPER does: "..." unless it holds a ", then '...', then `...`. */
export function quoteChunkString(value: string): string {
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  return `\`${value.replaceAll('`', "'")}\``;
}

/** Splits a chunk line into tokens, honouring the three quote characters. */
export function tokenizeChunkLine(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  const s = line.trim();
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i >= s.length) break;
    const q = s[i];
    if (q === '"' || q === "'" || q === '`') {
      const end = s.indexOf(q, i + 1);
      if (end < 0) {
        tokens.push(s.slice(i + 1));
        break;
      }
      tokens.push(s.slice(i + 1, end));
      i = end + 1;
    } else {
      let end = i;
      while (end < s.length && s[end] !== ' ' && s[end] !== '\t') end++;
      tokens.push(s.slice(i, end));
      i = end;
    }
  }
  return tokens;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15))));

function stateBlob(fx: SimFx): string {
  // The simulated plug-in's opaque state: a tag and its normalized values as float64.
  const buf = Buffer.alloc(8 + fx.values.length * 8);
  buf.write('TPSIM001', 0, 'latin1');
  for (const [i, v] of fx.values.entries()) buf.writeDoubleLE(v, 8 + i * 8);
  return buf.toString('base64');
}

function valuesFromBlob(blob: string, count: number): number[] | null {
  const buf = Buffer.from(blob, 'base64');
  if (buf.length < 8 || buf.toString('latin1', 0, 8) !== 'TPSIM001') return null;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = 8 + i * 8;
    values.push(at + 8 <= buf.length ? buf.readDoubleLE(at) : 0);
  }
  return values;
}

function fxLines(fx: SimFx): string[] {
  const lines = [`BYPASS ${fx.enabled ? 0 : 1} ${fx.offline ? 1 : 0} 0`];
  if (fx.plugin.type === 'JS') {
    lines.push(`<JS ${fx.plugin.ident} ""`);
    lines.push(fx.values.map((v) => v.toFixed(6)).join(' '));
    lines.push(stateBlob(fx));
  } else {
    const tag = fx.plugin.type === 'VST3' ? 'VST' : fx.plugin.type;
    lines.push(
      `<${tag} ${quoteChunkString(fx.plugin.name)} ${quoteChunkString(fx.plugin.file)} 0 ${quoteChunkString(fx.renamed ?? '')} 0<00> ""`,
    );
    const blob = stateBlob(fx);
    for (let i = 0; i < blob.length; i += 128) lines.push(blob.slice(i, i + 128));
  }
  lines.push('>');
  if (fx.preset) lines.push(`PRESETNAME ${quoteChunkString(fx.preset)}`);
  lines.push('FLOATPOS 0 0 0 0', `FXID ${fx.guid}`, 'WAK 0 0');
  return lines;
}

function extLines(ext: Map<string, string>): string[] {
  if (ext.size === 0) return [];
  return ['<EXT', ...[...ext].map(([k, v]) => `${k} ${quoteChunkString(v)}`), '>'];
}

function itemLines(item: SimItem): string[] {
  const take = item.takes[item.activeTake];
  const lines = [
    '<ITEM',
    `POSITION ${num(item.position)}`,
    'SNAPOFFS 0',
    `LENGTH ${num(item.length)}`,
    'LOOP 0',
    'ALLTAKES 0',
    `FADEIN ${item.fadeInShape} ${num(item.fadeInLen)} 0 ${item.fadeInShape} 0 ${num(item.fadeInDir)} 0`,
    `FADEOUT ${item.fadeOutShape} ${num(item.fadeOutLen)} 0 ${item.fadeOutShape} 0 ${num(item.fadeOutDir)} 0`,
    `MUTE ${item.mute ? 1 : 0} 0`,
    `IGUID ${item.guid}`,
    ...extLines(item.ext),
  ];
  if (take) {
    lines.push(
      `NAME ${quoteChunkString(take.name)}`,
      `VOLPAN ${num(item.vol)} 0 ${num(take.vol)} -1`,
      `SOFFS ${num(take.startOffset)}`,
      'PLAYRATE 1 1 0 -1 0 0.0025',
      `GUID ${take.guid}`,
    );
    if (take.source) {
      lines.push('<SOURCE WAVE', `FILE ${quoteChunkString(take.source.file)}`, '>');
    }
  }
  lines.push('>');
  return lines;
}

/** GetTrackStateChunk: the track as RPPXML, one item per line, indented like REAPER's. */
export function writeTrackChunk(track: SimTrack): string {
  const lines = [
    `<TRACK ${track.guid}`,
    `NAME ${quoteChunkString(track.name)}`,
    'PEAKCOL 16576',
    'BEAT -1',
    'AUTOMODE 0',
    `VOLPAN ${num(track.vol)} ${num(track.pan)} -1 -1 1`,
    `MUTESOLO ${track.mute ? 1 : 0} ${track.solo} 0`,
    `IPHASE ${track.phase ? 1 : 0}`,
    `WIDTH ${num(track.width)}`,
    `FX ${track.fxEnabled ? 1 : 0}`,
    `TRACKID ${track.guid}`,
    ...extLines(track.ext),
  ];
  if (track.fx.length > 0 || track.hadFx) {
    lines.push('<FXCHAIN', 'SHOW 0', 'LASTSEL 0', 'DOCKED 0');
    for (const fx of track.fx) lines.push(...fxLines(fx));
    lines.push('>');
  }
  for (const item of track.items) lines.push(...itemLines(item));
  lines.push('>');
  let depth = 0;
  return lines
    .map((line) => {
      if (line === '>') depth--;
      const out = '  '.repeat(Math.max(0, depth)) + line;
      if (line.startsWith('<')) depth++;
      return out;
    })
    .join('\n');
}

interface Block {
  head: string[];
  lines: Array<string[] | Block>;
  raw: string[];
}

function parseBlocks(text: string): Block {
  const root: Block = { head: [], lines: [], raw: [] };
  const stack: Block[] = [root];
  for (const rawLine of text.replace(/\r\n/g, '\n').split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const top = stack[stack.length - 1]!;
    if (line.startsWith('<')) {
      const block: Block = { head: tokenizeChunkLine(line.slice(1)), lines: [], raw: [] };
      top.lines.push(block);
      stack.push(block);
    } else if (line === '>') {
      if (stack.length === 1) throw new Error('the chunk closes a block it never opened');
      stack.pop();
    } else {
      top.raw.push(line);
      top.lines.push(tokenizeChunkLine(line));
    }
  }
  if (stack.length !== 1) throw new Error('the chunk ends inside a block');
  return root;
}

const isBlock = (v: string[] | Block): v is Block => !Array.isArray(v);
const field = (block: Block, key: string) =>
  block.lines.find((l): l is string[] => Array.isArray(l) && l[0] === key);
const child = (block: Block, tag: string) =>
  block.lines.find((l): l is Block => isBlock(l) && l.head[0] === tag);
const number = (v: string | undefined, fallback = 0) => {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) ? n : fallback;
};

function readExt(block: Block | undefined): Map<string, string> {
  const ext = new Map<string, string>();
  if (!block) return ext;
  for (const line of block.lines)
    if (Array.isArray(line) && line[0]) ext.set(line[0], line.slice(1).join(' '));
  return ext;
}

/**
 * SetTrackStateChunk: reads a chunk back into `track`. Returns false (as REAPER does) when the
 * text is not a track chunk; plug-ins REAPER does not have come back offline and empty.
 */
export function readTrackChunk(
  project: SimProject,
  track: SimTrack,
  text: string,
  catalog: SimPluginDef[],
): boolean {
  let root: Block;
  try {
    root = parseBlocks(text);
  } catch {
    return false;
  }
  const tr = root.lines.find(isBlock);
  if (tr?.head[0] !== 'TRACK') return false;

  const name = field(tr, 'NAME');
  if (name && !track.isMaster) track.name = name[1] ?? '';
  const volpan = field(tr, 'VOLPAN');
  if (volpan) {
    track.vol = number(volpan[1], 1);
    track.pan = number(volpan[2], 0);
  }
  const mutesolo = field(tr, 'MUTESOLO');
  if (mutesolo) {
    track.mute = number(mutesolo[1]) !== 0;
    track.solo = number(mutesolo[2]);
  }
  const iphase = field(tr, 'IPHASE');
  if (iphase) track.phase = number(iphase[1]) !== 0;
  const width = field(tr, 'WIDTH');
  if (width) track.width = number(width[1], 1);
  const fxOn = field(tr, 'FX');
  if (fxOn) track.fxEnabled = number(fxOn[1], 1) !== 0;
  track.ext = readExt(child(tr, 'EXT'));

  const chain = child(tr, 'FXCHAIN');
  const fxs: SimFx[] = [];
  if (chain) {
    let current: SimFx | null = null;
    for (const line of chain.lines) {
      if (Array.isArray(line)) {
        if (line[0] === 'BYPASS') {
          current = {
            guid: newGuid(),
            plugin: { name: '(unknown)', type: 'VST', ident: '', file: '', params: [] },
            enabled: number(line[1]) === 0,
            offline: number(line[2]) !== 0,
            values: [],
            preset: null,
            presetValues: null,
          };
          fxs.push(current);
        } else if (current && line[0] === 'FXID' && line[1]) current.guid = line[1];
        else if (current && line[0] === 'PRESETNAME') current.preset = line[1] ?? null;
      } else if (current && ['VST', 'JS', 'AU', 'CLAP', 'LV2'].includes(line.head[0] ?? '')) {
        const query = line.head[0] === 'JS' ? `JS:${line.head[1] ?? ''}` : (line.head[1] ?? '');
        const plugin = findPlugin(catalog, query);
        if (line.head[0] !== 'JS' && line.head[4]) current.renamed = line.head[4];
        if (plugin) {
          current.plugin = plugin;
          const blob = line.raw.filter((l) => /^[A-Za-z0-9+/=]+$/.test(l)).join('');
          current.values =
            valuesFromBlob(blob, plugin.params.length) ?? plugin.params.map(() => 0.5);
        } else {
          current.plugin = { name: query, type: 'VST', ident: query, file: '', params: [] };
          current.offline = true;
        }
      }
    }
    track.hadFx = true;
  }
  track.fx = fxs;

  const items: SimItem[] = [];
  for (const block of tr.lines) {
    if (!isBlock(block) || block.head[0] !== 'ITEM') continue;
    const fadeIn = field(block, 'FADEIN');
    const fadeOut = field(block, 'FADEOUT');
    const volpanItem = field(block, 'VOLPAN');
    const source = child(block, 'SOURCE');
    const file = source && field(source, 'FILE')?.[1];
    const item: SimItem = {
      guid: field(block, 'IGUID')?.[1] ?? newGuid(),
      position: number(field(block, 'POSITION')?.[1]),
      length: number(field(block, 'LENGTH')?.[1]),
      vol: number(volpanItem?.[1], 1),
      mute: number(field(block, 'MUTE')?.[1]) !== 0,
      fadeInShape: number(fadeIn?.[1]),
      fadeInLen: number(fadeIn?.[2]),
      fadeInDir: number(fadeIn?.[6]),
      fadeOutShape: number(fadeOut?.[1]),
      fadeOutLen: number(fadeOut?.[2]),
      fadeOutDir: number(fadeOut?.[6]),
      ext: readExt(child(block, 'EXT')),
      takes: [],
      activeTake: 0,
      deleted: false,
    };
    const old = track.items.find((i) => i.guid === item.guid);
    const oldTake = old?.takes[old.activeTake];
    item.takes.push({
      guid: field(block, 'GUID')?.[1] ?? newGuid(),
      name: field(block, 'NAME')?.[1] ?? '',
      startOffset: number(field(block, 'SOFFS')?.[1]),
      vol: number(volpanItem?.[3], 1),
      source: file
        ? oldTake?.source?.file === file
          ? oldTake.source
          : { file, lengthSec: 0, sampleRate: 0, channels: 0 }
        : null,
      ext: new Map(),
    });
    items.push(item);
  }
  for (const old of track.items) if (!items.some((i) => i.guid === old.guid)) old.deleted = true;
  track.items = items;
  project.emitChange({ kind: 'tracks' });
  return true;
}
