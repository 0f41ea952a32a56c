import { resolve } from 'node:path';
import { defineCommand } from '../cli/command.js';
import { boolean, integer, object, oneOfStrings, string } from '../output/json-schema.js';

const configDirOption = {
  'config-dir': {
    type: 'string',
    valueName: 'FOLDER',
    description: "Ardour's user config folder.",
    defaultText: '$XDG_CONFIG_HOME/ardour7 (Linux), ~/Library/Preferences/Ardour7 (macOS)',
  },
} as const;

async function configDirOf(
  given: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  if (given) return resolve(cwd, given);
  const { defaultArdourConfigDir } = await import('@tapeop/adapter-ardour');
  return defaultArdourConfigDir(env);
}

export interface ArdourInstallResult {
  configDir: string;
  slot: number;
  changed: boolean;
  uiScriptsFile: string;
  backup?: string;
}

export const ardourInstallCommand = defineCommand<ArdourInstallResult>({
  path: ['ardour', 'install'],
  summary:
    "Install the tapeop bridge into Ardour's configuration (with a backup; installing again changes nothing).",
  positionals: [],
  options: configDirOption,
  examples: [
    {
      command: 'tapeop ardour install',
      description: 'Bind the Lua bridge to an action, then restart Ardour',
    },
    {
      command: 'tapeop ardour install --config-dir ~/.config/ardour7 --json',
      description: 'For a given Ardour config folder',
    },
  ],
  description:
    "Adds the bridge to Ardour's ui_scripts as a Lua action script (the original file is backed up under <config>/tapeop/backups first). Restart Ardour afterwards, and switch OSC on in the session (Edit > Preferences > Control Surfaces > Open Sound Control, replies to the sender's port).",
  output: object(
    {
      configDir: string(),
      slot: integer('The Lua action slot the bridge is bound to.'),
      changed: boolean('false when the same bridge was installed already.'),
      uiScriptsFile: string(),
      backup: string('The backup of the original ui_scripts.'),
    },
    { optional: ['backup'] },
  ),
  async run(args, context) {
    const configDir = await configDirOf(
      args.options['config-dir'] as string | undefined,
      context.cwd,
      context.env,
    );
    const { installArdourBridge } = await import('@tapeop/adapter-ardour');
    const result = await installArdourBridge(configDir);
    return { result: { configDir, ...result } };
  },
  render(result, terminal) {
    terminal.line(
      result.changed
        ? `${terminal.style.green('Installed')} the tapeop bridge in ${result.uiScriptsFile} (action slot ${result.slot})${result.backup ? `; the original is kept in ${result.backup}` : ''}.`
        : `The tapeop bridge is installed already (action slot ${result.slot}); nothing changed.`,
    );
    terminal.line(
      'Next: restart Ardour, switch OSC on in the session, then: tapeop daw status --daw ardour',
    );
  },
});

export interface ArdourUninstallResult {
  configDir: string;
  removed: boolean;
  restored: 'original' | 'slot-removed' | 'nothing';
}

export const ardourUninstallCommand = defineCommand<ArdourUninstallResult>({
  path: ['ardour', 'uninstall'],
  summary: "Remove the tapeop bridge from Ardour's configuration, restoring it exactly.",
  positionals: [],
  options: configDirOption,
  examples: [{ command: 'tapeop ardour uninstall', description: 'Undo tapeop ardour install' }],
  description:
    "Puts the original ui_scripts back byte for byte when nobody changed it since; otherwise takes out only tapeop's slot and keeps every other line.",
  output: object({
    configDir: string(),
    removed: boolean(),
    restored: oneOfStrings(['original', 'slot-removed', 'nothing']),
  }),
  async run(args, context) {
    const configDir = await configDirOf(
      args.options['config-dir'] as string | undefined,
      context.cwd,
      context.env,
    );
    const { uninstallArdourBridge } = await import('@tapeop/adapter-ardour');
    const result = await uninstallArdourBridge(configDir);
    return { result: { configDir, ...result } };
  },
  render(result, terminal) {
    terminal.line(
      !result.removed
        ? 'The tapeop bridge was not installed; nothing changed.'
        : result.restored === 'original'
          ? `${terminal.style.green('Removed')}: ${result.configDir}/ui_scripts is as it was before the install.`
          : `${terminal.style.green('Removed')} tapeop's action slot; your other action scripts are kept.`,
    );
  },
});
