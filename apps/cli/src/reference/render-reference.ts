import type { AnyAction } from '../actions/action.js';
import { type AnyCommand, commandName } from '../cli/command.js';
import { optionLabel, optionText, usageLine } from '../cli/help.js';
import { globalOptions } from '../cli/parse-arguments.js';
import { configSchema } from '../config/config-schema.js';
import { hubOnlyMethods } from '../hub/hub.js';
import { rpcErrors } from '../hub/json-rpc.js';
import type { JsonSchema } from '../output/json-schema.js';

// The CLI reference and the hub reference are generated from the command and action
// definitions, so they cannot drift from what the code does; a test fails when the committed
// files are stale (`npm run reference --workspace @tapeop/cli` rewrites them).

const GENERATED =
  '<!-- GENERATED FILE: do not edit. Run `npm run reference --workspace @tapeop/cli`. -->';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A one-level description of a schema: `{ session, written, songs[] { trackNumber, ... } }`. */
export function shapeOf(schema: JsonSchema, depth = 0): string {
  if (typeof schema.$ref === 'string') {
    const name = /\/([a-z-]+)\.schema\.json/.exec(schema.$ref)?.[1] ?? 'document';
    const title = name.replace(/(^|-)([a-z])/g, (_, _dash, c: string) => c.toUpperCase());
    return `${title}.1`;
  }
  if (schema.type === 'array') return `${shapeOf((schema.items as JsonSchema) ?? {}, depth)}[]`;
  if (schema.enum) return (schema.enum as string[]).map((v) => JSON.stringify(v)).join(' \\| ');
  if (schema.type === 'object' && schema.properties) {
    if (depth >= 2) return 'object';
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const fields = Object.entries(schema.properties as Record<string, JsonSchema>).map(
      ([key, value]) => `${key}${required.has(key) ? '' : '?'}: ${shapeOf(value, depth + 1)}`,
    );
    return `{ ${fields.join(', ')} }`;
  }
  if (Array.isArray(schema.type)) return (schema.type as string[]).join(' \\| ');
  return (schema.type as string | undefined) ?? 'any';
}

function fieldRows(schema: JsonSchema): string[] {
  if (schema.type !== 'object' || !schema.properties) return [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties as Record<string, JsonSchema>).map(
    ([key, value]) =>
      `| \`${key}\`${required.has(key) ? '' : ' (optional)'} | ${cell(shapeOf(value, 1))} | ${cell((value.description as string | undefined) ?? '')} |`,
  );
}

export function renderCliReference(
  commands: readonly AnyCommand[],
  actions: readonly AnyAction[],
): string {
  const lines: string[] = [GENERATED, '', '# tapeop CLI reference', ''];
  lines.push(
    'Every command takes `--json` (one JSON document on stdout, with the shape given below; on failure `{ "error": { code, message, hint?, details } }`), `--help`, `-v/--verbose` and `--debug`. Logs, warnings and progress go to stderr; progress bars only when stderr is a terminal; colours only on a terminal and never with `NO_COLOR`.',
    '',
    '**Exit codes**: 0 ok · 1 failure (a file that cannot be read, an unreachable DAW, ...) · 2 usage error (unknown option, missing argument, bad value) · 3 problems found (an invalid document, Red Book errors, QC, a damaged DDP).',
    '',
    '**DAW connection**: `--daw`, `--host`, `--port`, `--osc-port`, `--timeout` on every command that talks to a DAW; otherwise from `tapeop.config.json` in the session folder, then `$XDG_CONFIG_HOME/tapeop/config.json` (see [the config file](#the-config-file)).',
    '',
    '| Command | What it does | Hub method |',
    '|---|---|---|',
  );
  const methodOf = (command: AnyCommand) => {
    const action = actions.find((a) => a.method === command.path.join('.'));
    return action && !action.cliOnly ? `\`${action.method}\`` : '—';
  };
  for (const command of commands) {
    const name = commandName(command);
    lines.push(
      `| [\`tapeop ${name}\`](#tapeop-${name.replaceAll(' ', '-')}) | ${cell(command.summary)}${command.waitingFor ? ` *Not available yet: ${cell(command.waitingFor)}.*` : ''} | ${methodOf(command)} |`,
    );
  }
  for (const command of commands) {
    const name = commandName(command);
    lines.push('', `## tapeop ${name}`, '', command.summary, '', '```', usageLine(command), '```');
    if (command.waitingFor)
      lines.push(
        '',
        `**Not available yet**: waits for ${command.waitingFor}; it exits 1 saying so.`,
      );
    if (command.description) lines.push('', command.description);
    if (command.positionals.length > 0) {
      lines.push('', '| Argument | |', '|---|---|');
      for (const p of command.positionals)
        lines.push(
          `| \`<${p.name}${p.variadic ? '...' : ''}>\`${p.required ? '' : ' (optional)'} | ${cell(p.description)} |`,
        );
    }
    const options = Object.entries(command.options).filter(([, spec]) => !spec.hidden);
    if (options.length > 0) {
      lines.push('', '| Option | |', '|---|---|');
      for (const [key, spec] of options)
        lines.push(
          `| \`${optionLabel(key, spec)}\`${spec.required ? ' (required)' : ''} | ${cell(optionText(spec))} |`,
        );
    }
    if (command.examples.length > 0) {
      lines.push('', 'Examples:', '', '```sh');
      for (const example of command.examples)
        lines.push(`# ${example.description}`, example.command);
      lines.push('```');
    }
    const rows = fieldRows(command.output);
    if (rows.length > 0) {
      lines.push(
        '',
        `\`--json\` prints${methodOf(command) === '—' ? '' : ` (the same as the hub's ${methodOf(command)})`}:`,
        '',
        '| Field | Shape | |',
        '|---|---|---|',
        ...rows,
      );
    }
  }
  lines.push('', '## Global options', '', '| Option | |', '|---|---|');
  for (const [key, spec] of Object.entries(globalOptions))
    lines.push(`| \`${optionLabel(key, spec)}\` | ${cell(spec.description)} |`);
  lines.push(
    '',
    '## The config file',
    '',
    "`tapeop.config.json` in a session folder, and `$XDG_CONFIG_HOME/tapeop/config.json` (default `~/.config/tapeop/config.json`) for the user. The session's file wins over the user's; command-line flags win over both. Unknown settings are refused with their JSON pointer.",
    '',
  );
  lines.push('| Setting | Shape | |', '|---|---|---|', ...fieldRows(configSchema));
  lines.push(
    '',
    '```json',
    JSON.stringify(
      {
        daw: 'reaper',
        daws: { reaper: { host: '127.0.0.1', port: 8080, oscPort: 8000 }, ardour: { port: 3819 } },
        author: 'Robin',
        hub: { port: 7460, allowedOrigins: ['http://localhost:5173'] },
        adapters: ['./adapters/my-daw.js'],
      },
      null,
      2,
    ),
    '```',
    '',
  );
  return lines.join('\n');
}

export function renderHubReference(actions: readonly AnyAction[]): string {
  const lines: string[] = [GENERATED, '', '# tapeop hub reference (`tapeop serve`)', ''];
  lines.push(
    'JSON-RPC 2.0 over a WebSocket at `ws://127.0.0.1:7460/rpc` (`--port`, `--host`). Requests are JSON text frames; params are an object (named params); batches are answered as batches; notifications (no `id`) get no answer. Every method below is also a CLI command with the same parameters and the same result as its `--json` output.',
    '',
    "**Access**: bound to 127.0.0.1 by default, with the `Host` header checked (DNS rebinding). Browsers (they send `Origin`) must come from the hub's own origin or an allowed one (`--allow-origin`, config `hub.allowedOrigins`). Beyond loopback every client sends the token: `Authorization: Bearer <token>`, or `?token=` from a browser; otherwise HTTP 401 before the WebSocket opens.",
    '',
    '**Errors**:',
    '',
    '| Code | When |',
    '|---|---|',
    `| ${rpcErrors.parseError} | The frame is not JSON (the connection stays). |`,
    `| ${rpcErrors.invalidRequest} | Not a JSON-RPC 2.0 request, an empty batch, or a binary frame. |`,
    `| ${rpcErrors.methodNotFound} | No such method (\`hub.info\` lists them). |`,
    `| ${rpcErrors.invalidParams} | Params do not match the method's schema; \`data.problems\` lists \`{ pointer, message }\`. |`,
    `| ${rpcErrors.internalError} | A bug in tapeop. |`,
    `| ${rpcErrors.tapeopError} | The method failed: \`data\` is \`{ code, message, hint?, details }\` with tapeop's stable error code (DAW_UNREACHABLE, SCHEMA_INVALID, CONFLICT, PATH_OUTSIDE_SESSION, ...). |`,
    `| ${rpcErrors.tooLarge} | The message is larger than the hub accepts (default 1 MiB, \`--max-message\`); the connection stays. |`,
    `| ${rpcErrors.busy} | More than 32 requests of one client at once. |`,
    '',
    'Results of actions that find problems (Red Book errors, a damaged DDP) carry `problemsFound: true` (the CLI exits 3). Paths in params are relative to the session folder and must stay inside it.',
    '',
    '## Subscriptions',
    '',
    '| Method | |',
    '|---|---|',
  );
  for (const [method, text] of Object.entries(hubOnlyMethods))
    lines.push(`| \`${method}\` | ${cell(text)} |`);
  lines.push(
    '',
    'Notifications (`{ "jsonrpc": "2.0", "method": ..., "params": { subscription, ... } }`):',
    '',
    '| Method | Params |',
    '|---|---|',
    '| `notes.added` | `{ subscription, notes: Note.1[] }`: entries appended to notes.jsonl by anyone (the hub, the CLI, another process), in the order written; amendments and retractions are entries too. |',
    '| `session.changed` | `{ subscription, document: Session.1 }`: session.json changed and is valid. |',
    '| `daw.event` | `{ subscription, event }`: `connection` (connected / disconnected, reason), `heartbeat`, `transport` (playing, positionSec), `track-changed`, `markers-changed`, `error`. |',
    '',
    '## Methods',
  );
  for (const action of actions.filter((a) => !a.cliOnly)) {
    lines.push(
      '',
      `### \`${action.method}\``,
      '',
      `${action.summary} CLI: \`tapeop ${action.method.replaceAll('.', ' ')}\`.${action.daw === true ? ' Talks to the DAW (the hub must be started with `--daw`).' : ''}`,
      '',
    );
    const params = fieldRows(action.params);
    if (params.length > 0) lines.push('| Param | Shape | |', '|---|---|---|', ...params, '');
    else lines.push('No params.', '');
    lines.push('Result:', '', '| Field | Shape | |', '|---|---|---|', ...fieldRows(action.result));
  }
  lines.push(
    '',
    '## Not in the hub',
    '',
    ...actions
      .filter((a) => a.cliOnly)
      .map((a) => `- \`tapeop ${a.method.replaceAll('.', ' ')}\`: ${a.cliOnly}.`),
    '- `tapeop serve`, `tapeop sim reaper`, `tapeop demo`, `tapeop adapters` and the installers: they run on the machine, not on a session.',
    '',
  );
  return lines.join('\n');
}

/** The list of commands for the repository README, between its markers. */
export function renderReadmeCommandList(commands: readonly AnyCommand[]): string {
  return commands
    .map(
      (c) =>
        `- \`tapeop ${commandName(c)}\`: ${c.summary}${c.waitingFor ? ` *(not available yet: ${c.waitingFor})*` : ''}`,
    )
    .join('\n');
}

export const README_BEGIN =
  '<!-- cli-commands:begin (generated from apps/cli; npm run reference --workspace @tapeop/cli) -->';
export const README_END = '<!-- cli-commands:end -->';

/** The README with its generated command list replaced. */
export function updateReadme(readme: string, commands: readonly AnyCommand[]): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error('README.md has no cli-commands markers');
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${renderReadmeCommandList(commands)}\n${readme.slice(end)}`;
}
