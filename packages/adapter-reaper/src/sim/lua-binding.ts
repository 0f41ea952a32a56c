import type { LuaEngine } from 'wasmoon';
import {
  parseSignature,
  pointerTypes,
  type Signature,
  type SignatureValue,
} from './reascript-signatures.js';

// Binds JavaScript implementations of ReaScript functions into a Lua state as C functions, the
// way REAPER binds its own: arguments are checked against the documented types, an `integer`
// comes back as a Lua integer and a `number` as a float, pointers are light userdata (the same
// value for the same object, as REAPER's pointers are), errors are Lua string errors. It talks
// to Lua's C API directly: wasmoon's generic JS↔Lua conversion costs tens of microseconds per
// call, which a recall of thousands of parameters cannot afford.

/** The raw exports of the Lua WebAssembly module that the binding uses. */
interface RawModule {
  _lua_gettop(L: number): number;
  _lua_type(L: number, idx: number): number;
  _lua_tonumberx(L: number, idx: number, isnum: number): number;
  _lua_toboolean(L: number, idx: number): number;
  _lua_tolstring(L: number, idx: number, len: number): number;
  _lua_touserdata(L: number, idx: number): number;
  _lua_pushnil(L: number): void;
  _lua_pushnumber(L: number, n: number): void;
  _lua_pushinteger(L: number, n: bigint): void;
  _lua_pushboolean(L: number, b: number): void;
  _lua_pushlstring(L: number, s: number, len: number): number;
  _lua_pushlightuserdata(L: number, p: number): void;
  _lua_pushcclosure(L: number, fn: number, n: number): void;
  _lua_concat(L: number, n: number): void;
  _lua_error(L: number): number;
  _luaL_where(L: number, level: number): void;
  _malloc(size: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  addFunction(fn: (L: number) => number, signature: string): number;
  removeFunction(ptr: number): void;
}

const T_NIL = 0;
const T_BOOLEAN = 1;
const T_LIGHTUSERDATA = 2;
const T_NUMBER = 3;
const T_STRING = 4;
const typeNames = [
  'nil',
  'boolean',
  'userdata',
  'number',
  'string',
  'table',
  'function',
  'userdata',
  'thread',
];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

type Impl = (...args: never[]) => unknown;

export interface LuaBinding {
  /** Frees the C functions (call when the Lua state is closed). */
  dispose(): void;
}

/** Installs `reaper.<name>` for every signature with a JavaScript implementation in `impls`. */
export function bindReaScriptApi(
  engine: LuaEngine,
  signatures: readonly string[],
  impls: Record<string, Impl>,
): LuaBinding {
  const global = engine.global as unknown as {
    lua: {
      module: unknown;
      lua_createtable(L: number, a: number, b: number): void;
      lua_setfield(L: number, idx: number, k: string): void;
      lua_setglobal(L: number, name: string): void;
    };
    address: number;
  };
  const m = global.lua.module as RawModule;
  const L0 = global.address;
  const scratch = m._malloc(8);
  let buffer = m._malloc(256);
  let bufferSize = 256;
  const functions: number[] = [];

  const readString = (L: number, idx: number): string => {
    const ptr = m._lua_tolstring(L, idx, scratch);
    const len = m.HEAPU32[scratch >> 2]!;
    return decoder.decode(m.HEAPU8.subarray(ptr, ptr + len));
  };
  const pushString = (L: number, s: string) => {
    const bytes = encoder.encode(s);
    if (bytes.length > bufferSize) {
      m._free(buffer);
      bufferSize = Math.max(bytes.length, bufferSize * 2);
      buffer = m._malloc(bufferSize);
    }
    m.HEAPU8.set(bytes, buffer);
    m._lua_pushlstring(L, buffer, bytes.length);
  };

  type Reader = (L: number, idx: number) => unknown;
  const bad = (name: string, idx: number, expected: string, L: number) =>
    new Error(
      `reaper.${name}: argument ${idx}: expected ${expected}, got ${typeNames[m._lua_type(L, idx)] ?? 'nil'}`,
    );
  const reader = (name: string, p: SignatureValue, idx: number): Reader => {
    switch (p.type) {
      case 'integer':
        return (L, i) => {
          const n = m._lua_type(L, i) === T_NUMBER ? m._lua_tonumberx(L, i, 0) : Number.NaN;
          if (!Number.isInteger(n)) throw bad(name, idx, 'integer', L);
          return n;
        };
      case 'number':
        return (L, i) => {
          if (m._lua_type(L, i) !== T_NUMBER) throw bad(name, idx, 'number', L);
          return m._lua_tonumberx(L, i, 0);
        };
      case 'string':
        return (L, i) => {
          if (m._lua_type(L, i) !== T_STRING) throw bad(name, idx, 'string', L);
          return readString(L, i);
        };
      case 'boolean':
        return (L, i) => {
          if (m._lua_type(L, i) !== T_BOOLEAN) throw bad(name, idx, 'boolean', L);
          return m._lua_toboolean(L, i) !== 0;
        };
      case 'ReaProject':
        return (L, i) => {
          const t = m._lua_type(L, i);
          if (t === T_NIL || (t === T_NUMBER && m._lua_tonumberx(L, i, 0) === 0)) return 0;
          if (t !== T_LIGHTUSERDATA) throw bad(name, idx, 'ReaProject', L);
          return m._lua_touserdata(L, i);
        };
      case 'identifier':
        return (L, i) => (m._lua_type(L, i) === T_LIGHTUSERDATA ? m._lua_touserdata(L, i) : 0);
      default:
        if ((pointerTypes as readonly string[]).includes(p.type)) {
          return (L, i) => {
            if (m._lua_type(L, i) !== T_LIGHTUSERDATA) throw bad(name, idx, p.type, L);
            return m._lua_touserdata(L, i);
          };
        }
        throw new Error(`${name}: cannot bind a parameter of type ${p.type}`);
    }
  };
  type Pusher = (L: number, v: unknown) => void;
  const pusher = (name: string, r: SignatureValue): Pusher => {
    switch (r.type) {
      case 'integer':
        return (L, v) =>
          typeof v === 'number' ? m._lua_pushinteger(L, BigInt(Math.trunc(v))) : m._lua_pushnil(L);
      case 'number':
        return (L, v) => (typeof v === 'number' ? m._lua_pushnumber(L, v) : m._lua_pushnil(L));
      case 'boolean':
        return (L, v) =>
          typeof v === 'boolean' ? m._lua_pushboolean(L, v ? 1 : 0) : m._lua_pushnil(L);
      case 'string':
        return (L, v) => (typeof v === 'string' ? pushString(L, v) : m._lua_pushnil(L));
      default:
        if ((pointerTypes as readonly string[]).includes(r.type)) {
          return (L, v) =>
            typeof v === 'number' && v !== 0 ? m._lua_pushlightuserdata(L, v) : m._lua_pushnil(L);
        }
        throw new Error(`${name}: cannot bind a return value of type ${r.type}`);
    }
  };

  const bind = (sig: Signature, impl: Impl): number => {
    const readers = sig.params.map((p, i) => reader(sig.name, p, i + 1));
    const pushers = sig.returns.map((r) => pusher(sig.name, r));
    const args: unknown[] = new Array(readers.length);
    return m.addFunction((L: number) => {
      let result: unknown;
      let failure: string | undefined;
      try {
        for (let i = 0; i < readers.length; i++) args[i] = readers[i]!(L, i + 1);
        result = (impl as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      if (failure !== undefined) {
        // lua_error unwinds out of this function: nothing may follow it.
        m._luaL_where(L, 1);
        pushString(L, failure);
        m._lua_concat(L, 2);
        return m._lua_error(L);
      }
      if (pushers.length === 1) pushers[0]!(L, Array.isArray(result) ? result[0] : result);
      else if (pushers.length > 1) {
        const values = result as unknown[];
        for (let i = 0; i < pushers.length; i++) pushers[i]!(L, values?.[i]);
      }
      return pushers.length;
    }, 'ii');
  };

  const signatures_ = signatures
    .map(parseSignature)
    .filter((s) => !s.params.some((p) => p.type === 'function'));
  global.lua.lua_createtable(L0, 0, signatures_.length);
  for (const sig of signatures_) {
    const impl = impls[sig.name];
    if (!impl) throw new Error(`no implementation for reaper.${sig.name}`);
    const fn = bind(sig, impl);
    functions.push(fn);
    m._lua_pushcclosure(L0, fn, 0);
    global.lua.lua_setfield(L0, -2, sig.name);
  }
  global.lua.lua_setglobal(L0, 'reaper');

  return {
    dispose() {
      for (const fn of functions.splice(0)) m.removeFunction(fn);
      m._free(scratch);
      m._free(buffer);
    },
  };
}
