// What the browser tests run against: the real `tapeop` command (spawned from the CLI's sources,
// as `npm run demo` runs it), the REAPER simulator, and Debian's Chromium driven by playwright-core.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const panelRoot = join(repoRoot, 'apps', 'panel');
/** Screenshots and figures the tests write (gitignored). */
export const artifactsDir = join(panelRoot, 'test-artifacts');

const cliMain = join(repoRoot, 'apps', 'cli', 'src', 'main.ts');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tapeop <args>` to the end. */
export function runTapeop(
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<RunResult> {
  return runNode([cliMain, ...args], { ...options, cwd: repoRoot });
}

/** Runs a TypeScript file with Node (through tsx, workspace packages from their sources). */
export function runNode(
  args: string[],
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@tapeop/source', '--import', 'tsx', ...args],
      {
        cwd: options.cwd ?? panelRoot,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${args.join(' ')} did not finish in ${options.timeoutMs ?? 60_000} ms\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `tapeop <args> --json` and returns the parsed document; a failure throws with stderr. */
export async function tapeopJson<T>(
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<T> {
  const result = await runTapeop([...args, '--json'], options);
  if (result.code !== 0 && result.code !== 3)
    throw new Error(
      `tapeop ${args.join(' ')} exited with ${result.code}:\n${result.stderr}${result.stdout}`,
    );
  return JSON.parse(result.stdout) as T;
}

export interface ServeInfo {
  url: string;
  httpUrl: string;
  port: number;
  session: string;
  staticDir?: string;
}

/** A running `tapeop serve`. */
export interface ServeProcess {
  info: ServeInfo;
  stderr(): string;
  /** Stops it as Ctrl-C does and waits until it has exited. */
  stop(): Promise<void>;
}

/** Starts `tapeop serve <session> ...` and waits for the JSON line that says it is ready. */
export function startServe(args: string[]): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--conditions=@tapeop/source', '--import', 'tsx', cliMain, 'serve', ...args, '--json'],
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let ready = false;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tapeop serve was not ready in 60 s:\n${stderr}`));
    }, 60_000);
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (ready || !stdout.includes('\n') || !line) return;
      ready = true;
      clearTimeout(timer);
      resolve({
        info: JSON.parse(line) as ServeInfo,
        stderr: () => stderr,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
    child.once('exit', (code) => {
      if (ready) return;
      clearTimeout(timer);
      reject(
        new Error(`tapeop serve exited with ${code} before it was ready:\n${stderr}${stdout}`),
      );
    });
  });
}

/** The flags that keep Chromium off the network (this machine has none) and quiet. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const CHROMIUM = process.env.TAPEOP_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless. playwright-core's launch() gives every browser a new, empty
 * profile folder (its own --user-data-dir under the temp folder), removed when it closes.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `the browser tests need Chromium at ${CHROMIUM}: apt-get install chromium (bash .ci/run installs it), or set TAPEOP_CHROMIUM`,
    );
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** Waits until `test` gives a value (not undefined or false), polling every 20 ms. */
export async function waitFor<T>(
  test: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 10_000,
  what = 'a condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await test();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function artifactPath(name: string): Promise<string> {
  const path = join(artifactsDir, name);
  await mkdir(dirname(path), { recursive: true });
  return path;
}
