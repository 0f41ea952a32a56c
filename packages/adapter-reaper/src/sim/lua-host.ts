import { appendFileSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Logger } from '@tapeop/core';
import { type LuaEngine, LuaFactory, LuaMultiReturn } from 'wasmoon';
import { PointerRegistry } from './handles.js';
import { bindReaScriptApi, type LuaBinding } from './lua-binding.js';
import type { SimReaper } from './reaper-app.js';
import { createReaScriptApi } from './reascript-api.js';
import { reascriptSignatures } from './reascript-signatures.js';

// Runs ReaScripts (the real bridge file) inside the simulated REAPER: Lua 5.4 compiled to
// WebAssembly (wasmoon), with the `reaper` table built from the documented signatures, the
// standard io/os file functions on the real file system, and `defer` on a timer as REAPER
// runs deferred functions about 30 times a second.

/**
 * reaper.defer and reaper.atexit keep their functions in Lua; the host runs them. A deferred
 * function that fails ends the script, as REAPER does ("deferred script execution error").
 */
const lifetime = `
local queue, exits = {}, {}
reaper.defer = function(fn)
  if type(fn) ~= "function" then error("reaper.defer: argument 1: expected function, got " .. type(fn), 2) end
  queue[#queue + 1] = fn
  return true
end
reaper.atexit = function(fn)
  if type(fn) ~= "function" then error("reaper.atexit: argument 1: expected function, got " .. type(fn), 2) end
  exits[#exits + 1] = fn
  return true
end
function __tapeop_run_deferred()
  local run = queue
  queue = {}
  for _, fn in ipairs(run) do
    local ok, err = xpcall(fn, debug.traceback)
    if not ok then queue = {} return tostring(err) end
  end
  return #queue
end
function __tapeop_run_atexit()
  local run = exits
  exits = {}
  local failures = {}
  for _, fn in ipairs(run) do
    local ok, err = pcall(fn)
    if not ok then failures[#failures + 1] = tostring(err) end
  end
  return table.concat(failures, "; ")
end
`;

/** The Lua side of io.open/os.remove/os.rename, on the host's real files. */
const ioShim = `
local host = ...
local File = {}
File.__index = File
function File:read(fmt)
  if self.closed then error("attempt to use a closed file", 2) end
  if not self.readable then return nil, "file not open for reading" end
  fmt = fmt or "l"
  if type(fmt) == "string" then fmt = fmt:gsub("^%*", "") end
  if fmt == "a" or fmt == "all" then
    local rest = self.content:sub(self.pos)
    self.pos = #self.content + 1
    return rest
  end
  if self.pos > #self.content then return nil end
  if type(fmt) == "number" then
    local s = self.content:sub(self.pos, self.pos + fmt - 1)
    self.pos = self.pos + #s
    return s
  end
  local line, nextPos = self.content:match("^([^\\n]*)\\n?()", self.pos)
  self.pos = nextPos
  if fmt == "L" then return self.content:sub(self.pos - (nextPos - self.pos), nextPos - 1) end
  return line
end
function File:lines(fmt) return function() return self:read(fmt) end end
function File:write(...)
  if self.closed then error("attempt to use a closed file", 2) end
  for i = 1, select("#", ...) do self.buffer[#self.buffer + 1] = tostring((select(i, ...))) end
  return self
end
function File:seek() return self.pos - 1 end
function File:flush() return self end
function File:close()
  if self.closed then return nil, "file already closed" end
  self.closed = true
  if self.writable then
    local ok, err = host.write(self.path, table.concat(self.buffer), self.append)
    if not ok then return nil, err end
  end
  return true
end
io.open = function(path, mode)
  mode = mode or "r"
  if type(path) ~= "string" then error("bad argument #1 to 'open' (string expected)", 2) end
  local f = setmetatable({ path = path, pos = 1, buffer = {}, content = "" }, File)
  if mode:find("r") then
    local content, err = host.read(path)
    if content == nil then return nil, path .. ": " .. err, 2 end
    f.content = content
    f.readable = true
    f.writable = mode:find("%+") ~= nil
  else
    f.writable = true
    f.append = mode:find("a") ~= nil
    local ok, err = host.write(path, "", f.append)
    if not ok then return nil, path .. ": " .. err, 2 end
  end
  return f
end
os.remove = function(path)
  local ok, err = host.remove(path)
  if ok then return true end
  return nil, path .. ": " .. err, 2
end
os.rename = function(from, to)
  local ok, err = host.rename(from, to)
  if ok then return true end
  return nil, from .. ": " .. err, 2
end
`;

const reason = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'No such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied';
  if (code === 'EISDIR') return 'Is a directory';
  return (error as Error).message;
};

const result = (...values: unknown[]) => LuaMultiReturn.from(values);

const hostIo = {
  read: (path: string) => {
    try {
      if (statSync(path).isDirectory()) return result(undefined, 'Is a directory');
      return result(readFileSync(path, 'utf8'));
    } catch (error) {
      return result(undefined, reason(error));
    }
  },
  write: (path: string, content: string, append: boolean) => {
    try {
      if (append) appendFileSync(path, content);
      else writeFileSync(path, content);
      return result(true);
    } catch (error) {
      return result(false, reason(error));
    }
  },
  remove: (path: string) => {
    try {
      rmSync(path);
      return result(true);
    } catch (error) {
      return result(false, reason(error));
    }
  },
  rename: (from: string, to: string) => {
    try {
      renameSync(from, to);
      return result(true);
    } catch (error) {
      return result(false, reason(error));
    }
  },
};

export interface ScriptInstance {
  readonly path: string;
  readonly running: boolean;
  /** Ends the script as REAPER does when it is terminated: its atexit runs. */
  terminate(): void;
  /** Ends the script as if REAPER had crashed: no atexit, nothing more runs. */
  kill(): void;
}

export interface LuaHostOptions {
  app: SimReaper;
  logger: Logger;
  /** Milliseconds between deferred runs (REAPER: about 30 per second). */
  deferIntervalMs?: number;
  /** Awaited before each deferred run (the simulator reads media headers there). */
  beforeTick?: () => Promise<void>;
}

interface Instance extends ScriptInstance {
  engine: LuaEngine;
  binding: LuaBinding;
  runDeferred: () => unknown;
  runAtExit: () => unknown;
  pending: boolean;
  actionOptions: number;
}

export class LuaHost {
  private readonly factory = new LuaFactory();
  private readonly pointers = new PointerRegistry();
  private readonly instances = new Map<string, Instance>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private closed = false;
  readonly deferIntervalMs: number;
  /** Errors that ended scripts, as REAPER would show them in a dialog. */
  readonly scriptErrors: string[] = [];

  constructor(private readonly options: LuaHostOptions) {
    this.deferIntervalMs = options.deferIntervalMs ?? 33;
  }

  /** The running instance of a script, if any. */
  instance(path: string): ScriptInstance | undefined {
    return this.instances.get(path);
  }

  /**
   * Runs a script file as REAPER runs an action: when it is already running, its
   * set_action_options decide (1: end it; 1|2: end it and start anew); without them REAPER
   * would ask, and the simulator leaves the running one alone.
   */
  async runScript(path: string): Promise<ScriptInstance | undefined> {
    if (this.closed) return undefined;
    const running = this.instances.get(path);
    if (running?.running) {
      if (!(running.actionOptions & 1)) {
        this.options.logger.warn(
          `${path} is already running; REAPER would ask whether to start another`,
        );
        return running;
      }
      running.terminate();
      if (!(running.actionOptions & 2)) return undefined;
    }
    const source = readFileSync(path, 'utf8');
    const engine = await this.factory.createEngine({ injectObjects: false });
    const instance = { path, engine, pending: true, actionOptions: 0, running: true } as Instance;
    instance.terminate = () => this.end(instance, true);
    instance.kill = () => this.end(instance, false);
    const api = createReaScriptApi(this.options.app, this.pointers, {
      setActionOptions: (flags) => {
        instance.actionOptions = flags;
      },
    });
    instance.binding = bindReaScriptApi(engine, reascriptSignatures, api);
    engine.global.set('__tapeop_io', hostIo);
    engine.global.set('__tapeop_io_shim', ioShim);
    engine.global.set('__tapeop_lifetime', lifetime);
    engine.doStringSync(`
      load(__tapeop_lifetime, "=reaper")()
      load(__tapeop_io_shim, "=io")(__tapeop_io)
      __tapeop_io, __tapeop_io_shim, __tapeop_lifetime = nil, nil, nil
    `);
    instance.runDeferred = engine.global.get('__tapeop_run_deferred') as () => unknown;
    instance.runAtExit = engine.global.get('__tapeop_run_atexit') as () => unknown;
    this.instances.set(path, instance);
    engine.global.set('__tapeop_script', source);
    engine.global.set('__tapeop_script_name', `@${path}`);
    try {
      engine.doStringSync(
        'local chunk = assert(load(__tapeop_script, __tapeop_script_name)); __tapeop_script = nil; chunk()',
      );
    } catch (error) {
      this.fail(instance, error);
      return instance;
    }
    this.schedule();
    return instance;
  }

  private fail(instance: Instance, error: unknown): void {
    const message = `${instance.path}: ${(error as Error)?.message ?? String(error)}`;
    this.scriptErrors.push(message);
    this.options.logger.error(`script error (REAPER would stop the script): ${message}`);
    this.end(instance, false);
  }

  private end(instance: Instance, runAtExit: boolean): void {
    if (!instance.running) return;
    (instance as { running: boolean }).running = false;
    instance.pending = false;
    if (runAtExit) {
      try {
        const failures = instance.runAtExit();
        if (failures)
          this.options.logger.warn(`atexit of ${instance.path} failed: ${String(failures)}`);
      } catch (error) {
        this.options.logger.warn(`atexit of ${instance.path} failed: ${(error as Error).message}`);
      }
    }
    if (this.instances.get(instance.path) === instance) this.instances.delete(instance.path);
    try {
      instance.engine.global.close();
    } catch {
      // already closed
    }
    instance.binding.dispose();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, this.deferIntervalMs);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      if (this.options.beforeTick) {
        try {
          await this.options.beforeTick();
        } catch (error) {
          this.options.logger.warn(`before-tick work failed: ${(error as Error).message}`);
        }
      }
      for (const instance of [...this.instances.values()]) {
        if (!instance.running) continue;
        try {
          const result = instance.runDeferred();
          if (typeof result === 'string') this.fail(instance, new Error(result));
          else instance.pending = Number(result) > 0;
        } catch (error) {
          this.fail(instance, error);
        }
      }
    } finally {
      this.ticking = false;
    }
    if ([...this.instances.values()].some((i) => i.running && i.pending)) this.schedule();
  }

  /** Ends every script (running their atexit) and stops the timer. */
  close(): void {
    for (const instance of [...this.instances.values()]) instance.terminate();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
