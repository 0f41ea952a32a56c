import { initAction, scanAction } from '../actions/intake.js';
import type { InitReport, ProblemLine, ScanReport } from '../actions/intake-operation.js';
import { formatTable, minutes, plural } from '../cli/format.js';
import type { Terminal } from '../cli/terminal.js';
import {
  actionCommand,
  defined,
  optionFlag,
  optionNumber,
  optionString,
} from './action-command.js';

function renderProblems(problems: ProblemLine[], terminal: Terminal): void {
  const { style } = terminal;
  for (const p of problems)
    terminal.line(
      `  ${p.severity === 'error' ? style.red('error') : style.yellow('warning')}  ${p.text}${p.hint ? style.dim(` (${p.hint})`) : ''}`,
    );
}

export function renderScan(report: ScanReport, terminal: Terminal): void {
  const { style } = terminal;
  terminal.line(`${style.bold(report.folder)}: ${plural(report.files.length, 'audio file')}`);
  const rows = report.files.map((f) => [
    f.status === 'selected'
      ? style.green('✓')
      : f.status === 'rejected'
        ? style.red('✗')
        : style.yellow('–'),
    f.file,
    f.format
      ? `${f.format.sampleRate / 1000} kHz ${f.format.bitDepth}-bit ${f.format.channels === 2 ? 'stereo' : `${f.format.channels} ch`}`
      : '',
    f.format ? minutes(f.format.durationSec) : '',
    f.status === 'selected' ? (f.name.versionLabel ?? '') : style.dim(f.reason ?? f.status),
  ]);
  for (const line of formatTable(rows)) terminal.line(line);
  if (report.ignored.length > 0)
    terminal.line(
      style.dim(
        `  ${plural(report.ignored.length, 'other file')} left out (${report.ignored.map((i) => i.file).join(', ')})`,
      ),
    );
  if (report.problems.length > 0) {
    terminal.line();
    terminal.line(style.bold(`Problems (${report.errors} errors, ${report.warnings} warnings):`));
    renderProblems(report.problems, terminal);
  } else terminal.line(style.green('No problems found.'));
}

export const scanCommand = actionCommand({
  action: scanAction,
  path: ['scan'],
  positionals: [{ name: 'folder', description: 'The folder of delivered mixes.', required: true }],
  options: {
    recursive: { type: 'boolean', short: 'r', description: 'Look into subfolders too.' },
    'no-hash': {
      type: 'boolean',
      description: 'Skip the SHA-256 of every file (duplicates are then not found).',
    },
    artist: {
      type: 'string',
      valueName: 'NAME',
      description: "The album artist, to read 'Artist - Title.wav' names.",
    },
  },
  examples: [
    {
      command: 'tapeop scan ~/Deliveries/night-drive',
      description: 'What came in: formats, versions, problems',
    },
    {
      command: 'tapeop scan mixes --json | jq ".problems[].text"',
      description: 'The problems, one per line, for a script',
    },
  ],
  description:
    'Reads every file header (never the audio) and hashes the files. Nothing is written. Exits with 3 when a file cannot be used.',
  toParams: (args) =>
    defined({
      folder: args.positionals.folder as string,
      recursive: optionFlag(args, 'recursive') || undefined,
      noHash: optionFlag(args, 'no-hash') || undefined,
      artist: optionString(args, 'artist'),
    }),
  render: renderScan,
});

export const initCommand = actionCommand({
  action: initAction,
  path: ['init'],
  positionals: [{ name: 'dir', description: 'The session folder to create.', required: true }],
  options: {
    from: {
      type: 'string',
      valueName: 'FOLDER',
      description: 'The folder of delivered mixes.',
      required: true,
    },
    title: {
      type: 'string',
      valueName: 'TEXT',
      description: 'Album title (default: the sheet, else the folder name).',
    },
    artist: { type: 'string', valueName: 'TEXT', description: 'Album artist.' },
    sheet: {
      type: 'string',
      valueName: 'CSV',
      description: 'Metadata sheet: track, title, performer, isrc, gap, ...',
    },
    gap: {
      type: 'string',
      valueName: 'SECONDS',
      description: 'Gap between songs when the sheet gives none.',
      number: { min: 0, max: 3600 },
      defaultText: '2',
    },
    'in-place': {
      type: 'boolean',
      description: 'Use the mixes where they are instead of copying them into <dir>/mixes.',
    },
    recursive: {
      type: 'boolean',
      short: 'r',
      description: 'Look into subfolders of the mixes folder.',
    },
  },
  examples: [
    {
      command:
        'tapeop init night-drive --from ~/Deliveries/night-drive --sheet ~/Deliveries/night-drive/Tracklist.csv --artist "The Example Band"',
      description: 'A session from a delivery and its track sheet',
    },
    {
      command: 'tapeop init . --from mixes',
      description: 'A session in the folder that holds the mixes',
    },
  ],
  description:
    'Scans the mixes, copies the usable ones into <dir>/mixes (unless they are inside <dir> already, or --in-place), merges the metadata sheet, and writes session.json and notes.jsonl.',
  toParams(args) {
    return defined({
      dir: args.positionals.dir as string,
      from: optionString(args, 'from') as string,
      title: optionString(args, 'title'),
      artist: optionString(args, 'artist'),
      sheet: optionString(args, 'sheet'),
      gapSec: optionNumber(args, 'gap'),
      inPlace: optionFlag(args, 'in-place') || undefined,
      recursive: optionFlag(args, 'recursive') || undefined,
    });
  },
  render(report: InitReport, terminal) {
    const { style } = terminal;
    terminal.line(`${style.green('Created')} ${report.session}`);
    terminal.line(
      `  ${report.album.title}${report.album.artist ? ` · ${report.album.artist}` : ''} · ${report.sampleRate / 1000} kHz · ${plural(report.songs.length, 'song')}`,
    );
    for (const line of formatTable(
      report.songs.map((s, i) => [
        String(i + 1).padStart(2, '0'),
        s.title,
        s.isrc ?? style.dim('no ISRC'),
        minutes(s.durationSec),
      ]),
    ))
      terminal.line(line);
    if (report.copied.length > 0)
      terminal.line(
        style.dim(
          `  ${plural(report.copied.length, 'mix', 'mixes')} copied into the session's mixes/ folder`,
        ),
      );
    const problems = [...report.scan.problems, ...report.problems];
    if (problems.length > 0) {
      terminal.line();
      terminal.line(style.bold('Look at these:'));
      renderProblems(problems, terminal);
    }
    terminal.line();
    terminal.line(`Next: tapeop sequence ${report.session.replace(/\/session\.json$/, '')} --cd`);
  },
});
