import type { DawAdapter } from '@tapeop/core';
import type { Action, ActionEnv } from '../actions/action.js';
import {
  type CommandContext,
  type CommandSpec,
  defineCommand,
  type Example,
  type OptionSpec,
  type ParsedArguments,
  type PositionalSpec,
} from '../cli/command.js';
import type { Terminal } from '../cli/terminal.js';
import { loadConfig, type TapeopConfig } from '../config/load-config.js';
import { connectDaw, dawOptions, selectDaw } from '../daw/connect-daw.js';
import { locateSession, type SessionLocation } from '../session-folder/session-file.js';

export const sessionPositional: PositionalSpec = {
  name: 'session',
  description: 'The session folder (or its session.json).',
  required: true,
};

export interface ActionCommandSpec<P, R> {
  action: Action<P, R>;
  path: readonly string[];
  /** Defaults to the action's summary. */
  summary?: string;
  description?: string;
  positionals?: readonly PositionalSpec[];
  options?: Record<string, OptionSpec>;
  examples: readonly Example[];
  toParams(args: ParsedArguments, context: CommandContext): P | Promise<P>;
  render(result: R, terminal: Terminal): void;
  waitingFor?: string;
}

/**
 * A CLI command that runs an action: the session comes from the first argument, the DAW from
 * the connection flags and the config files, and the result is what the hub method returns.
 */
export function actionCommand<P, R>(spec: ActionCommandSpec<P, R>): CommandSpec<R> {
  const { action } = spec;
  const positionals = spec.positionals ?? (action.session ? [sessionPositional] : []);
  return defineCommand<R>({
    path: spec.path,
    summary: spec.summary ?? action.summary,
    ...(spec.description ? { description: spec.description } : {}),
    positionals,
    options: { ...(spec.options ?? {}), ...(action.daw ? dawOptions : {}) },
    examples: spec.examples,
    output: action.result,
    ...(spec.waitingFor ? { waitingFor: spec.waitingFor } : {}),
    async run(args, context) {
      let session: SessionLocation | undefined;
      if (action.session)
        session = await locateSession(args.positionals.session as string, context.cwd);
      const config = await loadConfig({
        env: context.env,
        ...(session ? { sessionDir: session.dir } : {}),
      });
      const params = await spec.toParams(args, context);
      const env = commandEnv(
        context,
        config,
        session,
        args,
        spec.path.join(' '),
        action.daw !== false,
      );
      try {
        return await action.run(params, env);
      } finally {
        await env.closeDaw();
      }
    },
    render: spec.render,
  });
}

export function commandEnv(
  context: CommandContext,
  config: TapeopConfig,
  session: SessionLocation | undefined,
  args: ParsedArguments,
  command: string,
  usesDaw: boolean,
): ActionEnv & { closeDaw(): Promise<void> } {
  let adapter: Promise<DawAdapter> | undefined;
  const dawName = usesDaw ? ((args.options.daw as string | undefined) ?? config.daw) : undefined;
  return {
    cwd: context.cwd,
    env: context.env,
    logger: context.logger,
    config,
    ...(config.author ? { author: config.author } : {}),
    ...(session ? { session } : {}),
    ...(dawName ? { dawName } : {}),
    daw() {
      adapter ??= connectDaw(
        selectDaw(args.options, config, command, context.logger),
        config,
        context.logger,
      );
      return adapter;
    },
    progress: (label, total) => context.terminal.progress(label, total),
    signal: context.stopSignal,
    runner: 'cli',
    async closeDaw() {
      if (!adapter) return;
      const connected = await adapter.catch(() => undefined);
      await connected
        ?.close()
        .catch((error: Error) =>
          context.logger.warn(`closing the DAW connection: ${error.message}`),
        );
    },
  };
}

export const optionString = (args: ParsedArguments, key: string) =>
  args.options[key] as string | undefined;
export const optionNumber = (args: ParsedArguments, key: string) =>
  args.options[key] as number | undefined;
export const optionFlag = (args: ParsedArguments, key: string) => args.options[key] === true;
export const optionList = (args: ParsedArguments, key: string) =>
  args.options[key] as string[] | undefined;

/** Drops undefined values so results and params stay clean. */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
