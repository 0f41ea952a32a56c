// biome-ignore-all lint/suspicious/noExplicitAny: test helpers read JSON of any shape
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { commandName } from '../cli/command.js';
import { commands } from '../commands/index.js';
import { errorDocument } from '../output/common-schemas.js';
import { schemaValidator } from '../output/schema-validator.js';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

export interface TapeopRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The arguments that run the CLI's sources as a process, as `npm run demo` does. */
export const tapeopArgv = (args: string[]) => [
  '--conditions=@tapeop/source',
  '--import',
  tsx,
  main,
  ...args,
];

function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env };
}

/** Runs `tapeop <args>` as its own process and waits for it to end. */
export function runTapeop(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string },
): Promise<TapeopRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, tapeopArgv(args), {
      cwd: options.cwd,
      env: childEnv(options.env ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Checks a `--json` run: the exit code, one JSON document on stdout, and its shape against the
 * command's documented schema (or the error schema when it failed).
 */
export function jsonOf(run: TapeopRun, command: string, code = 0): any {
  expect(run.code, `tapeop ${command} exited ${run.code}\n${run.stderr}\n${run.stdout}`).toBe(code);
  let value: unknown;
  try {
    value = JSON.parse(run.stdout);
  } catch {
    throw new Error(
      `tapeop ${command} --json did not print one JSON document:\n${run.stdout}\n${run.stderr}`,
    );
  }
  // Exit 3 is a result with problems, or an error such as an invalid session (SCHEMA_INVALID).
  const failed =
    code !== 0 && (code !== 3 || (value !== null && typeof value === 'object' && 'error' in value));
  const schema = failed ? errorDocument : commands.find((c) => commandName(c) === command)?.output;
  if (!schema) throw new Error(`no command ${command}`);
  const validate = schemaValidator(schema);
  expect(validate(value), `${command} --json: ${JSON.stringify(validate.errors, null, 2)}`).toBe(
    true,
  );
  return value;
}

export interface Server {
  child: ChildProcess;
  /** The JSON document the server printed when it was ready. */
  ready: any;
  stderr: () => string;
  stop(): Promise<number | null>;
}

/** Starts a long-running tapeop command (`serve`, `sim reaper`) with --json; resolves once it is ready. */
export function startTapeop(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, tapeopArgv([...args, '--json']), {
      cwd: options.cwd,
      env: childEnv(options.env ?? {}),
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tapeop ${args.join(' ')} was not ready in 30 s:\n${stderr}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tapeop ${args.join(' ')} exited ${code} before it was ready:\n${stderr}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve({
        child,
        ready: JSON.parse(line),
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGINT');
          return exited;
        },
      });
    });
  });
}
