import { resolve } from 'node:path';
import { type CommandContext, defineCommand, type ParsedArguments } from '../cli/command.js';
import type { Terminal } from '../cli/terminal.js';
import { array, boolean, integer, object, oneOfStrings, string } from '../output/json-schema.js';

export interface ReaperInstallResult {
  resourcePath: string;
  dryRun: boolean;
  changed: boolean;
  files: Array<{
    file: string;
    action: 'created' | 'updated' | 'deleted' | 'restored';
    backup?: string;
    changes: string[];
  }>;
  backupFolder?: string;
  commandId: string;
  webInterface?: { port?: number; added: boolean };
  osc?: { listenPort?: number; deviceHost?: string; devicePort?: number; added: boolean };
  notes: string[];
}

const result = object(
  {
    resourcePath: string(),
    dryRun: boolean(),
    changed: boolean('false when everything was as asked already.'),
    files: array(
      object(
        {
          file: string('Relative to the resource folder.'),
          action: oneOfStrings(['created', 'updated', 'deleted', 'restored']),
          backup: string('Where the file was copied before it was touched.'),
          changes: array(string()),
        },
        { optional: ['backup'] },
      ),
    ),
    backupFolder: string(),
    commandId: string('The command id REAPER gives the bridge.'),
    webInterface: object({ port: integer(), added: boolean() }, { optional: ['port'] }),
    osc: object(
      { listenPort: integer(), deviceHost: string(), devicePort: integer(), added: boolean() },
      { optional: ['listenPort', 'deviceHost', 'devicePort'] },
    ),
    notes: array(string(), 'What to do next.'),
  },
  { optional: ['backupFolder', 'webInterface', 'osc'] },
);

const resourceOption = {
  resource: {
    type: 'string',
    valueName: 'FOLDER',
    description: "REAPER's resource folder (Options > Show REAPER resource path).",
    defaultText: "this system's standard one",
  },
  'dry-run': { type: 'boolean', short: 'n', description: 'Report every change, write nothing.' },
} as const;

async function resourcePathOf(args: ParsedArguments, context: CommandContext): Promise<string> {
  const given = args.options.resource as string | undefined;
  if (given) return resolve(context.cwd, given);
  const { defaultReaperResourcePath } = await import('@tapeop/adapter-reaper');
  return defaultReaperResourcePath(process.platform, context.env);
}

function render(outcome: ReaperInstallResult, terminal: Terminal, verb: string): void {
  const { style } = terminal;
  if (!outcome.changed)
    terminal.line(
      `Nothing to do in ${outcome.resourcePath}: ${verb === 'Installed' ? 'the bridge is installed already' : 'tapeop was not installed there'}.`,
    );
  else
    terminal.line(
      `${outcome.dryRun ? 'Would change' : style.green(verb)} in ${outcome.resourcePath}:`,
    );
  for (const file of outcome.files) {
    terminal.line(
      `  ${file.action} ${file.file}${file.backup ? style.dim(` (backup: ${file.backup})`) : ''}`,
    );
    for (const change of file.changes) terminal.line(`    ${change}`);
  }
  for (const note of outcome.notes) terminal.line(note);
}

export const reaperInstallCommand = defineCommand<ReaperInstallResult>({
  path: ['reaper', 'install'],
  summary:
    "Install the tapeop bridge into REAPER's resource folder: script, action, startup, web interface, OSC surface (backups; idempotent).",
  positionals: [],
  options: {
    ...resourceOption,
    'web-port': {
      type: 'string',
      valueName: 'PORT',
      description: 'Port of the web interface to add when REAPER has none.',
      number: { integer: true, min: 1, max: 65535 },
      defaultText: '8080',
    },
    'no-web': { type: 'boolean', description: 'Do not add a web interface.' },
    'osc-port': {
      type: 'string',
      valueName: 'PORT',
      description: "The OSC surface's listen port.",
      number: { integer: true, min: 1, max: 65535 },
      defaultText: '8000',
    },
    'osc-device': {
      type: 'string',
      valueName: 'HOST:PORT',
      description: 'Where REAPER sends OSC feedback (the machine tapeop runs on).',
      defaultText: '127.0.0.1:9000',
    },
    'no-osc': { type: 'boolean', description: 'Do not add an OSC surface.' },
    'no-startup': {
      type: 'boolean',
      description: 'Do not start the bridge with REAPER (Scripts/__startup.lua left alone).',
    },
  },
  examples: [
    {
      command: 'tapeop reaper install',
      description: 'With REAPER closed: everything tapeop needs, in the standard resource folder',
    },
    {
      command: 'tapeop reaper install --resource ~/REAPER-portable --no-osc -n',
      description: 'What it would change in a portable install, without OSC',
    },
  ],
  description:
    'Close REAPER first: it rewrites reaper.ini and reaper-kb.ini when it quits. Every file it changes is backed up under <resource>/tapeop/backups first; lines are only added; installing again writes nothing. Undo with tapeop reaper uninstall.',
  output: result,
  async run(args, context) {
    const { installReaperBridge } = await import('@tapeop/adapter-reaper');
    const device = (args.options['osc-device'] as string | undefined)?.split(':');
    const outcome = await installReaperBridge(await resourcePathOf(args, context), {
      web: args.options['no-web']
        ? false
        : { ...(args.options['web-port'] ? { port: args.options['web-port'] as number } : {}) },
      osc: args.options['no-osc']
        ? false
        : {
            ...(args.options['osc-port'] ? { listenPort: args.options['osc-port'] as number } : {}),
            ...(device?.[0] ? { deviceHost: device[0] } : {}),
            ...(device?.[1] ? { devicePort: Number(device[1]) } : {}),
          },
      ...(args.options['no-startup'] ? { startup: false } : {}),
      ...(args.options['dry-run'] ? { dryRun: true } : {}),
    });
    return { result: outcome as ReaperInstallResult };
  },
  render: (outcome, terminal) => render(outcome, terminal, 'Installed'),
});

export const reaperUninstallCommand = defineCommand<ReaperInstallResult>({
  path: ['reaper', 'uninstall'],
  summary: "Remove exactly what tapeop reaper install added to REAPER's resource folder.",
  positionals: [],
  options: resourceOption,
  examples: [
    {
      command: 'tapeop reaper uninstall',
      description: 'With REAPER closed: every file back as it was',
    },
  ],
  description:
    "Reads the install record (tapeop/install.json) and removes exactly what it lists; a surface changed in REAPER's preferences since is left alone and reported. Close REAPER first.",
  output: result,
  async run(args, context) {
    const { uninstallReaperBridge } = await import('@tapeop/adapter-reaper');
    const outcome = await uninstallReaperBridge(
      await resourcePathOf(args, context),
      args.options['dry-run'] ? { dryRun: true } : {},
    );
    return { result: outcome as ReaperInstallResult };
  },
  render: (outcome, terminal) => render(outcome, terminal, 'Removed'),
});
