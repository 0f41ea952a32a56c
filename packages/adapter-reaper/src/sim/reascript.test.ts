import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '@tapeop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { LuaHost } from './lua-host.js';
import { findPlugin } from './plugins.js';
import { SimReaper } from './reaper-app.js';
import { parseSignature, reascriptSignatures } from './reascript-signatures.js';

const dirs: string[] = [];
const hosts: LuaHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs a ReaScript in the simulator; the script reports through ExtState section "t". */
async function run(script: string, setup?: (app: SimReaper) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tapeop-reaper-live-lua-'));
  dirs.push(dir);
  const logger = createMemoryLogger();
  const app = new SimReaper({ resourcePath: dir, logger });
  setup?.(app);
  const host = new LuaHost({ app, logger, deferIntervalMs: 5 });
  hosts.push(host);
  const file = join(dir, 'test.lua');
  writeFileSync(file, script);
  await host.runScript(file);
  if (host.scriptErrors.length > 0) throw new Error(host.scriptErrors.join('\n'));
  const out = (key: string) => app.extState.get('t', key);
  return { app, host, out, logger, file };
}

describe('the ReaScript functions of the simulator', () => {
  it('parses every documented signature it offers', () => {
    const sig = parseSignature(
      reascriptSignatures.find((s) => s.includes('EnumProjectMarkers3('))!,
    );
    expect(sig.name).toBe('EnumProjectMarkers3');
    expect(sig.returns.map((r) => r.type)).toEqual([
      'integer',
      'boolean',
      'number',
      'number',
      'string',
      'number',
      'number',
    ]);
    expect(sig.params.map((p) => `${p.type} ${p.name}`)).toEqual([
      'ReaProject proj',
      'integer idx',
    ]);
    expect(
      parseSignature('ReaProject retval, optional string projfn = reaper.EnumProjects(integer idx)')
        .returns[1],
    ).toEqual({ type: 'string', name: 'projfn', optional: true });
    for (const line of reascriptSignatures) expect(() => parseSignature(line)).not.toThrow();
    expect(() => parseSignature('GetTrack(0, 1)')).toThrow(/not a ReaScript signature/);
  });

  it("gives markers REAPER's index conventions: idx+1 from EnumProjectMarkers3, -1 from a refused AddProjectMarker2, GUIDs that stay while indexes shift", async () => {
    const { out } = await run(`
      local p = reaper.AddProjectMarker2(0, false, 10.0, 0.0, "ten", -1, 0)
      local q = reaper.AddProjectMarker2(0, false, 5.0, 0.0, "five", -1, 0)
      local bad = reaper.AddProjectMarker2(0, true, 5.0, 1.0, "backwards", -1, 0)
      local r1, isrgn, pos, rgnend, name, num, color = reaper.EnumProjectMarkers3(0, 0)
      local endRet = reaper.EnumProjectMarkers3(0, 2)
      local _, guidTen = reaper.GetSetProjectInfo_String(0, "MARKER_GUID:1", "", false)
      reaper.SetProjectMarker4(0, p, false, 1.0, 0.0, "", 0, 0)
      local _, guidFirst = reaper.GetSetProjectInfo_String(0, "MARKER_GUID:0", "", false)
      local _, _, _, _, movedName = reaper.EnumProjectMarkers3(0, 0)
      local ok = reaper.GetSetProjectInfo_String(0, "MARKER_GUID:9", "", false)
      reaper.SetExtState("t", "out", table.concat({ p, q, bad, r1, tostring(isrgn), pos, name, num, math.type(num), math.type(r1), endRet,
        tostring(guidTen == guidFirst), movedName, tostring(ok) }, ","), false)
    `);
    expect(out('out')).toBe('1,2,-1,1,false,5.0,five,2.0,float,integer,0,true,ten,false');
  });

  it('keeps D_VOL linear and returns numbers as floats and integers as integers', async () => {
    const { out } = await run(`
      reaper.InsertTrackAtIndex(0, true)
      local tr = reaper.GetTrack(0, 0)
      reaper.SetMediaTrackInfo_Value(tr, "D_VOL", 0.5)
      local v = reaper.GetMediaTrackInfo_Value(tr, "D_VOL")
      reaper.SetMediaTrackInfo_Value(tr, "B_MUTE", 1)
      local m = reaper.GetMediaTrackInfo_Value(tr, "B_MUTE")
      reaper.SetExtState("t", "out", string.format("%s %s %s %s %d", tostring(v), math.type(v), tostring(m), math.type(reaper.CountTracks(0)), reaper.CountTracks(0)), false)
    `);
    expect(out('out')).toBe('0.5 float 1.0 integer 1');
  });

  it('hands out the same pointer for the same object, and checks pointer types', async () => {
    const { out } = await run(`
      reaper.InsertTrackAtIndex(0, true)
      local a, b = reaper.GetTrack(0, 0), reaper.GetTrack(0, 0)
      local seen = {}
      seen[a] = true
      local item = reaper.AddMediaItemToTrack(a)
      local ok, err = pcall(reaper.TrackFX_GetCount, item)
      local ok2, err2 = pcall(reaper.GetTrack, 0, "1")
      local ok3, err3 = pcall(reaper.CountTracks, {})
      reaper.SetExtState("t", "out", table.concat({ tostring(a == b), tostring(seen[b]), type(a), tostring(reaper.GetTrack(0, 5)),
        tostring(ok), err, err2, err3, tostring(reaper.ValidatePtr(a, "MediaTrack*")), tostring(reaper.ValidatePtr(item, "MediaTrack*")) }, "|"), false)
    `);
    const parts = out('out').split('|');
    expect(parts.slice(0, 5)).toEqual(['true', 'true', 'userdata', 'nil', 'false']);
    expect(parts[5]).toContain(
      'reaper.TrackFX_GetCount: argument 1: expected MediaTrack, got MediaItem',
    );
    expect(parts[6]).toContain('reaper.GetTrack: argument 2: expected integer, got string');
    expect(parts[7]).toContain('reaper.CountTracks: argument 1: expected ReaProject');
    expect(parts.slice(8)).toEqual(['true', 'false']);
  });

  it('runs deferred functions on a timer and atexit when the script ends', async () => {
    const { host, out, app, file } = await run(`
      local n = 0
      local function loop()
        n = n + 1
        reaper.SetExtState("t", "n", tostring(n), false)
        if n < 5 then reaper.defer(loop) end
      end
      reaper.atexit(function() reaper.SetExtState("t", "bye", "yes", false) end)
      reaper.defer(loop)
    `);
    expect(out('n')).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(out('n')).toBe('5');
    host.instance(file)?.terminate();
    expect(app.extState.get('t', 'bye')).toBe('yes');
  });

  it('stops a script whose deferred function fails, as REAPER does', async () => {
    const { host, logger, file } = await run(`
      reaper.defer(function() error("boom") end)
    `);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(host.instance(file)).toBeUndefined();
    expect(host.scriptErrors[0]).toContain('boom');
    expect(logger.records.some((r) => r.level === 'error')).toBe(true);
  });

  it('gives scripts io.open and os.rename on real files', async () => {
    const { out, app } = await run(`
      local dir = reaper.GetResourcePath() .. "/io"
      reaper.RecursiveCreateDirectory(dir, 0)
      local f = assert(io.open(dir .. "/a.txt.tmp", "wb"))
      f:write("line 1\\n", "line ", 2)
      f:close()
      assert(os.rename(dir .. "/a.txt.tmp", dir .. "/a.txt"))
      local g = assert(io.open(dir .. "/a.txt", "rb"))
      local first = g:read("l")
      local rest = g:read("a")
      g:close()
      local missing, err = io.open(dir .. "/nope.txt", "rb")
      reaper.SetExtState("t", "out", first .. "|" .. rest .. "|" .. tostring(missing) .. "|" .. err .. "|" .. reaper.EnumerateFiles(dir, 0) .. "|" .. reaper.EnumerateFiles(dir, 1), false)
      os.remove(dir .. "/a.txt")
      reaper.SetExtState("t", "exists", tostring(reaper.file_exists(dir .. "/a.txt")), false)
    `);
    expect(out('out')).toBe(
      `line 1|line 2|nil|${app.resourcePath}/io/nope.txt: No such file or directory|a.txt|`,
    );
    expect(out('exists')).toBe('false');
  });

  it('has the plug-in parameters REAPER shows, wrapper parameters included', async () => {
    const { out } = await run(
      `
      local tr = reaper.GetTrack(0, 0)
      local fx = reaper.TrackFX_AddByName(tr, "ReaComp", false, 1)
      local again = reaper.TrackFX_AddByName(tr, "VST: ReaComp (Cockos)", false, 1)
      local none = reaper.TrackFX_AddByName(tr, "VST3: ReaComp", false, 1)
      local n = reaper.TrackFX_GetNumParams(tr, fx)
      local _, last = reaper.TrackFX_GetParamName(tr, fx, n - 3, "")
      reaper.TrackFX_SetParamNormalized(tr, fx, 0, 0.5)
      local _, text = reaper.TrackFX_GetFormattedParamValue(tr, fx, 0, "")
      local v, lo, hi = reaper.TrackFX_GetParam(tr, fx, 0)
      reaper.TrackFX_SetParamNormalized(tr, fx, n - 3, 1)
      local _, ident = reaper.TrackFX_GetNamedConfigParm(tr, fx, "fx_ident")
      reaper.SetExtState("t", "out", table.concat({ fx, again, none, n, last, text, v, lo, hi, tostring(reaper.TrackFX_GetEnabled(tr, fx)), ident }, "|"), false)
    `,
      (app) => app.project.insertTrack(0),
    );
    expect(out('out')).toBe(
      '0|0|-1|11|Bypass|-30.0 dB|-30.0|-60.0|0.0|false|reacomp.vst.so<1919247213>',
    );
    expect(findPlugin([], 'x')).toBeUndefined();
  });
});
