import { appendFileSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Logger } from '@tapeop/core';
import { type LuaEngine, LuaFactory, LuaMultiReturn } from 'wasmoon';
import { PointerRegistry } from './handles.js';
import type { SimReaper } from './reaper-app.js';
import { createReaScriptApi } from './reascript-api.js';
import { generateLuaGlue, reascriptSignatures } from './reascript-signatures.js';

// Runs ReaScripts (the real bridge file) inside the simulated REAPER: Lua 5.4 compiled to
// WebAssembly (wasmoon), with the `reaper` table built from the documented signatures, the
// standard io/os file functions on the real file system, and `defer` on a timer as REAPER
// runs deferred functions about 30 times a second.

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
  deferred: Array<() => void>;
  atexit: Array<() => void>;
  actionOptions: number;
}

const glue = generateLuaGlue(reascriptSignatures);

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
    const instance: Instance = {
      path,
      engine,
      deferred: [],
      atexit: [],
      actionOptions: 0,
      running: true,
      terminate: () => this.end(instance, true),
      kill: () => this.end(instance, false),
    };
    const api = createReaScriptApi(this.options.app, this.pointers, {
      defer: (fn) => {
        if (instance.running) instance.deferred.push(fn);
      },
      atexit: (fn) => {
        instance.atexit.push(fn);
      },
      setActionOptions: (flags) => {
        instance.actionOptions = flags;
      },
    });
    engine.global.set('__tapeop_js', api);
    engine.global.set('__tapeop_glue', glue);
    engine.global.set('__tapeop_io', hostIo);
    engine.global.set('__tapeop_io_shim', ioShim);
    engine.doStringSync(`
      reaper = load(__tapeop_glue, "=reaper")(__tapeop_js)
      load(__tapeop_io_shim, "=io")(__tapeop_io)
      __tapeop_js, __tapeop_glue, __tapeop_io, __tapeop_io_shim = nil, nil, nil, nil
    `);
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
    instance.deferred = [];
    if (runAtExit) {
      for (const fn of instance.atexit) {
        try {
          fn();
        } catch (error) {
          this.options.logger.warn(
            `atexit of ${instance.path} failed: ${(error as Error).message}`,
          );
        }
      }
    }
    instance.atexit = [];
    if (this.instances.get(instance.path) === instance) this.instances.delete(instance.path);
    try {
      instance.engine.global.close();
    } catch {
      // already closed
    }
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
        const run = instance.deferred;
        instance.deferred = [];
        for (const fn of run) {
          if (!instance.running) break;
          try {
            fn();
          } catch (error) {
            this.fail(instance, error);
          }
        }
      }
    } finally {
      this.ticking = false;
    }
    if ([...this.instances.values()].some((i) => i.deferred.length > 0)) this.schedule();
  }

  /** Ends every script (running their atexit) and stops the timer. */
  close(): void {
    for (const instance of [...this.instances.values()]) instance.terminate();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
