import { type ParseRppOptions, parseRpp } from './parse-rpp.js';
import { readFxChain } from './rpp-fx.js';
import { readMarkers } from './rpp-markers.js';
import { RppProblemLog, rppParseError } from './rpp-problem.js';
import type {
  RppFade,
  RppItem,
  RppMaster,
  RppProject,
  RppSource,
  RppTake,
  RppTrack,
} from './rpp-project.js';
import {
  blockText,
  findBlock,
  findBlocks,
  findField,
  type RppBlock,
  type RppField,
} from './rpp-tree.js';
import { RppValueReader } from './rpp-values.js';

/** The ext data key under which the bridge records the song tapeop placed on a track or item. */
export const SONG_EXT_KEY = 'tapeop_song';

export type ReadRppOptions = ParseRppOptions;

/**
 * Reads a REAPER project: the whole file as a tree (`document`, written back unchanged by
 * `serializeRpp`) and what tapeop uses from it: tracks with their items, sources and FX chains,
 * the master, markers and regions with GUIDs, project notes and ext state.
 * Throws PARSE_ERROR (with the line) on broken input unless `lenient`, and always for text
 * that is not a REAPER project.
 */
export function readRpp(text: string, options: ReadRppOptions = {}): RppProject {
  const document = parseRpp(text, options);
  const log = new RppProblemLog(options.lenient ?? false, options.file);
  const first = document.nodes[0];
  if (!first) {
    throw rppParseError(
      {
        code: 'empty',
        severity: 'error',
        line: 1,
        message: 'the file is empty: a REAPER project starts with <REAPER_PROJECT',
      },
      options.file,
    );
  }
  if (first.type !== 'block' || first.name !== 'REAPER_PROJECT') {
    throw rppParseError(
      {
        code: 'not-a-project',
        severity: 'error',
        line: first.line,
        message: `the file starts with ${first.type === 'block' ? `<${first.name}` : `"${first.type === 'text' ? `|${first.text}` : first.name}"`}, not <REAPER_PROJECT: this is not a REAPER project`,
      },
      options.file,
    );
  }
  const extra = document.nodes[1];
  if (extra) {
    log.report({
      code: 'after-project',
      severity: 'error',
      line: extra.line,
      message:
        'there is more after the project block closes (a stray line or a missing ">" earlier)',
    });
  }
  const root = first;
  const problems = [...document.problems, ...log.problems];
  const values = new RppValueReader(problems);

  const project: RppProject = {
    document,
    root,
    sampleRateForced: false,
    notes: '',
    master: readMaster(root, values),
    tracks: findBlocks(root, 'TRACK').map((block, index) => readTrack(block, index, values)),
    markers: readMarkers(root, values, problems),
    extState: readExtState(root),
    problems,
  };
  const version = root.params[1];
  if (version) project.reaperVersion = version;
  const saved = Number(root.params[2]);
  if (root.params[2] !== undefined && Number.isFinite(saved) && saved > 0) {
    project.savedAt = new Date(saved * 1000);
  }
  const rate = findField(root, 'SAMPLERATE');
  if (rate) {
    project.sampleRate = values.number(rate, 0, 44100);
    project.sampleRateForced = values.flag(rate, 1);
  }
  const notes = findBlock(root, 'NOTES');
  if (notes) project.notes = blockText(notes);
  // A lenient read keeps the problems in order of the file.
  problems.sort((a, b) => a.line - b.line);
  document.problems = problems;
  return project;
}

function readMaster(root: RppBlock, values: RppValueReader): RppMaster {
  const volume = findField(root, 'MASTER_VOLUME');
  const muteSolo = values.number(findField(root, 'MASTERMUTESOLO'), 0, 0);
  const chain = findBlock(root, 'MASTERFXLIST');
  const master: RppMaster = {
    volume: values.number(volume, 0, 1),
    pan: values.number(volume, 1, 0),
    mute: (muteSolo & 1) !== 0,
    solo: (muteSolo & 2) !== 0,
    fxEnabled: values.flag(findField(root, 'MASTER_FX'), 0, true),
    fx: readFxChain(chain, values),
  };
  if (chain) master.fxChain = chain;
  return master;
}

function readTrack(block: RppBlock, index: number, values: RppValueReader): RppTrack {
  const volPan = findField(block, 'VOLPAN');
  const muteSolo = findField(block, 'MUTESOLO');
  const chain = findBlock(block, 'FXCHAIN');
  const ext = readExt(block);
  const track: RppTrack = {
    block,
    index,
    name: findField(block, 'NAME')?.params[0] ?? '',
    volume: values.number(volPan, 0, 1),
    pan: values.number(volPan, 1, 0),
    mute: values.flag(muteSolo, 0),
    solo: values.number(muteSolo, 1, 0),
    phaseInvert: values.flag(findField(block, 'IPHASE'), 0),
    fxEnabled: values.flag(findField(block, 'FX'), 0, true),
    ext,
    fx: readFxChain(chain, values),
    items: findBlocks(block, 'ITEM').map((item) => readItem(item, values)),
  };
  // A name holding all three quote characters is only exact in the <NAME block after the line.
  const exactName = findBlock(block, 'NAME');
  if (exactName) track.name = blockText(exactName);
  const guid = block.params[0] ?? findField(block, 'TRACKID')?.params[0];
  if (guid) track.guid = guid;
  if (ext[SONG_EXT_KEY]) track.songId = ext[SONG_EXT_KEY];
  if (chain) track.fxChain = chain;
  return track;
}

function readItem(block: RppBlock, values: RppValueReader): RppItem {
  // Fields after IGUID describe the first take; each TAKE line starts another one.
  const first: RppTake = { sourceOffset: 0 };
  let takes: RppTake[] = [first];
  let take = first;
  let activeTake = 0;
  let itemVolume = 1;
  for (const node of block.children) {
    if (node.type === 'block') {
      if (node.name === 'SOURCE') take.source = readSource(node);
      // the exact name, after a NAME line that could not hold it (all three quote characters)
      else if (node.name === 'NAME' && take.name !== undefined) take.name = blockText(node);
      continue;
    }
    if (node.type !== 'field') continue;
    if (node.name === 'TAKE') {
      take = { sourceOffset: 0 };
      takes.push(take);
      if (node.params.includes('SEL')) activeTake = takes.length - 1;
    } else if (node.name === 'NAME') take.name = node.params[0] ?? '';
    else if (node.name === 'SOFFS') take.sourceOffset = values.number(node, 0, 0);
    else if (node.name === 'GUID' && node.params[0]) take.guid = node.params[0];
    else if (node.name === 'VOLPAN' && take === first) itemVolume = values.number(node, 0, 1);
  }
  // An empty item (a note, a placeholder) has no take at all.
  const isEmpty = first.name === undefined && !first.source && first.guid === undefined;
  if (takes.length === 1 && isEmpty) takes = [];
  const active = takes[activeTake];
  const ext = readExt(block);
  const item: RppItem = {
    block,
    position: values.number(findField(block, 'POSITION'), 0, 0),
    length: values.number(findField(block, 'LENGTH'), 0, 0),
    sourceOffset: active?.sourceOffset ?? 0,
    volume: itemVolume,
    mute: values.flag(findField(block, 'MUTE'), 0),
    loop: values.flag(findField(block, 'LOOP'), 0),
    fadeIn: readFade(findField(block, 'FADEIN'), values),
    fadeOut: readFade(findField(block, 'FADEOUT'), values),
    ext,
    takes,
    activeTake,
  };
  const guid = findField(block, 'IGUID')?.params[0];
  if (guid) item.guid = guid;
  if (active?.name !== undefined) item.name = active.name;
  if (ext[SONG_EXT_KEY]) item.songId = ext[SONG_EXT_KEY];
  const notes = findBlock(block, 'NOTES');
  if (notes) item.notes = blockText(notes);
  return item;
}

function readFade(field: RppField | undefined, values: RppValueReader): RppFade {
  return {
    shape: values.number(field, 0, 0),
    length: values.number(field, 1, 0),
    curve: values.number(field, 5, 0),
  };
}

function readSource(block: RppBlock): RppSource {
  const source: RppSource = { type: block.params[0] ?? '', block };
  const file = findSourceFile(block);
  if (file !== undefined) source.file = file;
  return source;
}

/** FILE in the source, or in the source a SECTION wraps. */
function findSourceFile(block: RppBlock): string | undefined {
  const file = findField(block, 'FILE')?.params[0];
  if (file !== undefined) return file;
  const inner = findBlock(block, 'SOURCE');
  return inner ? findSourceFile(inner) : undefined;
}

function readExt(block: RppBlock): Record<string, string> {
  const ext: Record<string, string> = {};
  const node = findBlock(block, 'EXT');
  if (!node) return ext;
  for (const child of node.children) {
    if (child.type === 'field' && child.name) ext[child.name] = child.params.join(' ');
  }
  return ext;
}

function readExtState(root: RppBlock): Record<string, Record<string, string>> {
  const state: Record<string, Record<string, string>> = {};
  const block = findBlock(root, 'EXTSTATE');
  if (!block) return state;
  for (const section of block.children) {
    if (section.type !== 'block') continue;
    const values: Record<string, string> = {};
    for (const line of section.children) {
      if (line.type === 'field' && line.name) values[line.name] = line.params.join(' ');
    }
    state[section.name] = values;
  }
  return state;
}
