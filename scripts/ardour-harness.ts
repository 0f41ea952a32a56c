// Runs a real Ardour 7 for tapeop's tests and for people trying the adapter: headless
// (ardour7-lua with tapeop-serve.lua) or the GUI under Xvfb, with its own config folder, its OSC
// surface on a free UDP port, and the tapeop bridge answering. Ardour runs in its own process
// group, and only that group is ever stopped.
//
//   node --import tsx scripts/ardour-harness.ts start [--gui] [--dir DIR] [--session PATH] [--timeout SEC]
//   node --import tsx scripts/ardour-harness.ts status --dir DIR
//   node --import tsx scripts/ardour-harness.ts stop --dir DIR
//
// `start` prints one JSON line (pid, oscPort, configDir, sessionDir, ...) and leaves Ardour
// running; `stop` ends it. Without --session, an empty 48 kHz session is written with
// @tapeop/adapter-ardour's own session writer. Missing Debian packages (ardour; xvfb and xauth
// for --gui) are installed with apt-get.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Session } from '@tapeop/core';
import {
  enableOscInSessionFile,
  installArdourBridge,
  serveScriptPath,
  writeArdourSession,
} from '../packages/adapter-ardour/src/index.js';

const LUASESSION = '/usr/lib/ardour7/luasession';
const ARDOUR_GUI = '/usr/lib/ardour7/ardour-7.3.0~ds0';
const ARDOUR_ENV = {
  LD_LIBRARY_PATH: '/usr/lib/ardour7',
  ARDOUR_DATA_PATH: '/usr/share/ardour7',
  ARDOUR_CONFIG_PATH: '/etc/ardour7',
  ARDOUR_DLL_PATH: '/usr/lib/ardour7',
  VAMP_PATH: '/usr/lib/ardour7/vamp',
  GTK_PATH: '/etc/ardour7:/usr/lib/ardour7',
};

export interface StartArdourOptions {
  /** The GUI under Xvfb instead of headless ardour7-lua. */
  gui?: boolean;
  /** Working folder (config, session, log); a new folder under the system temp folder by default. */
  dir?: string;
  /** An existing session (.ardour file or folder) to open, used in place; OSC is switched on in it. */
  session?: string;
  /** Headless only: a local Lua file run once after the session is loaded (test fixtures). */
  setupLua?: string;
  /** How long to wait for OSC to answer. */
  timeoutMs?: number;
  /**
   * Stop Ardour when this process ends, however it ends (true by default): a test run that is
   * killed cannot leave an Ardour behind. The CLI's `start` leaves it running on purpose.
   */
  stopWithThisProcess?: boolean;
  /** Progress lines (the CLI prints them to stderr). */
  log?: (line: string) => void;
}

export interface ArdourInstance {
  /** The process group id (the leader's pid). */
  pid: number;
  mode: 'headless' | 'gui';
  oscPort: number;
  /** Ardour's user config folder (…/ardour7): the bridge's mailbox is inside. */
  configDir: string;
  sessionDir: string;
  sessionName: string;
  logFile: string;
  dir: string;
  /** How long it took until OSC answered, in ms. */
  startupMs: number;
  /** Stops Ardour's process group; the harness's own folder is removed unless `keep`. */
  stop(keep?: boolean): Promise<void>;
}

// Runs a command in the background and ends its whole process group (itself included) once
// the given process is gone or the command has ended: "kill -KILL 0" reaches the group even when
// the process that started it was killed with no chance to clean up.
const WATCHDOG = `parent=$1; shift; "$@" & child=$!
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
kill -KILL 0`;

const live = new Map<number, ChildProcess>();
process.on('exit', () => {
  // Last resort when a test run ends without stopping what it started.
  for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
});

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Whether any process of the group still exists. */
export function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function asRoot(command: string[]): void {
  const root = process.getuid?.() === 0;
  execFileSync(root ? command[0]! : 'sudo', root ? command.slice(1) : command, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Installs the Debian packages Ardour needs here, when they are missing. */
export function ensureArdourInstalled(gui: boolean, log: (line: string) => void = () => {}): void {
  const missing: string[] = [];
  if (!existsSync(LUASESSION)) missing.push('ardour');
  if (gui) {
    if (!existsSync(ARDOUR_GUI) && !missing.includes('ardour')) missing.push('ardour');
    if (!existsSync('/usr/bin/xvfb-run')) missing.push('xvfb', 'xauth');
  }
  if (missing.length === 0) return;
  log(`installing ${missing.join(' ')} with apt-get`);
  asRoot(['apt-get', 'update']);
  asRoot(['apt-get', 'install', '-y', '--no-install-recommends', ...missing]);
}

/** A UDP port nobody uses right now (Ardour binds every interface, so the check does too). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((ok, fail) => {
    socket.once('error', fail);
    socket.bind(0, '0.0.0.0', () => ok());
  });
  const { port } = socket.address();
  await new Promise<void>((ok) => socket.close(() => ok()));
  return port;
}

async function writeConfig(configDir: string, oscPort: number): Promise<void> {
  await mkdir(configDir, { recursive: true });
  // Ardour writes its OSC URL into this file when it exists: the port it really bound.
  await writeFile(join(configDir, 'osc_url'), '');
  await writeFile(join(configDir, '.a7'), ''); // "has run before": no first-run wizard in the GUI
  const now = Math.floor(Date.now() / 1000);
  await writeFile(
    join(configDir, 'config'),
    `<?xml version="1.0" encoding="UTF-8"?>
<Ardour>
  <Config>
    <Option name="osc-port" value="${oscPort}"/>
    <Option name="hide-dummy-backend" value="0"/>
    <Option name="try-autostart-engine" value="1"/>
    <Option name="only-copy-imported-files" value="1"/>
  </Config>
  <Extra>
    <AudioMIDISetup>
      <EngineStates>
        <State backend="None (Dummy)" driver="" device="Silence" input-device="" output-device="" sample-rate="48000" buffer-size="1024" n-periods="0" input-latency="0" output-latency="0" lm-input="" lm-output="" active="1" use-buffered-io="0" midi-option="" lru="${now}">
          <MIDIDevices/>
        </State>
      </EngineStates>
    </AudioMIDISetup>
  </Extra>
</Ardour>
`,
  );
}

/**
 * One UDP socket that keeps asking Ardour for its strips: Ardour makes a surface for every
 * sender, so the probe asks from one port only.
 */
async function oscProbe() {
  const socket = createSocket('udp4');
  await new Promise<void>((ok) => socket.bind(0, '127.0.0.1', () => ok()));
  let answered = false;
  socket.on('message', (data) => {
    if (data.includes(Buffer.from('end_route_list'))) answered = true;
  });
  const request = Buffer.from('/strip/list\0,\0\0\0', 'latin1');
  // "/set_surface/port 0": answer this host at the sender's own port. It undoes the port-8000
  // trap described below, should the first message have fallen into it.
  const ownPort = Buffer.concat([
    Buffer.from('/set_surface/port\0\0\0,i\0\0', 'latin1'),
    Buffer.alloc(4),
  ]);
  return {
    async ask(port: number, ms: number): Promise<boolean> {
      socket.send(ownPort, port, '127.0.0.1');
      socket.send(request, port, '127.0.0.1');
      const until = Date.now() + ms;
      while (!answered && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      return answered;
    },
    close: () => socket.close(),
  };
}

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const emptySession = (): Session =>
  ({
    schema: 'Session.1',
    id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    album: { title: 'tapeop test' },
    sampleRate: 48000,
    songs: [],
    sequence: { entries: [] },
  }) as Session;

export async function startArdour(options: StartArdourOptions = {}): Promise<ArdourInstance> {
  const log = options.log ?? (() => {});
  const gui = options.gui ?? false;
  ensureArdourInstalled(gui, log);
  // Test runs put their id in the folder name, so their teardown can find what they started.
  // (Set by the test setup inside the run, so it is no input of any turbo task.)
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: see above
  const runId = process.env.TAPEOP_ARDOUR_RUN;
  const run = runId ? `${runId}-` : '';
  const ownDir = options.dir === undefined;
  const dir = resolve(options.dir ?? (await mkdtemp(join(tmpdir(), `tapeop-ardour-${run}`))));
  await mkdir(dir, { recursive: true });
  const xdg = join(dir, 'config');
  const configDir = join(xdg, 'ardour7');
  let oscPort = await freeUdpPort();
  await writeConfig(configDir, oscPort);

  let sessionFile: string;
  if (options.session) {
    sessionFile = resolve(options.session);
    if (!sessionFile.endsWith('.ardour'))
      sessionFile = join(sessionFile, `${basename(sessionFile)}.ardour`);
    await enableOscInSessionFile(sessionFile);
  } else {
    // The harness's own session folder: a new empty session every start.
    await rm(join(dir, 'session'), { recursive: true, force: true });
    const written = await writeArdourSession(emptySession(), join(dir, 'session'), {
      plan: { sampleRate: 48000, layout: 'track-per-song', songs: [] },
    });
    sessionFile = written.path;
  }
  const sessionDir = dirname(sessionFile);
  const sessionName = basename(sessionFile, '.ardour');
  if (gui) await installArdourBridge(configDir);

  const logFile = join(dir, 'ardour.log');
  const out = openSync(logFile, 'a');
  const env = { ...process.env, ...ARDOUR_ENV, XDG_CONFIG_HOME: xdg };
  const started = Date.now();
  const command = gui
    ? ['xvfb-run', '-a', '-s', '-screen 0 1280x1024x24', ARDOUR_GUI, '-a', '-n', sessionFile]
    : [
        LUASESSION,
        serveScriptPath(),
        sessionDir,
        sessionName,
        ...(options.setupLua ? [resolve(options.setupLua)] : []),
      ];
  // Its own process group (detached), so that stopping it stops Xvfb and every helper too.
  const child =
    (options.stopWithThisProcess ?? true)
      ? spawn('sh', ['-c', WATCHDOG, 'sh', String(process.pid), ...command], {
          detached: true,
          stdio: ['ignore', out, out],
          env,
        })
      : spawn(command[0]!, command.slice(1), {
          detached: true,
          stdio: ['ignore', out, out],
          env,
        });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start Ardour (see ${logFile})`);
  live.set(pid, child);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  await writeFile(join(dir, 'ardour.pid'), `${pid}\n`);

  const halt = async () => {
    live.delete(pid);
    if (processGroupAlive(pid)) {
      killGroup(pid, 'SIGTERM');
      for (let i = 0; i < 50 && processGroupAlive(pid); i++)
        await new Promise((r) => setTimeout(r, 100));
      killGroup(pid, 'SIGKILL');
      for (let i = 0; i < 50 && processGroupAlive(pid); i++)
        await new Promise((r) => setTimeout(r, 100));
    }
    await rm(join(dir, 'ardour.pid'), { force: true });
  };
  // A folder the harness made goes away with Ardour, unless the session in it is wanted later.
  const stop = async (keep = false) => {
    await halt();
    if (ownDir && !keep) await rm(dir, { recursive: true, force: true });
  };

  const deadline = started + (options.timeoutMs ?? 60_000);
  const probe = await oscProbe();
  try {
    for (;;) {
      if (exited) {
        await halt();
        throw new Error(`Ardour exited while starting; end of ${logFile}:\n${tail(logFile)}`);
      }
      // Ardour moves to the next port when its port was taken meanwhile; osc_url says where it is.
      const url = await readFile(join(configDir, 'osc_url'), 'utf8').catch(() => '');
      const actual = /:(\d+)\/?\s*$/.exec(url.trim());
      if (actual) oscPort = Number(actual[1]);
      // Ardour 7.3's OSC surface answers port 8000 for good to a host whose first message
      // arrives before the session's OSC settings (address-only="0") are applied, so nothing
      // is sent before the session is loaded: headless, tapeop-serve says "ready"; the GUI has
      // written osc_url (it does so once the surface runs) a moment before.
      const ready = gui
        ? actual !== null && Date.now() - started > 1000
        : readFileSync(logFile, 'utf8').includes('tapeop-serve: ready');
      if (ready && (await probe.ask(oscPort, 250))) break;
      if (!ready) await new Promise((r) => setTimeout(r, 50));
      if (Date.now() > deadline) {
        await halt();
        throw new Error(
          `Ardour's OSC did not answer on port ${oscPort} in time; end of ${logFile}:\n${tail(logFile)}`,
        );
      }
    }
  } finally {
    probe.close();
  }
  const startupMs = Date.now() - started;
  log(
    `Ardour (${gui ? 'GUI under Xvfb' : 'headless'}) answers OSC on UDP ${oscPort} after ${startupMs} ms`,
  );
  return {
    pid,
    mode: gui ? 'gui' : 'headless',
    oscPort,
    configDir,
    sessionDir,
    sessionName,
    logFile,
    dir,
    startupMs,
    stop,
  };
}

export interface ExportOptions {
  /** The Ardour user config folder to run with (an instance's configDir); a private one by default. */
  configDir?: string;
  timeoutMs?: number;
}

function exportOnce(
  sessionDir: string,
  snapshot: string,
  outFile: string,
  configDir: string,
  timeoutMs: number,
) {
  return new Promise<void>((ok, fail) => {
    const child = spawn(
      '/usr/lib/ardour7/utils/ardour7-export',
      ['-b', 'float', '-o', outFile, sessionDir, snapshot],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...ARDOUR_ENV, XDG_CONFIG_HOME: dirname(configDir) },
      },
    );
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const pid = child.pid!;
    live.set(pid, child);
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      killGroup(pid, 'SIGKILL'); // anything it left in its group
      live.delete(pid);
      if (code === 0 && existsSync(outFile) && output.includes('* Done.')) ok();
      else {
        const why = signal ?? (code !== null && code > 128 ? `SIG ${code - 128}` : `exit ${code}`);
        fail(
          new Error(
            `ardour7-export failed (${why}): ${output.trim().split('\n').slice(-8).join('\n')}`,
          ),
        );
      }
    });
  });
}

/** The samples of a WAV file (its data chunk): the PEAK chunk carries the time of the render. */
function wavData(file: Buffer): Buffer {
  for (let at = 12; at + 8 <= file.length; ) {
    const size = file.readUInt32LE(at + 4);
    if (file.toString('latin1', at, at + 4) === 'data') return file.subarray(at + 8, at + 8 + size);
    at += 8 + size + (size % 2);
  }
  return file;
}

/** One render that ends well: a run that ardour7-export ends by a signal is repeated. */
async function renderOnce(
  sessionDir: string,
  snapshot: string,
  outFile: string,
  configDir: string,
  timeoutMs: number,
): Promise<Buffer> {
  // ardour7-export 7.3 sometimes aborts in its teardown ("free(): invalid size", about one run
  // in four here).
  for (let attempt = 1; ; attempt++) {
    try {
      await exportOnce(sessionDir, snapshot, outFile, configDir, timeoutMs);
      return wavData(await readFile(outFile));
    } catch (error) {
      if (attempt >= 4 || !(error as Error).message.includes('SIG')) throw error;
      await rm(outFile, { force: true });
    }
  }
}

/**
 * Renders a session's range to a 32-bit float WAV with ardour7-export (the session must not be
 * open in a running Ardour). Returns how long it took, in ms.
 *
 * On a loaded machine ardour7-export 7.3 now and then renders the whole session a few samples
 * off (seen here: 16 samples early, twice in about 60 renders, never when the machine was
 * quiet). So a render counts only when a second run of the same session gives the same samples;
 * a reference that moves cannot check a position to the sample.
 */
export async function exportSession(
  sessionDir: string,
  snapshot: string,
  outFile: string,
  options: ExportOptions = {},
): Promise<number> {
  ensureArdourInstalled(false);
  const configDir =
    options.configDir ?? join(await mkdtemp(join(tmpdir(), 'tapeop-ardour-export-')), 'ardour7');
  await mkdir(configDir, { recursive: true });
  const started = Date.now();
  const renders: Buffer[] = [];
  for (;;) {
    const render = await renderOnce(
      sessionDir,
      snapshot,
      outFile,
      configDir,
      options.timeoutMs ?? 120_000,
    );
    if (renders.some((earlier) => earlier.equals(render))) break; // outFile holds it
    renders.push(render);
    if (renders.length >= 4) {
      throw new Error(
        `ardour7-export rendered ${join(sessionDir, snapshot)} differently ${renders.length} times in a row`,
      );
    }
  }
  if (!options.configDir) await rm(dirname(configDir), { recursive: true, force: true });
  return Date.now() - started;
}

/** Stops the Ardour a `start` left running in `dir` (its process group only). */
export async function stopArdour(dir: string): Promise<boolean> {
  const pidFile = join(resolve(dir), 'ardour.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 1) return false;
  if (processGroupAlive(pid)) {
    killGroup(pid, 'SIGTERM');
    for (let i = 0; i < 50 && processGroupAlive(pid); i++)
      await new Promise((r) => setTimeout(r, 100));
    killGroup(pid, 'SIGKILL');
  }
  await rm(pidFile, { force: true });
  return true;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const flag = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const log = (line: string) => process.stderr.write(`[ardour-harness] ${line}\n`);
  if (command === 'start') {
    const instance = await startArdour({
      gui: rest.includes('--gui'),
      ...(flag('--dir') ? { dir: flag('--dir')! } : {}),
      ...(flag('--session') ? { session: flag('--session')! } : {}),
      ...(flag('--setup') ? { setupLua: flag('--setup')! } : {}),
      timeoutMs: Number(flag('--timeout') ?? 60) * 1000,
      stopWithThisProcess: false,
      log,
    });
    live.delete(instance.pid); // left running on purpose: `stop` ends it
    const { stop: _stop, ...facts } = instance;
    process.stdout.write(`${JSON.stringify(facts)}\n`);
    process.exit(0);
  } else if (command === 'stop' && flag('--dir')) {
    log((await stopArdour(flag('--dir')!)) ? 'stopped' : 'nothing to stop');
  } else if (command === 'status' && flag('--dir')) {
    const pid = Number(
      (await readFile(join(resolve(flag('--dir')!), 'ardour.pid'), 'utf8').catch(() => '')).trim(),
    );
    const running = Number.isInteger(pid) && pid > 1 && processGroupAlive(pid);
    process.stdout.write(`${JSON.stringify({ running, pid: running ? pid : undefined })}\n`);
    process.exit(running ? 0 : 1);
  } else {
    process.stderr.write(
      readFileSync(fileURLToPath(import.meta.url), 'utf8')
        .split('\n')
        .slice(0, 14)
        .join('\n'),
    );
    process.exit(2);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`[ardour-harness] ${error.message}\n`);
    process.exit(1);
  });
}
