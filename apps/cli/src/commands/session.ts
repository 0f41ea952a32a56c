import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Session, TapeopError } from '@tapeop/core';
import {
  type SessionShowResult,
  type SessionUpdateResult,
  sessionShowAction,
  sessionUpdateAction,
} from '../actions/session.js';
import { formatTable, minutes } from '../cli/format.js';
import { UsageError } from '../cli/usage-error.js';
import { actionCommand, optionList, optionString } from './action-command.js';

export const sessionShowCommand = actionCommand({
  action: sessionShowAction,
  path: ['session', 'show'],
  examples: [
    {
      command: 'tapeop session show night-drive',
      description: 'The album, its songs and their mixes',
    },
    {
      command: 'tapeop session show night-drive --json | jq .document.album',
      description: 'The document itself',
    },
  ],
  description:
    'Reads and validates session.json; an invalid file is reported with the JSON pointer of every problem (exit 3).',
  toParams: () => ({}),
  render(result: SessionShowResult, terminal) {
    const { style } = terminal;
    const s = result.document;
    terminal.line(
      `${style.bold(s.album.title)}${s.album.artist ? ` · ${s.album.artist}` : ''}  ${style.dim(result.session)}`,
    );
    terminal.line(
      `  ${s.sampleRate / 1000} kHz · ${s.songs.length} songs · ${s.sequence.entries.length} in the sequence${s.album.upc ? ` · UPC ${s.album.upc}` : ''}`,
    );
    const order = new Map(s.sequence.entries.map((e, i) => [e.songId, i + 1]));
    const rows = s.songs.map((song) => [
      order.has(song.id) ? String(order.get(song.id)).padStart(2, '0') : '--',
      song.id,
      song.title,
      song.isrc ?? '',
      song.source
        ? `${song.source.path} (${minutes(song.source.durationSec)})`
        : style.dim('no mix'),
    ]);
    for (const line of formatTable(rows)) terminal.line(line);
    for (const w of result.warnings)
      terminal.line(style.yellow(`  warning ${w.pointer || '/'}: ${w.message}`));
  },
});

export const sessionUpdateCommand = actionCommand({
  action: sessionUpdateAction,
  path: ['session', 'update'],
  options: {
    set: {
      type: 'string',
      multiple: true,
      valueName: 'POINTER=JSON',
      description: 'Set a value by JSON pointer; the value is JSON, or text when it is not JSON.',
    },
    remove: {
      type: 'string',
      multiple: true,
      valueName: 'POINTER',
      description: 'Remove a value.',
    },
    file: {
      type: 'string',
      valueName: 'FILE',
      description: 'Replace the whole document with this file (validated first).',
    },
    'if-updated-at': {
      type: 'string',
      valueName: 'TIME',
      description: 'Refuse when the session was written since this updatedAt.',
    },
  },
  examples: [
    {
      command: 'tapeop session update night-drive --set /album/upc=5010017088439',
      description: 'Set the UPC',
    },
    {
      command:
        'tapeop session update night-drive --set \'/songs/1/isrc="QZES52600002"\' --set /songs/1/title=City\\ Lights',
      description: 'Fix an ISRC and a title',
    },
  ],
  description:
    'Every change is validated before it is written (an invalid result is refused and the file stays as it was), written atomically, and noted in the journal.',
  async toParams(args, context) {
    const set: Record<string, unknown> = {};
    for (const item of optionList(args, 'set') ?? []) {
      const at = item.indexOf('=');
      if (at <= 0)
        throw new UsageError(`--set ${JSON.stringify(item)} should be POINTER=VALUE`, {
          command: 'session update',
        });
      const text = item.slice(at + 1);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = text;
      }
      set[item.slice(0, at)] = value;
    }
    const file = optionString(args, 'file');
    return {
      ...(Object.keys(set).length > 0 ? { set } : {}),
      ...(optionList(args, 'remove') ? { remove: optionList(args, 'remove')! } : {}),
      ...(file ? { document: (await readDocumentFile(file, context.cwd)) as Session } : {}),
      ...(optionString(args, 'if-updated-at')
        ? { ifUpdatedAt: optionString(args, 'if-updated-at')! }
        : {}),
    };
  },
  render(result: SessionUpdateResult, terminal) {
    if (!result.written) terminal.line('Nothing changed.');
    for (const c of result.changes) terminal.line(`  ${c.text}`);
    if (result.written) terminal.line(terminal.style.green(`Written: ${result.session}`));
  },
});

/** `--file` is read here, in the CLI: the hub takes the document itself. */
export async function readDocumentFile(path: string, cwd: string): Promise<unknown> {
  const file = resolve(cwd, path);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new TapeopError(
      'PARSE_ERROR',
      `cannot read ${file} as JSON: ${(error as Error).message}`,
      {
        details: { file },
        hint: 'Give a session.json document.',
      },
    );
  }
}
