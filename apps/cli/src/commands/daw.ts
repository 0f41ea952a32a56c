import {
  dawLocateAction,
  dawPlayAction,
  dawStatusAction,
  dawStopAction,
  loadAction,
  markersReadAction,
  markersWriteAction,
} from '../actions/daw.js';
import { formatTable, minutes, plural } from '../cli/format.js';
import type { Terminal } from '../cli/terminal.js';
import { actionCommand, defined, optionFlag, optionString } from './action-command.js';

const warnings = (list: string[], terminal: Terminal) => {
  for (const w of list) terminal.line(terminal.style.yellow(`  warning: ${w}`));
};

export const loadCommand = actionCommand({
  action: loadAction,
  path: ['load'],
  options: {
    layout: {
      type: 'string',
      valueName: 'LAYOUT',
      choices: ['track-per-song', 'single-track'],
      description: 'One track per song, or every song on one track.',
      defaultText: 'track-per-song',
    },
    offline: {
      type: 'string',
      valueName: 'FILE',
      description: 'Write a project file (.RPP, .ardour) instead of loading into a running DAW.',
    },
  },
  examples: [
    {
      command: 'tapeop load night-drive --daw reaper',
      description: 'Into REAPER on this machine (web interface on 8080, bridge running)',
    },
    {
      command: 'tapeop load night-drive --daw reaper --host 10.0.0.5 --port 8081',
      description: 'Into REAPER on another machine',
    },
    {
      command: 'tapeop load night-drive --offline night-drive.RPP',
      description: 'Write a REAPER project file instead',
    },
  ],
  description:
    'Places every sequenced mix at its place on the timeline, with its trims, fades and gain. Loading again replaces what tapeop loaded before (tracks are matched by song).',
  toParams: (args) =>
    defined({
      layout: optionString(args, 'layout') as 'track-per-song' | 'single-track' | undefined,
      offline: optionString(args, 'offline'),
      snapshot: optionString(args, 'snapshot'),
    }),
  render(result, terminal) {
    const { style } = terminal;
    terminal.line(
      result.mode === 'offline'
        ? `${style.green('Written')} ${result.file} (${result.adapter})`
        : `${style.green('Loaded')} ${plural(result.songs.length, 'song')} into ${result.daw?.name ?? result.adapter}${result.daw?.version ? ` ${result.daw.version}` : ''}`,
    );
    for (const line of formatTable(
      result.songs.map((s) => [s.track, `at ${minutes(s.positionSec)}`, minutes(s.lengthSec)]),
    ))
      terminal.line(line);
    warnings(result.warnings, terminal);
  },
});

export const markersWriteCommand = actionCommand({
  action: markersWriteAction,
  path: ['markers', 'write'],
  examples: [
    {
      command: 'tapeop markers write night-drive --daw reaper',
      description: "The CD markers with ISRC and CD-Text, as REAPER's DDP render reads them",
    },
  ],
  description: "Replaces the markers tapeop wrote before; the engineer's own markers stay.",
  toParams: () => ({}),
  render(result, terminal) {
    terminal.line(
      `${terminal.style.green('Wrote')} ${plural(result.written.length, 'marker')} (${result.removed} replaced)`,
    );
    const rows = result.written
      .filter((m) => m.kind !== 'region')
      .map((m) => [m.kind, minutes(m.timeSamples / m.sampleRate), m.name ?? '']);
    for (const line of formatTable(rows)) terminal.line(line);
    warnings(result.warnings, terminal);
  },
});

export const markersReadCommand = actionCommand({
  action: markersReadAction,
  path: ['markers', 'read'],
  options: {
    'dry-run': {
      type: 'boolean',
      short: 'n',
      description: 'Show the change without writing the session.',
    },
  },
  examples: [
    {
      command: 'tapeop markers read night-drive --daw reaper -n',
      description: 'What the engineer changed in the DAW, without applying it',
    },
    {
      command: 'tapeop markers read night-drive --daw reaper',
      description: "Take the DAW's order and gaps into the session",
    },
  ],
  description:
    'Reads the markers back, rebuilds the order, gaps, crossfades and index marks from them, shows the change, and writes it to the session (one change note per change).',
  toParams: (args) => defined({ dryRun: optionFlag(args, 'dry-run') || undefined }),
  render(result, terminal) {
    const { style } = terminal;
    terminal.line(
      `Read ${plural(result.markers.length, 'marker')} (${result.ignored} of them the engineer's own, left alone)`,
    );
    if (result.changes.length === 0)
      terminal.line('The markers agree with the sequence: nothing to change.');
    else {
      terminal.line(
        style.bold(result.written ? 'Changed in the session:' : 'The markers say (not written):'),
      );
      for (const c of result.changes) terminal.line(`  ${c.text}`);
    }
    for (const u of result.unmatched)
      terminal.line(
        style.yellow(
          `  not used: ${u.marker.name ?? u.marker.kind} at ${minutes(u.marker.timeSamples / u.marker.sampleRate)}: ${u.reason}`,
        ),
      );
    for (const n of result.notes) terminal.line(style.dim(`  ${n}`));
  },
});

export const dawStatusCommand = actionCommand({
  action: dawStatusAction,
  path: ['daw', 'status'],
  positionals: [],
  examples: [
    {
      command: 'tapeop daw status --daw reaper',
      description: 'Is REAPER there, with the bridge running?',
    },
    {
      command: 'tapeop daw status --daw ardour --port 3819 --json',
      description: "Ardour's version and project, for a script",
    },
  ],
  toParams: () => ({}),
  render(result, terminal) {
    terminal.line(
      `${terminal.style.green('Connected')}: ${result.daw.name}${result.daw.version ? ` ${result.daw.version}` : ''} (adapter ${result.adapter})`,
    );
    if (result.daw.project)
      terminal.line(
        `  project: ${result.daw.project.name ?? result.daw.project.path ?? '(unsaved)'}${result.daw.project.sampleRate ? `, ${result.daw.project.sampleRate / 1000} kHz` : ''}`,
      );
    terminal.line(`  can: ${result.manifest.capabilities.join(', ')}`);
    if (result.transport)
      terminal.line(
        `  transport: ${result.transport.playing ? 'playing' : 'stopped'} at ${minutes(result.transport.positionSec)}`,
      );
  },
});

export const dawLocateCommand = actionCommand({
  action: dawLocateAction,
  path: ['daw', 'locate'],
  positionals: [
    { name: 'session', description: 'The session folder (songs are found in it).', required: true },
    {
      name: 'to',
      description: 'Seconds (95.5), a time (1:35.5), or a song: id, title, or #track.',
      required: true,
    },
  ],
  examples: [
    {
      command: 'tapeop daw locate night-drive "#3" --daw reaper',
      description: 'To the start of track 3',
    },
    {
      command: 'tapeop daw locate night-drive 2:05 --daw reaper',
      description: 'To 2 minutes 5 seconds',
    },
  ],
  toParams: (args) => ({ to: args.positionals.to as string }),
  render(result, terminal) {
    terminal.line(`At ${minutes(result.positionSec)}${result.songId ? ` (${result.songId})` : ''}`);
  },
});

export const dawPlayCommand = actionCommand({
  action: dawPlayAction,
  path: ['daw', 'play'],
  positionals: [],
  examples: [{ command: 'tapeop daw play --daw reaper', description: 'Start playback' }],
  toParams: () => ({}),
  render: (result, terminal) =>
    terminal.line(
      `${result.transport.playing ? 'Playing' : 'Stopped'} at ${minutes(result.transport.positionSec)}`,
    ),
});

export const dawStopCommand = actionCommand({
  action: dawStopAction,
  path: ['daw', 'stop'],
  positionals: [],
  examples: [{ command: 'tapeop daw stop --daw reaper', description: 'Stop playback' }],
  toParams: () => ({}),
  render: (result, terminal) =>
    terminal.line(
      `${result.transport.playing ? 'Playing' : 'Stopped'} at ${minutes(result.transport.positionSec)}`,
    ),
});
