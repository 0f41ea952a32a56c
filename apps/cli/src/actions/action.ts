import type { DawAdapter, Logger } from '@tapeop/core';
import type { Progress } from '../cli/terminal.js';
import type { TapeopConfig } from '../config/load-config.js';
import type { JsonSchema } from '../output/json-schema.js';
import type { SessionLocation } from '../session-folder/session-file.js';

/**
 * Everything an action may use. The CLI builds one per command (and closes the DAW after it);
 * the hub builds one per request, sharing its session, its DAW connection and its lock queues.
 */
export interface ActionEnv {
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  config: TapeopConfig;
  /** Who is working, for the notes (config "author", else the OS user). */
  author?: string;
  /** The session the action works on (the hub's, or the command's argument). */
  session?: SessionLocation;
  /** The DAW, connected on first use; throws a usage error when no DAW was chosen. */
  daw(): Promise<DawAdapter>;
  /** The name of the chosen DAW adapter, when one was chosen. */
  dawName?: string;
  progress(label: string, total: number): Progress;
  signal: AbortSignal;
  /** Where the action runs: in the hub some choices differ (no paths outside the session). */
  runner: 'cli' | 'hub';
}

export interface ActionOutcome<R> {
  result: R;
  /** Problems were found in the material (validation, Red Book, QC): the CLI exits with 3. */
  problemsFound?: boolean;
  /** The session file was written (the hub tells its subscribers). */
  sessionChanged?: boolean;
}

/**
 * One thing tapeop does, reachable both as a CLI command and as a hub JSON-RPC method with the
 * same parameters (`params`) and the same result (`result`, what `--json` prints).
 */
export interface Action<P = Record<string, unknown>, R = unknown> {
  /** The hub method name: the command's words joined by '.' (`recall.capture`). */
  method: string;
  summary: string;
  /** JSON Schema of the method's params (an object). */
  params: JsonSchema;
  /** JSON Schema of the result. */
  result: JsonSchema;
  /** Works on a session folder. */
  session: boolean;
  /** Talks to the DAW ('optional': only for some params, such as recall diff --to daw). */
  daw: boolean | 'optional';
  /** Not offered by the hub (it serves one existing session): say why. */
  cliOnly?: string;
  run(params: P, env: ActionEnv): Promise<ActionOutcome<R>>;
}

// biome-ignore lint/suspicious/noExplicitAny: a table of actions with different types
export type AnyAction = Action<any, any>;

export function defineAction<P, R>(action: Action<P, R>): Action<P, R> {
  return action;
}

export function requireSession(env: ActionEnv): SessionLocation {
  if (!env.session) throw new Error('internal: this action needs a session');
  return env.session;
}
