import { NOTE_KINDS, type Note, REQUEST_STATUSES } from '@tapeop/core';
import {
  notesAddAction,
  notesAmendAction,
  notesExportAction,
  notesListAction,
  notesRetractAction,
} from '../actions/notes.js';
import { formatTable } from '../cli/format.js';
import {
  actionCommand,
  defined,
  optionFlag,
  optionList,
  optionNumber,
  optionString,
} from './action-command.js';

const describeNote = (note: Note) =>
  `${note.kind}${note.status ? ` (${note.status})` : ''}${note.scope.songId ? ` · ${note.scope.songId}` : ''}: ${note.text}`;

export const notesAddCommand = actionCommand({
  action: notesAddAction,
  path: ['notes', 'add'],
  positionals: [
    { name: 'session', description: 'The session folder.', required: true },
    { name: 'text', description: 'The note, in plain words.', required: true },
  ],
  options: {
    kind: {
      type: 'string',
      valueName: 'KIND',
      choices: NOTE_KINDS,
      description: 'What the entry records.',
      defaultText: 'note',
    },
    song: {
      type: 'string',
      valueName: 'SONG',
      description: 'The song it is about: id, title or track number.',
    },
    at: {
      type: 'string',
      valueName: 'SECONDS',
      description: 'A position on the album timeline.',
      number: { min: 0 },
    },
    status: {
      type: 'string',
      valueName: 'STATUS',
      choices: REQUEST_STATUSES,
      description: 'For client requests.',
      defaultText: 'open',
    },
    'requested-by': {
      type: 'string',
      valueName: 'NAME',
      description: 'For client requests: who asked.',
    },
    tag: {
      type: 'string',
      multiple: true,
      valueName: 'TAG',
      description: 'A label for filtering.',
    },
    version: {
      type: 'string',
      valueName: 'ID',
      description: 'The version milestone it belongs to.',
    },
    author: {
      type: 'string',
      valueName: 'NAME',
      description: 'Who writes it (default: config "author", else your user name).',
    },
  },
  examples: [
    {
      command:
        'tapeop notes add night-drive "Vocal a touch louder in the second chorus" --kind client-request --song city-lights --requested-by Sam',
      description: 'A client request',
    },
    {
      command:
        'tapeop notes add night-drive "Limiter ceiling at -1 dBTP for streaming" --kind decision',
      description: 'A decision',
    },
  ],
  toParams: (args) =>
    defined({
      text: args.positionals.text as string,
      kind: optionString(args, 'kind') as Note['kind'] | undefined,
      song: optionString(args, 'song'),
      atSec: optionNumber(args, 'at'),
      status: optionString(args, 'status') as Note['status'] | undefined,
      requestedBy: optionString(args, 'requested-by'),
      tags: optionList(args, 'tag'),
      versionId: optionString(args, 'version'),
      author: optionString(args, 'author'),
    }),
  render(result, terminal) {
    terminal.line(
      `${terminal.style.green('Noted')} ${result.note.id}: ${describeNote(result.note)}`,
    );
  },
});

export const notesListCommand = actionCommand({
  action: notesListAction,
  path: ['notes', 'list'],
  options: {
    song: {
      type: 'string',
      valueName: 'SONG',
      description: 'About this song: id, title or track number.',
    },
    kind: {
      type: 'string',
      multiple: true,
      valueName: 'KIND',
      choices: NOTE_KINDS,
      description: 'Of this kind.',
    },
    status: {
      type: 'string',
      multiple: true,
      valueName: 'STATUS',
      choices: REQUEST_STATUSES,
      description: 'Client requests with this status.',
    },
    open: { type: 'boolean', description: 'Open client requests only.' },
    version: {
      type: 'string',
      valueName: 'ID',
      description: 'Belonging to this version milestone.',
    },
    author: { type: 'string', valueName: 'NAME', description: 'Written by.' },
    search: {
      type: 'string',
      valueName: 'WORDS',
      description: 'Every word must appear (any case, accents ignored).',
    },
    since: { type: 'string', valueName: 'TIME', description: 'Written at or after (ISO 8601).' },
    until: { type: 'string', valueName: 'TIME', description: 'Written before (ISO 8601).' },
    all: { type: 'boolean', description: 'Include withdrawn entries.' },
  },
  examples: [
    {
      command: 'tapeop notes list night-drive --open',
      description: 'What the client still waits for',
    },
    {
      command: 'tapeop notes list night-drive --kind change --song overpass',
      description: 'Every change made to one song',
    },
  ],
  toParams: (args) =>
    defined({
      song: optionString(args, 'song'),
      kind: optionList(args, 'kind') as Note['kind'][] | undefined,
      status: optionList(args, 'status') as NonNullable<Note['status']>[] | undefined,
      open: optionFlag(args, 'open') || undefined,
      versionId: optionString(args, 'version'),
      author: optionString(args, 'author'),
      text: optionString(args, 'search'),
      since: optionString(args, 'since'),
      until: optionString(args, 'until'),
      includeRetracted: optionFlag(args, 'all') || undefined,
    }),
  render(result, terminal) {
    const { style } = terminal;
    if (result.entries.length === 0) terminal.line('No entries.');
    const rows = result.entries.map((e) => [
      style.dim(e.note.time.slice(0, 16).replace('T', ' ')),
      e.note.author,
      `${e.retracted ? style.dim('(withdrawn) ') : ''}${describeNote(e.note)}`,
    ]);
    for (const line of formatTable(rows)) terminal.line(line);
    for (const issue of result.issues)
      terminal.line(style.yellow(`  notes.jsonl line ${issue.line}: ${issue.message}`));
  },
});

export const notesAmendCommand = actionCommand({
  action: notesAmendAction,
  path: ['notes', 'amend'],
  positionals: [
    { name: 'session', description: 'The session folder.', required: true },
    { name: 'id', description: 'The entry to correct (from notes list --json).', required: true },
  ],
  options: {
    text: { type: 'string', valueName: 'TEXT', description: 'The corrected text.' },
    status: {
      type: 'string',
      valueName: 'STATUS',
      choices: REQUEST_STATUSES,
      description: "A client request's new status.",
    },
    tag: { type: 'string', multiple: true, valueName: 'TAG', description: 'The new tags.' },
  },
  examples: [
    {
      command: 'tapeop notes amend night-drive 01JB3... --status done',
      description: 'Mark a client request done',
    },
  ],
  description: 'Appends an amendment; the original stays in the history.',
  toParams: (args) =>
    defined({
      id: args.positionals.id as string,
      text: optionString(args, 'text'),
      status: optionString(args, 'status') as NonNullable<Note['status']> | undefined,
      tags: optionList(args, 'tag'),
    }),
  render: (result, terminal) =>
    terminal.line(`${terminal.style.green('Amended')}: ${describeNote(result.note)}`),
});

export const notesRetractCommand = actionCommand({
  action: notesRetractAction,
  path: ['notes', 'retract'],
  positionals: [
    { name: 'session', description: 'The session folder.', required: true },
    { name: 'id', description: 'The entry to withdraw.', required: true },
  ],
  options: { reason: { type: 'string', valueName: 'TEXT', description: 'Why it is withdrawn.' } },
  examples: [
    {
      command: 'tapeop notes retract night-drive 01JB3... --reason "wrong song"',
      description: 'Withdraw an entry',
    },
  ],
  description: 'Appends a retraction; the entry stays in the history.',
  toParams: (args) =>
    defined({ id: args.positionals.id as string, reason: optionString(args, 'reason') }),
  render: (result, terminal) =>
    terminal.line(`${terminal.style.green('Withdrawn')}: ${result.note.retracts}`),
});

export const notesExportCommand = actionCommand({
  action: notesExportAction,
  path: ['notes', 'export'],
  options: {
    format: {
      type: 'string',
      valueName: 'FORMAT',
      choices: ['html', 'md', 'json'],
      description: 'The sheet format.',
      defaultText: 'html',
    },
    out: {
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: 'Write the sheet here; without it, the sheet goes to stdout.',
    },
  },
  examples: [
    {
      command: 'tapeop notes export night-drive -o "night-drive recall sheet.html"',
      description: 'The recall sheet, ready to print',
    },
    {
      command: 'tapeop notes export night-drive --format md > notes.md',
      description: 'As Markdown',
    },
  ],
  description:
    'The session report: album facts, open client requests, the revision history, every song with its notes and its last plug-in chain, QC figures and deliveries.',
  toParams: (args) =>
    defined({
      format: optionString(args, 'format') as 'html' | 'md' | 'json' | undefined,
      out: optionString(args, 'out'),
    }),
  render(result, terminal) {
    if (result.content !== undefined) terminal.raw(result.content);
    else terminal.line(`${terminal.style.green('Written')} ${result.file} (${result.bytes} bytes)`);
  },
});
