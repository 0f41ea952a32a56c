import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { TapeopError } from '@tapeop/core';
import { attr, child, element, setAttr } from '../xml/xml-node.js';
import { parseXml } from '../xml/xml-parse.js';
import { writeXml } from '../xml/xml-write.js';
import { IdAllocator, region, source } from './session-xml.js';
import { samplesToSuperclock } from './superclock.js';

export interface MediaToAdd {
  /** The mix to copy into the session. */
  from: string;
  channels: number;
  frames: number;
}

export interface AddedMedia {
  from: string;
  /** Where the copy is: interchange/<folder>/audiofiles/<name>. */
  sourcePath: string;
}

/**
 * Adds audio files to a saved session file the way Ardour's import does: each file copied into
 * interchange/<folder>/audiofiles, one Source per channel and a whole-file region. Headless
 * Ardour 7.3 has no import in its Lua API, so the adapter saves the session, adds the files
 * here and has Ardour load the session again. Ardour must not write the file meanwhile.
 */
export async function addMediaToSessionFile(
  file: string,
  media: MediaToAdd[],
): Promise<AddedMedia[]> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new TapeopError(
      'FILE_UNREADABLE',
      `cannot read the Ardour session ${file}: ${error.message}`,
      { cause: error },
    );
  });
  const root = parseXml(text, { source: file });
  const rate = Number(attr(root, 'sample-rate'));
  const counter = Number(attr(root, 'id-counter'));
  if (root.name !== 'Session' || !Number.isInteger(rate) || !Number.isInteger(counter)) {
    throw new TapeopError(
      'PARSE_ERROR',
      `${file} is not an Ardour session file tapeop can add audio to`,
    );
  }
  let sources = child(root, 'Sources');
  if (!sources) {
    sources = element('Sources');
    root.children.push(sources);
  }
  let regions = child(root, 'Regions');
  if (!regions) {
    regions = element('Regions');
    root.children.push(regions);
  }
  const folder = dirname(file);
  const audio = join(folder, 'interchange', basename(folder), 'audiofiles');
  await mkdir(audio, { recursive: true });
  const taken = new Set(sources.children.map((s) => (attr(s, 'name') ?? '').toLowerCase()));
  const ids = new IdAllocator(counter);
  const timestamp = Math.floor(Date.now() / 1000);
  const added: AddedMedia[] = [];
  const copies: string[] = [];
  try {
    for (const item of media) {
      const name = basename(item.from);
      const extension = extname(name);
      let fileName = name;
      for (let n = 2; taken.has(fileName.toLowerCase()); n++) {
        fileName = `${name.slice(0, name.length - extension.length)}-${n}${extension}`;
      }
      taken.add(fileName.toLowerCase());
      const target = join(audio, fileName);
      await copyFile(item.from, target);
      copies.push(target);
      const sourceIds = Array.from({ length: item.channels }, (_, channel) => {
        const node = source(ids, fileName, channel, timestamp);
        sources.children.push(node);
        return attr(node, 'id')!;
      });
      regions.children.push(
        region(ids, {
          name: fileName.slice(0, fileName.length - extension.length),
          sourceIds,
          start: 0,
          length: samplesToSuperclock(item.frames, rate),
          position: 0,
          wholeFile: true,
        }),
      );
      added.push({ from: item.from, sourcePath: target });
    }
    setAttr(root, 'id-counter', ids.counter);
    const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, writeXml(root), 'utf8');
    await rename(temporary, file);
  } catch (error) {
    for (const copy of copies) await rm(copy, { force: true });
    if (error instanceof TapeopError) throw error;
    throw new TapeopError('IO_ERROR', `cannot add audio to ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return added;
}
