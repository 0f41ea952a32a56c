import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { LuaMultiReturn } from 'wasmoon';
import type { PointerRegistry } from './handles.js';
import {
  findPlugin,
  formatParam,
  nativeFromNormalized,
  normalizedFromNative,
  type SimParamDef,
} from './plugins.js';
import type { SimFx, SimItem, SimProject, SimSource, SimTake, SimTrack } from './project-model.js';
import { newGuid } from './project-model.js';
import type { SimReaper } from './reaper-app.js';
import { readTrackChunk, writeTrackChunk } from './state-chunk.js';

// JavaScript implementations of the ReaScript functions in reascript-signatures.ts, against the
// simulated project. Pointers arrive and leave as handle numbers (the Lua glue maps them to
// userdata); multiple return values leave as LuaMultiReturn, in the documented order.

export interface ScriptHost {
  setActionOptions(flags: number): void;
}

type Fn = (...args: never[]) => unknown;

const multi = (...values: unknown[]) => LuaMultiReturn.from(values);

/** REAPER appends its wrapper's parameters to every plug-in's own (verify the exact set). */
const wrapperParams = ['Bypass', 'Wet', 'Delta'] as const;

export function createReaScriptApi(
  app: SimReaper,
  pointers: PointerRegistry,
  host: ScriptHost,
): Record<string, Fn> {
  const project: SimProject = app.project;
  const projectId = () => pointers.ref(project, 'ReaProject');
  const track = (id: number, fn: string, arg = 1) =>
    pointers.get<SimTrack>(id, 'MediaTrack', fn, arg);
  const item = (id: number, fn: string, arg = 1) => pointers.get<SimItem>(id, 'MediaItem', fn, arg);
  const take = (id: number, fn: string, arg = 1) =>
    pointers.get<SimTake>(id, 'MediaItem_Take', fn, arg);
  const source = (id: number, fn: string, arg = 1) =>
    pointers.get<SimSource>(id, 'PCM_source', fn, arg);
  const checkProject = (id: number, fn: string) => {
    if (id !== 0 && id !== projectId())
      throw new Error(`reaper.${fn}: argument 1: expected ReaProject`);
  };
  const fxAt = (tr: SimTrack, fx: number): SimFx | undefined => tr.fx[fx];
  const paramCount = (fx: SimFx) => fx.plugin.params.length + wrapperParams.length;
  const paramDef = (fx: SimFx, p: number): SimParamDef | undefined => fx.plugin.params[p];
  const wrapperIndex = (fx: SimFx, p: number) => p - fx.plugin.params.length;

  const getNormalized = (fx: SimFx, p: number): number => {
    if (p < fx.plugin.params.length) return fx.values[p] ?? 0;
    const w = wrapperIndex(fx, p);
    if (w === 0) return fx.enabled ? 0 : 1;
    if (w === 1) return 1;
    return 0;
  };
  const setNormalized = (tr: SimTrack, fx: SimFx, p: number, v: number): boolean => {
    if (p < 0 || p >= paramCount(fx)) return false;
    if (p < fx.plugin.params.length) {
      project.setParam(tr, fx, p, v);
      return true;
    }
    if (wrapperIndex(fx, p) === 0) {
      fx.enabled = v < 0.5;
      project.emitChange({ kind: 'fx', track: tr, fx, field: 'enabled' });
    }
    return true;
  };

  const trackValue: Record<string, (t: SimTrack) => number> = {
    D_VOL: (t) => t.vol,
    D_PAN: (t) => t.pan,
    D_WIDTH: (t) => t.width,
    B_MUTE: (t) => (t.mute ? 1 : 0),
    I_SOLO: (t) => t.solo,
    B_PHASE: (t) => (t.phase ? 1 : 0),
    I_FXEN: (t) => (t.fxEnabled ? 1 : 0),
    I_SELECTED: (t) => (t.selected ? 1 : 0),
    I_RECARM: (t) => (t.recArm ? 1 : 0),
    I_CUSTOMCOLOR: (t) => t.color,
    IP_TRACKNUMBER: (t) => (t.isMaster ? -1 : project.trackNumber(t)),
  };
  const setTrackValue: Record<string, (t: SimTrack, v: number) => void> = {
    D_VOL: (t, v) => project.setTrack(t, 'vol', Math.max(0, v)),
    D_PAN: (t, v) => project.setTrack(t, 'pan', Math.max(-1, Math.min(1, v))),
    D_WIDTH: (t, v) => project.setTrack(t, 'width', Math.max(-1, Math.min(1, v))),
    B_MUTE: (t, v) => project.setTrack(t, 'mute', v !== 0),
    I_SOLO: (t, v) => project.setTrack(t, 'solo', Math.trunc(v)),
    B_PHASE: (t, v) => project.setTrack(t, 'phase', v !== 0),
    I_FXEN: (t, v) => project.setTrack(t, 'fxEnabled', v !== 0),
    I_SELECTED: (t, v) => project.setTrack(t, 'selected', v !== 0),
    I_RECARM: (t, v) => project.setTrack(t, 'recArm', v !== 0),
    I_CUSTOMCOLOR: (t, v) => {
      t.color = Math.trunc(v);
    },
  };
  const itemKeys: Record<string, keyof SimItem> = {
    D_POSITION: 'position',
    D_LENGTH: 'length',
    D_VOL: 'vol',
    D_FADEINLEN: 'fadeInLen',
    D_FADEOUTLEN: 'fadeOutLen',
    C_FADEINSHAPE: 'fadeInShape',
    C_FADEOUTSHAPE: 'fadeOutShape',
    D_FADEINDIR: 'fadeInDir',
    D_FADEOUTDIR: 'fadeOutDir',
  };
  const takeKeys: Record<string, keyof SimTake> = { D_STARTOFFS: 'startOffset', D_VOL: 'vol' };

  const extString = (
    ext: Map<string, string>,
    key: string,
    value: string,
    set: boolean,
  ): LuaMultiReturn | undefined => {
    const name = /^P_EXT:(.+)$/.exec(key)?.[1];
    if (!name) return undefined;
    if (set) {
      if (value === '') ext.delete(name);
      else ext.set(name, value);
      project.dirty = true;
      return multi(true, value);
    }
    return multi(ext.has(name), ext.get(name) ?? '');
  };

  const renderTargets = () => {
    const dir = project.renderStrings.get('RENDER_FILE') ?? '';
    const pattern =
      project.renderStrings.get('RENDER_PATTERN') ||
      project.name.replace(/\.rpp$/i, '') ||
      'untitled';
    const sink = project.renderStrings.get('RENDER_FORMAT') ?? 'wave';
    const ext = { 'ddp ': '.DAT', 'iso ': '.cue', wave: '.wav', flac: '.flac' }[sink] ?? '.wav';
    const file = pattern.includes('.') ? pattern : pattern + ext;
    return dir ? join(dir, file) : file;
  };

  const api: Record<string, Fn> = {
    // ---- app and project
    GetAppVersion: () => app.version,
    GetOS: () => 'Other',
    GetResourcePath: () => app.resourcePath,
    APIExists: ((name: string) => name in api || name === 'defer' || name === 'atexit') as Fn,
    ShowConsoleMsg: ((msg: string) => {
      app.console.push(msg);
    }) as Fn,
    time_precise: () => performance.now() / 1000,
    EnumProjects: ((idx: number) =>
      idx === -1 || idx === 0
        ? multi(projectId(), project.path)
        : multi(undefined, undefined)) as Fn,
    GetProjectName: ((proj: number) => {
      checkProject(proj, 'GetProjectName');
      return project.path ? basename(project.path) : '';
    }) as Fn,
    GetProjectPath: () => (project.path ? dirname(project.path) : join(app.resourcePath, 'Media')),
    GetProjectLength: ((proj: number) => {
      checkProject(proj, 'GetProjectLength');
      return project.length();
    }) as Fn,
    MarkProjectDirty: () => {
      project.dirty = true;
    },
    GetAudioDeviceInfo: ((attribute: string) =>
      attribute === 'SRATE' ? multi(true, String(app.deviceRate)) : multi(false, '')) as Fn,
    GetSetProjectInfo: ((proj: number, desc: string, value: number, isSet: boolean) => {
      checkProject(proj, 'GetSetProjectInfo');
      if (desc === 'PROJECT_SRATE') {
        if (isSet) project.projectRate = Math.round(value);
        return project.projectRate;
      }
      if (desc === 'PROJECT_SRATE_USE') {
        if (isSet) project.useProjectRate = value !== 0;
        return project.useProjectRate ? 1 : 0;
      }
      if (isSet) project.renderNumbers.set(desc, value);
      return project.renderNumbers.get(desc) ?? 0;
    }) as Fn,
    GetSetProjectInfo_String: ((proj: number, desc: string, value: string, isSet: boolean) => {
      checkProject(proj, 'GetSetProjectInfo_String');
      const markerIndex = /^MARKER_GUID:(\d+)$/.exec(desc);
      if (markerIndex) {
        const marker = project.markers[Number(markerIndex[1])];
        if (isSet || !marker) return multi(false, '');
        return multi(true, marker.guid);
      }
      if (desc === 'RENDER_TARGETS') return multi(true, renderTargets());
      if (/^(RENDER_|PROJECT_|RECORD_PATH)/.test(desc)) {
        if (isSet) project.renderStrings.set(desc, value);
        return multi(true, project.renderStrings.get(desc) ?? '');
      }
      return multi(false, '');
    }) as Fn,
    GetSetProjectNotes: ((proj: number, isSet: boolean, notes: string) => {
      checkProject(proj, 'GetSetProjectNotes');
      if (isSet) {
        project.notes = notes;
        project.dirty = true;
      }
      return project.notes;
    }) as Fn,
    Main_SaveProject: ((proj: number, forceSaveAs: boolean) => {
      checkProject(proj, 'Main_SaveProject');
      if (forceSaveAs) app.logger.warn('REAPER would open a Save As dialog here');
      else app.saveProject();
    }) as Fn,
    Main_OnCommand: ((command: number) => app.runAction(command)) as Fn,
    NamedCommandLookup: ((name: string) => app.lookupCommand(name)) as Fn,
    ValidatePtr: ((id: number, typeName: string) => pointers.validate(id, typeName)) as Fn,

    // ---- undo and UI
    Undo_BeginBlock: () => project.beginUndo(),
    Undo_EndBlock: ((desc: string) => project.endUndo(desc)) as Fn,
    PreventUIRefresh: ((n: number) => {
      app.preventRefresh += n;
      if (app.preventRefresh < 0) {
        app.logger.warn('PreventUIRefresh went below zero: a script released more than it held');
        app.preventRefresh = 0;
      }
    }) as Fn,
    UpdateArrange: () => undefined,

    // ---- ExtState
    GetExtState: ((section: string, key: string) => app.extState.get(section, key)) as Fn,
    SetExtState: ((section: string, key: string, value: string, persist: boolean) =>
      app.extState.set(section, key, value, persist)) as Fn,
    DeleteExtState: ((section: string, key: string) => app.extState.delete(section, key)) as Fn,
    HasExtState: ((section: string, key: string) => app.extState.has(section, key)) as Fn,
    GetProjExtState: ((proj: number, ext: string, key: string) => {
      checkProject(proj, 'GetProjExtState');
      const value = project.getProjExt(ext, key) ?? '';
      return multi(value.length, value);
    }) as Fn,
    SetProjExtState: ((proj: number, ext: string, key: string, value: string) => {
      checkProject(proj, 'SetProjExtState');
      return project.setProjExt(ext, key, value);
    }) as Fn,

    // ---- files
    file_exists: ((path: string) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    }) as Fn,
    RecursiveCreateDirectory: ((path: string) => {
      try {
        mkdirSync(path, { recursive: true });
        return 1;
      } catch {
        return 0;
      }
    }) as Fn,
    EnumerateFiles: ((path: string, index: number) => {
      try {
        const names = readdirSync(path, { withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => e.name)
          .sort();
        return names[index] ?? '';
      } catch {
        return '';
      }
    }) as Fn,

    // ---- tracks
    CountTracks: ((proj: number) => {
      checkProject(proj, 'CountTracks');
      return project.tracks.length;
    }) as Fn,
    GetTrack: ((proj: number, idx: number) => {
      checkProject(proj, 'GetTrack');
      return pointers.ref(project.tracks[idx], 'MediaTrack');
    }) as Fn,
    GetMasterTrack: ((proj: number) => {
      checkProject(proj, 'GetMasterTrack');
      return pointers.ref(project.master, 'MediaTrack');
    }) as Fn,
    GetTrackGUID: ((tr: number) => track(tr, 'GetTrackGUID').guid) as Fn,
    InsertTrackAtIndex: ((idx: number) => {
      project.insertTrack(idx);
    }) as Fn,
    DeleteTrack: ((tr: number) => project.deleteTrack(track(tr, 'DeleteTrack'))) as Fn,
    GetMediaTrackInfo_Value: ((tr: number, key: string) =>
      trackValue[key]?.(track(tr, 'GetMediaTrackInfo_Value')) ?? 0) as Fn,
    SetMediaTrackInfo_Value: ((tr: number, key: string, v: number) => {
      const t = track(tr, 'SetMediaTrackInfo_Value');
      const setter = setTrackValue[key];
      if (!setter) return false;
      setter(t, v);
      return true;
    }) as Fn,
    GetSetMediaTrackInfo_String: ((tr: number, key: string, value: string, set: boolean) => {
      const t = track(tr, 'GetSetMediaTrackInfo_String');
      if (key === 'P_NAME') {
        if (t.isMaster) return multi(false, '');
        if (set) project.setTrack(t, 'name', value);
        return multi(true, t.name);
      }
      if (key === 'GUID') {
        if (set) t.guid = value;
        return multi(true, t.guid);
      }
      return extString(t.ext, key, value, set) ?? multi(false, '');
    }) as Fn,
    GetTrackStateChunk: ((tr: number) =>
      multi(true, writeTrackChunk(track(tr, 'GetTrackStateChunk')))) as Fn,
    SetTrackStateChunk: ((tr: number, text: string) =>
      readTrackChunk(project, track(tr, 'SetTrackStateChunk'), text, app.plugins)) as Fn,

    // ---- items, takes, sources
    CountTrackMediaItems: ((tr: number) => track(tr, 'CountTrackMediaItems').items.length) as Fn,
    GetTrackMediaItem: ((tr: number, idx: number) =>
      pointers.ref(track(tr, 'GetTrackMediaItem').items[idx], 'MediaItem')) as Fn,
    AddMediaItemToTrack: ((tr: number) =>
      pointers.ref(project.addItem(track(tr, 'AddMediaItemToTrack')), 'MediaItem')) as Fn,
    DeleteTrackMediaItem: ((tr: number, it: number) =>
      project.deleteItem(
        track(tr, 'DeleteTrackMediaItem'),
        item(it, 'DeleteTrackMediaItem', 2),
      )) as Fn,
    AddTakeToMediaItem: ((it: number) => {
      const i = item(it, 'AddTakeToMediaItem');
      const t: SimTake = {
        guid: newGuid(),
        name: '',
        startOffset: 0,
        vol: 1,
        source: null,
        ext: new Map(),
      };
      i.takes.push(t);
      return pointers.ref(t, 'MediaItem_Take');
    }) as Fn,
    GetActiveTake: ((it: number) => {
      const i = item(it, 'GetActiveTake');
      return pointers.ref(i.takes[i.activeTake], 'MediaItem_Take');
    }) as Fn,
    GetMediaItemInfo_Value: ((it: number, key: string) => {
      const i = item(it, 'GetMediaItemInfo_Value');
      if (key === 'B_MUTE') return i.mute ? 1 : 0;
      if (key === 'I_CURTAKE') return i.activeTake;
      if (key === 'IP_ITEMNUMBER') return project.itemTrack(i)?.items.indexOf(i) ?? -1;
      const field = itemKeys[key];
      return field ? (i[field] as number) : 0;
    }) as Fn,
    SetMediaItemInfo_Value: ((it: number, key: string, v: number) => {
      const i = item(it, 'SetMediaItemInfo_Value');
      if (key === 'B_MUTE') i.mute = v !== 0;
      else if (key === 'I_CURTAKE') i.activeTake = Math.trunc(v);
      else {
        const field = itemKeys[key];
        if (!field) return false;
        (i as unknown as Record<string, number>)[field] = key.startsWith('C_') ? Math.trunc(v) : v;
      }
      const tr = project.itemTrack(i);
      if (tr) project.emitChange({ kind: 'items', track: tr });
      return true;
    }) as Fn,
    GetSetMediaItemInfo_String: ((it: number, key: string, value: string, set: boolean) => {
      const i = item(it, 'GetSetMediaItemInfo_String');
      if (key === 'GUID') {
        if (set) i.guid = value;
        return multi(true, i.guid);
      }
      return extString(i.ext, key, value, set) ?? multi(false, '');
    }) as Fn,
    GetMediaItemTakeInfo_Value: ((tk: number, key: string) => {
      const t = take(tk, 'GetMediaItemTakeInfo_Value');
      if (key === 'D_PLAYRATE') return 1;
      const field = takeKeys[key];
      return field ? (t[field] as number) : 0;
    }) as Fn,
    SetMediaItemTakeInfo_Value: ((tk: number, key: string, v: number) => {
      const t = take(tk, 'SetMediaItemTakeInfo_Value');
      const field = takeKeys[key];
      if (!field) return false;
      (t as unknown as Record<string, number>)[field] = v;
      return true;
    }) as Fn,
    GetSetMediaItemTakeInfo_String: ((tk: number, key: string, value: string, set: boolean) => {
      const t = take(tk, 'GetSetMediaItemTakeInfo_String');
      if (key === 'P_NAME') {
        if (set) t.name = value;
        return multi(true, t.name);
      }
      if (key === 'GUID') return multi(true, t.guid);
      return extString(t.ext, key, value, set) ?? multi(false, '');
    }) as Fn,
    PCM_Source_CreateFromFile: ((file: string) => {
      let exists = false;
      try {
        exists = statSync(file).isFile();
      } catch {
        exists = false;
      }
      if (!exists) return 0;
      const known = app.media.get(file);
      const src: SimSource = known
        ? { ...known }
        : { file, lengthSec: 0, sampleRate: 0, channels: 0 };
      return pointers.ref(src, 'PCM_source');
    }) as Fn,
    SetMediaItemTake_Source: ((tk: number, src: number) => {
      take(tk, 'SetMediaItemTake_Source').source = source(src, 'SetMediaItemTake_Source', 2);
      return true;
    }) as Fn,
    GetMediaItemTake_Source: ((tk: number) =>
      pointers.ref(take(tk, 'GetMediaItemTake_Source').source, 'PCM_source')) as Fn,
    GetMediaSourceFileName: ((src: number) => source(src, 'GetMediaSourceFileName').file) as Fn,
    GetMediaSourceLength: ((src: number) =>
      multi(source(src, 'GetMediaSourceLength').lengthSec, false)) as Fn,
    GetMediaSourceSampleRate: ((src: number) =>
      source(src, 'GetMediaSourceSampleRate').sampleRate) as Fn,

    // ---- plug-ins
    TrackFX_GetCount: ((tr: number) => track(tr, 'TrackFX_GetCount').fx.length) as Fn,
    TrackFX_GetFXName: ((tr: number, fx: number) => {
      const f = fxAt(track(tr, 'TrackFX_GetFXName'), fx);
      return f ? multi(true, f.renamed ?? f.plugin.name) : multi(false, '');
    }) as Fn,
    TrackFX_SetNamedConfigParm: ((tr: number, fx: number, key: string, value: string) => {
      const t = track(tr, 'TrackFX_SetNamedConfigParm');
      const f = fxAt(t, fx);
      if (!f || key !== 'renamed_name') return false;
      if (value === '' || value === f.plugin.name) delete f.renamed;
      else f.renamed = value;
      project.emitChange({ kind: 'fx', track: t, fx: f, field: 'chain' });
      return true;
    }) as Fn,
    ReorderSelectedTracks: ((before: number) => project.reorderSelected(before)) as Fn,
    TrackFX_GetFXGUID: ((tr: number, fx: number) =>
      fxAt(track(tr, 'TrackFX_GetFXGUID'), fx)?.guid) as Fn,
    TrackFX_GetEnabled: ((tr: number, fx: number) =>
      fxAt(track(tr, 'TrackFX_GetEnabled'), fx)?.enabled ?? false) as Fn,
    TrackFX_SetEnabled: ((tr: number, fx: number, on: boolean) => {
      const t = track(tr, 'TrackFX_SetEnabled');
      const f = fxAt(t, fx);
      if (f && f.enabled !== on) {
        f.enabled = on;
        project.emitChange({ kind: 'fx', track: t, fx: f, field: 'enabled' });
      }
    }) as Fn,
    TrackFX_GetOffline: ((tr: number, fx: number) =>
      fxAt(track(tr, 'TrackFX_GetOffline'), fx)?.offline ?? false) as Fn,
    TrackFX_SetOffline: ((tr: number, fx: number, off: boolean) => {
      const f = fxAt(track(tr, 'TrackFX_SetOffline'), fx);
      if (f) f.offline = off;
    }) as Fn,
    TrackFX_GetPreset: ((tr: number, fx: number) => {
      const f = fxAt(track(tr, 'TrackFX_GetPreset'), fx);
      if (!f?.preset) return multi(false, '');
      const matches = !!f.presetValues && f.presetValues.every((v, i) => f.values[i] === v);
      return multi(matches, f.preset);
    }) as Fn,
    TrackFX_SetPreset: ((tr: number, fx: number, name: string) => {
      const t = track(tr, 'TrackFX_SetPreset');
      const f = fxAt(t, fx);
      const values = f?.plugin.presets?.[name];
      if (!f || !values) return false;
      f.plugin.params.forEach((def, i) => {
        f.values[i] = values[i] ?? normalizedFromNative(def, def.default);
      });
      f.preset = name;
      f.presetValues = [...f.values];
      project.emitChange({ kind: 'fx', track: t, fx: f, field: 'preset' });
      return true;
    }) as Fn,
    TrackFX_GetNamedConfigParm: ((tr: number, fx: number, key: string) => {
      const f = fxAt(track(tr, 'TrackFX_GetNamedConfigParm'), fx);
      if (!f) return multi(false, '');
      const values: Record<string, string> = {
        fx_ident: f.plugin.ident,
        fx_type: f.plugin.type,
        fx_name: f.plugin.name,
        pdc: '0',
      };
      const v = values[key];
      return v === undefined ? multi(false, '') : multi(true, v);
    }) as Fn,
    TrackFX_GetNumParams: ((tr: number, fx: number) => {
      const f = fxAt(track(tr, 'TrackFX_GetNumParams'), fx);
      return f ? paramCount(f) : 0;
    }) as Fn,
    TrackFX_GetParamName: ((tr: number, fx: number, p: number) => {
      const f = fxAt(track(tr, 'TrackFX_GetParamName'), fx);
      if (!f || p < 0 || p >= paramCount(f)) return multi(false, '');
      return multi(true, paramDef(f, p)?.name ?? wrapperParams[wrapperIndex(f, p)]);
    }) as Fn,
    TrackFX_GetParamNormalized: ((tr: number, fx: number, p: number) => {
      const f = fxAt(track(tr, 'TrackFX_GetParamNormalized'), fx);
      return f && p >= 0 && p < paramCount(f) ? getNormalized(f, p) : 0;
    }) as Fn,
    TrackFX_SetParamNormalized: ((tr: number, fx: number, p: number, v: number) => {
      const t = track(tr, 'TrackFX_SetParamNormalized');
      const f = fxAt(t, fx);
      return f ? setNormalized(t, f, p, v) : false;
    }) as Fn,
    TrackFX_GetParam: ((tr: number, fx: number, p: number) => {
      const f = fxAt(track(tr, 'TrackFX_GetParam'), fx);
      const def = f && paramDef(f, p);
      if (!f || !def) return multi(f ? getNormalized(f, p) : 0, 0, 1);
      return multi(nativeFromNormalized(def, getNormalized(f, p)), def.min, def.max);
    }) as Fn,
    TrackFX_SetParam: ((tr: number, fx: number, p: number, v: number) => {
      const t = track(tr, 'TrackFX_SetParam');
      const f = fxAt(t, fx);
      const def = f && paramDef(f, p);
      if (!f) return false;
      return setNormalized(t, f, p, def ? normalizedFromNative(def, v) : v);
    }) as Fn,
    TrackFX_GetFormattedParamValue: ((tr: number, fx: number, p: number) => {
      const f = fxAt(track(tr, 'TrackFX_GetFormattedParamValue'), fx);
      if (!f || p < 0 || p >= paramCount(f)) return multi(false, '');
      const def = paramDef(f, p);
      if (def) return multi(true, formatParam(def, getNormalized(f, p)));
      const w = wrapperIndex(f, p);
      return multi(true, w === 1 ? '100.0%' : getNormalized(f, p) >= 0.5 ? 'on' : 'off');
    }) as Fn,
    TrackFX_AddByName: ((tr: number, name: string, recFX: boolean, instantiate: number) => {
      const t = track(tr, 'TrackFX_AddByName');
      if (recFX) return -1; // input FX are not simulated
      const plugin = findPlugin(app.plugins, name);
      if (!plugin) return -1;
      if (instantiate >= 0) {
        const existing = t.fx.findIndex((f) => f.plugin === plugin);
        if (existing >= 0 || instantiate === 0) return existing;
      }
      const fx = project.addFx(t, plugin);
      // -1000-n inserts at position n (newer REAPER versions; verify).
      if (instantiate <= -1000) {
        const at = Math.min(-1000 - instantiate, t.fx.length - 1);
        t.fx.splice(t.fx.indexOf(fx), 1);
        t.fx.splice(at, 0, fx);
        return at;
      }
      return t.fx.length - 1;
    }) as Fn,
    TrackFX_Delete: ((tr: number, fx: number) => {
      const t = track(tr, 'TrackFX_Delete');
      const f = fxAt(t, fx);
      if (!f) return false;
      t.fx.splice(fx, 1);
      project.emitChange({ kind: 'fx', track: t, fx: f, field: 'chain' });
      return true;
    }) as Fn,
    TrackFX_CopyToTrack: ((
      src: number,
      srcFx: number,
      dest: number,
      destFx: number,
      move: boolean,
    ) => {
      const from = track(src, 'TrackFX_CopyToTrack', 1);
      const to = track(dest, 'TrackFX_CopyToTrack', 3);
      const f = fxAt(from, srcFx);
      if (!f) return;
      const copy: SimFx = move ? f : { ...f, guid: newGuid(), values: [...f.values] };
      if (move) from.fx.splice(srcFx, 1);
      to.fx.splice(Math.max(0, Math.min(destFx, to.fx.length)), 0, copy);
      to.hadFx = true;
      project.emitChange({ kind: 'fx', track: to, fx: copy, field: 'chain' });
    }) as Fn,

    // ---- markers and regions
    CountProjectMarkers: ((proj: number) => {
      checkProject(proj, 'CountProjectMarkers');
      const regions = project.markers.filter((m) => m.isRegion).length;
      return multi(project.markers.length, project.markers.length - regions, regions);
    }) as Fn,
    EnumProjectMarkers: ((idx: number) => {
      const m = project.markers[idx];
      if (!m) return multi(0, false, 0, 0, '', 0);
      return multi(idx + 1, m.isRegion, m.pos, m.end, m.name, m.number);
    }) as Fn,
    EnumProjectMarkers3: ((proj: number, idx: number) => {
      checkProject(proj, 'EnumProjectMarkers3');
      const m = project.markers[idx];
      if (!m) return multi(0, false, 0, 0, '', 0, 0);
      return multi(idx + 1, m.isRegion, m.pos, m.end, m.name, m.number, m.color);
    }) as Fn,
    AddProjectMarker2: ((
      proj: number,
      isrgn: boolean,
      pos: number,
      end: number,
      name: string,
      want: number,
      color: number,
    ) => {
      checkProject(proj, 'AddProjectMarker2');
      return project.addMarker(isrgn, pos, end, name, want, color);
    }) as Fn,
    DeleteProjectMarker: ((proj: number, number: number, isrgn: boolean) => {
      checkProject(proj, 'DeleteProjectMarker');
      const m = project.findMarker(number, isrgn);
      return m ? project.deleteMarkerAt(project.markers.indexOf(m)) : false;
    }) as Fn,
    DeleteProjectMarkerByIndex: ((proj: number, idx: number) => {
      checkProject(proj, 'DeleteProjectMarkerByIndex');
      return project.deleteMarkerAt(idx);
    }) as Fn,
    SetProjectMarker4: ((
      proj: number,
      number: number,
      isrgn: boolean,
      pos: number,
      end: number,
      name: string,
      color: number,
      flags: number,
    ) => {
      checkProject(proj, 'SetProjectMarker4');
      const m = project.findMarker(number, isrgn);
      if (!m) return false;
      const newName = flags & 1 ? '' : name === '' ? m.name : name;
      project.updateMarker(m, { pos, end: isrgn ? end : 0, name: newName, color });
      return true;
    }) as Fn,

    // ---- transport
    GetPlayState: () => project.playStateBits,
    GetPlayPosition: () => project.position(),
    GetCursorPosition: () => project.position(),
    SetEditCurPos: ((time: number) => project.locate(time)) as Fn,
    OnPlayButton: () => project.play(),
    OnStopButton: () => project.stop(),
    OnPauseButton: () => project.pause(),

    // ---- script lifetime (defer and atexit live in Lua: see lua-host.ts)
    set_action_options: ((flags: number) => host.setActionOptions(flags)) as Fn,
  };
  return api;
}

/** File name extensions the simulator reads media headers of. */
export const mediaExtensions = new Set([
  '.wav',
  '.wave',
  '.bwf',
  '.rf64',
  '.aif',
  '.aiff',
  '.aifc',
  '.flac',
]);

export function isMediaPath(value: string): boolean {
  return mediaExtensions.has(extname(value).toLowerCase());
}
