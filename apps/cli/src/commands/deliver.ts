import {
  deliverCueAction,
  deliverDdpAction,
  deliverPqAction,
  deliverSplitAction,
  deliverVerifyAction,
  type MasterParams,
} from '../actions/deliver.js';
import type { ParsedArguments } from '../cli/command.js';
import { formatTable, plural } from '../cli/format.js';
import type { Terminal } from '../cli/terminal.js';
import { actionCommand, defined, optionFlag, optionString } from './action-command.js';

const masterOptions = {
  master: {
    type: 'string',
    valueName: 'WAV',
    description: 'The album render: 44.1 kHz/16-bit stereo WAV of the whole sequence.',
  },
  'lead-in': {
    type: 'string',
    valueName: 'WHICH',
    choices: ['included', 'excluded'],
    description: "The render holds track 1's pause, or starts at track 1.",
    defaultText: 'included',
  },
} as const;

const masterParams = (args: ParsedArguments): MasterParams =>
  defined({
    master: optionString(args, 'master'),
    leadIn: optionString(args, 'lead-in') as 'included' | 'excluded' | undefined,
  });

const warnings = (list: string[], terminal: Terminal) => {
  for (const w of list) terminal.line(terminal.style.yellow(`  warning: ${w}`));
};

export const deliverDdpCommand = actionCommand({
  action: deliverDdpAction,
  path: ['deliver', 'ddp'],
  options: {
    ...masterOptions,
    songs: {
      type: 'string',
      valueName: 'FOLDER',
      description: 'Per-song renders instead: <song id>.wav or "NN - Title.wav".',
    },
    out: {
      type: 'string',
      short: 'o',
      valueName: 'FOLDER',
      description: 'The DDP folder.',
      defaultText: '<session>/deliver/DDP',
    },
    'master-id': {
      type: 'string',
      valueName: 'TEXT',
      description: 'DDPID master identifier.',
      defaultText: 'the catalogue number',
    },
    overwrite: {
      type: 'boolean',
      description: 'Replace an existing DDP (only once the new one is complete).',
    },
  },
  examples: [
    {
      command: 'tapeop deliver ddp night-drive --master "renders/Night Drive.wav"',
      description: 'The DDP from the album render',
    },
    {
      command: 'tapeop deliver ddp night-drive --songs renders/ --out /media/plant/DDP',
      description: 'From one render per song',
    },
  ],
  description:
    'Checks the sequence against the Red Book and the render against the sequence (within one CD frame) before writing anything; the DDP is written into a temporary folder and renamed into place.',
  toParams: (args) =>
    defined({
      ...masterParams(args),
      songs: optionString(args, 'songs'),
      out: optionString(args, 'out'),
      masterId: optionString(args, 'master-id'),
      overwrite: optionFlag(args, 'overwrite') || undefined,
    }),
  render(result, terminal) {
    terminal.line(
      `${terminal.style.green('DDP written')}: ${result.dir} (${plural(result.tracks, 'track')}, image MD5 ${result.imageMd5})`,
    );
    for (const line of formatTable(result.files.map((f) => [f.name, `${f.bytes} bytes`, f.md5])))
      terminal.line(line);
    warnings(result.warnings, terminal);
  },
});

export const deliverCueCommand = actionCommand({
  action: deliverCueAction,
  path: ['deliver', 'cue'],
  options: {
    ...masterOptions,
    master: {
      ...masterOptions.master,
      description: 'The album render, or a DDP IMAGE.DAT.',
      required: true,
    },
    out: {
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: 'The .cue file.',
      defaultText: '<session>/deliver/<album>.cue',
    },
    encoding: {
      type: 'string',
      valueName: 'ENC',
      choices: ['utf-8', 'latin1'],
      description: 'Text encoding.',
      defaultText: 'utf-8',
    },
  },
  examples: [
    {
      command: 'tapeop deliver cue night-drive --master "renders/Night Drive.wav"',
      description: 'A cue sheet for the render',
    },
    {
      command:
        'tapeop deliver cue night-drive --master night-drive/deliver/DDP/IMAGE.DAT -o image.cue',
      description: "A cue sheet for a DDP's image",
    },
  ],
  toParams: (args) =>
    defined({
      ...masterParams(args),
      out: optionString(args, 'out'),
      encoding: optionString(args, 'encoding') as 'utf-8' | 'latin1' | undefined,
    }),
  render(result, terminal) {
    terminal.line(`${terminal.style.green('CUE sheet written')}: ${result.file}`);
    warnings(result.warnings, terminal);
  },
});

export const deliverPqCommand = actionCommand({
  action: deliverPqAction,
  path: ['deliver', 'pq'],
  options: {
    ddp: {
      type: 'string',
      valueName: 'FOLDER',
      description: "A DDP (any tool's); without it, the session's CD timeline.",
    },
    format: {
      type: 'string',
      valueName: 'FORMAT',
      choices: ['html', 'csv', 'json', 'text'],
      description: 'Sheet format.',
      defaultText: 'html',
    },
    out: {
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: "Write here ('-' prints it).",
      defaultText: '<session>/deliver/PQ sheet.<ext>',
    },
  },
  examples: [
    {
      command: 'tapeop deliver pq night-drive --ddp night-drive/deliver/DDP',
      description: 'The PQ sheet of the DDP, with its checksums',
    },
    {
      command: 'tapeop deliver pq night-drive --format text -o -',
      description: 'The planned PQ listing, on the terminal',
    },
  ],
  toParams: (args) =>
    defined({
      ddp: optionString(args, 'ddp'),
      format: optionString(args, 'format') as 'html' | 'csv' | 'json' | 'text' | undefined,
      out: optionString(args, 'out'),
    }),
  render(result, terminal) {
    if (result.file) terminal.line(`${terminal.style.green('PQ sheet written')}: ${result.file}`);
    else terminal.raw(result.text);
  },
});

export const deliverVerifyCommand = actionCommand({
  action: deliverVerifyAction,
  path: ['deliver', 'verify'],
  positionals: [{ name: 'ddp', description: 'The DDP folder.', required: true }],
  examples: [
    {
      command: 'tapeop deliver verify night-drive/deliver/DDP',
      description: 'Check a DDP before it goes to the plant (exit 3 on problems)',
    },
  ],
  description:
    'Reads DDPs from any tool: files, checksums, PQ descriptor, CD-Text CRCs and the Red Book rules. Exits with 3 when it finds errors.',
  toParams: (args) => ({ ddp: args.positionals.ddp as string }),
  render(result, terminal) {
    const { style } = terminal;
    terminal.line(
      `${result.ok ? style.green('OK') : style.red('Problems')}: ${result.dir}${result.tracks !== undefined ? ` (${plural(result.tracks, 'track')})` : ''}`,
    );
    for (const c of result.checksums)
      terminal.line(`  ${c.ok ? style.green('✓') : style.red('✗')} ${c.name}`);
    for (const p of result.problems)
      terminal.line(
        `  ${p.severity === 'error' ? style.red('error') : style.yellow('warning')}  ${p.file ? `${p.file}${p.offset !== undefined ? ` (byte ${p.offset})` : p.line !== undefined ? ` line ${p.line}` : ''}: ` : ''}${p.message}`,
      );
  },
});

export const deliverSplitCommand = actionCommand({
  action: deliverSplitAction,
  path: ['deliver', 'split'],
  options: {
    ...masterOptions,
    ddp: {
      type: 'string',
      valueName: 'FOLDER',
      description: 'Cut from this DDP instead of a render.',
    },
    out: {
      type: 'string',
      short: 'o',
      valueName: 'FOLDER',
      description: 'Where the files go.',
      defaultText: '<session>/deliver/per-song',
    },
  },
  examples: [
    {
      command: 'tapeop deliver split night-drive --ddp night-drive/deliver/DDP',
      description: 'Per-song WAVs with ISRC, cut from the DDP',
    },
  ],
  toParams: (args) =>
    defined({
      ...masterParams(args),
      ddp: optionString(args, 'ddp'),
      out: optionString(args, 'out'),
    }),
  render(result, terminal) {
    terminal.line(
      `${terminal.style.green('Written')} ${plural(result.files.length, 'file')} in ${result.dir}`,
    );
    warnings(result.warnings, terminal);
  },
});
