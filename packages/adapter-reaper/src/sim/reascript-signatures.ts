// The ReaScript functions the simulated REAPER offers, with the Lua signatures of REAPER's API
// documentation (reascripthelp.html, "Lua:" lines). lua-binding.ts binds them from these: it
// checks argument types and gives return values their documented Lua types.

export const reascriptSignatures: readonly string[] = [
  'MediaItem reaper.AddMediaItemToTrack(MediaTrack tr)',
  'integer reaper.AddProjectMarker2(ReaProject proj, boolean isrgn, number pos, number rgnend, string name, integer wantidx, integer color)',
  'MediaItem_Take reaper.AddTakeToMediaItem(MediaItem item)',
  'boolean reaper.APIExists(string function_name)',
  'integer retval, number num_markers, number num_regions = reaper.CountProjectMarkers(ReaProject proj)',
  'integer reaper.CountTrackMediaItems(MediaTrack track)',
  'integer reaper.CountTracks(ReaProject proj)',
  'reaper.DeleteExtState(string section, string key, boolean persist)',
  'boolean reaper.DeleteProjectMarker(ReaProject proj, integer markrgnindexnumber, boolean isrgn)',
  'boolean reaper.DeleteProjectMarkerByIndex(ReaProject proj, integer markrgnidx)',
  'reaper.DeleteTrack(MediaTrack tr)',
  'boolean reaper.DeleteTrackMediaItem(MediaTrack tr, MediaItem it)',
  'integer retval, boolean isrgn, number pos, number rgnend, string name, number markrgnindexnumber = reaper.EnumProjectMarkers(integer idx)',
  'integer retval, boolean isrgn, number pos, number rgnend, string name, number markrgnindexnumber, number color = reaper.EnumProjectMarkers3(ReaProject proj, integer idx)',
  'ReaProject retval, optional string projfn = reaper.EnumProjects(integer idx)',
  'string reaper.EnumerateFiles(string path, integer fileindex)',
  'boolean reaper.file_exists(string path)',
  'MediaItem_Take reaper.GetActiveTake(MediaItem item)',
  'string reaper.GetAppVersion()',
  'boolean retval, string desc = reaper.GetAudioDeviceInfo(string attribute, string desc)',
  'number reaper.GetCursorPosition()',
  'string reaper.GetExtState(string section, string key)',
  'MediaTrack reaper.GetMasterTrack(ReaProject proj)',
  'number reaper.GetMediaItemInfo_Value(MediaItem item, string parmname)',
  'PCM_source reaper.GetMediaItemTake_Source(MediaItem_Take take)',
  'number reaper.GetMediaItemTakeInfo_Value(MediaItem_Take take, string parmname)',
  'string filenamebuf = reaper.GetMediaSourceFileName(PCM_source source, string filenamebuf)',
  'number retval, boolean lengthIsQN = reaper.GetMediaSourceLength(PCM_source source)',
  'integer reaper.GetMediaSourceSampleRate(PCM_source source)',
  'number reaper.GetMediaTrackInfo_Value(MediaTrack tr, string parmname)',
  'string reaper.GetOS()',
  'number reaper.GetPlayPosition()',
  'integer reaper.GetPlayState()',
  'number reaper.GetProjectLength(ReaProject proj)',
  'string buf = reaper.GetProjectName(ReaProject proj, string buf)',
  'string buf = reaper.GetProjectPath(string buf)',
  'integer retval, string val = reaper.GetProjExtState(ReaProject proj, string extname, string key)',
  'string reaper.GetResourcePath()',
  'boolean retval, string stringNeedBig = reaper.GetSetMediaItemInfo_String(MediaItem item, string parmname, string stringNeedBig, boolean setNewValue)',
  'boolean retval, string stringNeedBig = reaper.GetSetMediaItemTakeInfo_String(MediaItem_Take tk, string parmname, string stringNeedBig, boolean setNewValue)',
  'boolean retval, string stringNeedBig = reaper.GetSetMediaTrackInfo_String(MediaTrack tr, string parmname, string stringNeedBig, boolean setNewValue)',
  'number reaper.GetSetProjectInfo(ReaProject project, string desc, number value, boolean is_set)',
  'boolean retval, string valuestrNeedBig = reaper.GetSetProjectInfo_String(ReaProject project, string desc, string valuestrNeedBig, boolean is_set)',
  'string notes = reaper.GetSetProjectNotes(ReaProject proj, boolean set, string notes)',
  'MediaTrack reaper.GetTrack(ReaProject proj, integer trackidx)',
  'string GUID = reaper.GetTrackGUID(MediaTrack tr)',
  'MediaItem reaper.GetTrackMediaItem(MediaTrack tr, integer itemidx)',
  'boolean retval, string str = reaper.GetTrackStateChunk(MediaTrack track, string str, boolean isundo)',
  'boolean reaper.HasExtState(string section, string key)',
  'reaper.InsertTrackAtIndex(integer idx, boolean wantDefaults)',
  'reaper.Main_OnCommand(integer command, integer flag)',
  'reaper.Main_SaveProject(ReaProject proj, boolean forceSaveAsIn)',
  'reaper.MarkProjectDirty(ReaProject proj)',
  'integer reaper.NamedCommandLookup(string command_name)',
  'reaper.OnPauseButton()',
  'reaper.OnPlayButton()',
  'reaper.OnStopButton()',
  'PCM_source reaper.PCM_Source_CreateFromFile(string filename)',
  'reaper.PreventUIRefresh(integer prevent_count)',
  'boolean reaper.ReorderSelectedTracks(integer beforeTrackIdx, integer makePrevFolder)',
  'integer reaper.RecursiveCreateDirectory(string path, integer ignored)',
  'reaper.SetEditCurPos(number time, boolean moveview, boolean seekplay)',
  'reaper.SetExtState(string section, string key, string value, boolean persist)',
  'boolean reaper.SetMediaItemInfo_Value(MediaItem item, string parmname, number newvalue)',
  'boolean reaper.SetMediaItemTake_Source(MediaItem_Take take, PCM_source source)',
  'boolean reaper.SetMediaItemTakeInfo_Value(MediaItem_Take take, string parmname, number newvalue)',
  'boolean reaper.SetMediaTrackInfo_Value(MediaTrack tr, string parmname, number newvalue)',
  'boolean reaper.SetProjectMarker4(ReaProject proj, integer markrgnindexnumber, boolean isrgn, number pos, number rgnend, string name, integer color, integer flags)',
  'integer reaper.SetProjExtState(ReaProject proj, string extname, string key, string value)',
  'boolean reaper.SetTrackStateChunk(MediaTrack track, string str, boolean isundo)',
  'reaper.ShowConsoleMsg(string msg)',
  'number reaper.time_precise()',
  'integer reaper.TrackFX_AddByName(MediaTrack track, string fxname, boolean recFX, integer instantiate)',
  'reaper.TrackFX_CopyToTrack(MediaTrack src_track, integer src_fx, MediaTrack dest_track, integer dest_fx, boolean is_move)',
  'boolean reaper.TrackFX_Delete(MediaTrack track, integer fx)',
  'integer reaper.TrackFX_GetCount(MediaTrack track)',
  'boolean reaper.TrackFX_GetEnabled(MediaTrack track, integer fx)',
  'boolean retval, string buf = reaper.TrackFX_GetFormattedParamValue(MediaTrack track, integer fx, integer param, string buf)',
  'string GUID = reaper.TrackFX_GetFXGUID(MediaTrack track, integer fx)',
  'boolean retval, string buf = reaper.TrackFX_GetFXName(MediaTrack track, integer fx, string buf)',
  'boolean retval, string buf = reaper.TrackFX_GetNamedConfigParm(MediaTrack track, integer fx, string parmname)',
  'integer reaper.TrackFX_GetNumParams(MediaTrack track, integer fx)',
  'boolean reaper.TrackFX_GetOffline(MediaTrack track, integer fx)',
  'number retval, number minval, number maxval = reaper.TrackFX_GetParam(MediaTrack track, integer fx, integer param)',
  'boolean retval, string buf = reaper.TrackFX_GetParamName(MediaTrack track, integer fx, integer param, string buf)',
  'number reaper.TrackFX_GetParamNormalized(MediaTrack track, integer fx, integer param)',
  'boolean retval, string presetname = reaper.TrackFX_GetPreset(MediaTrack track, integer fx, string presetname)',
  'reaper.TrackFX_SetEnabled(MediaTrack track, integer fx, boolean enabled)',
  'boolean reaper.TrackFX_SetNamedConfigParm(MediaTrack track, integer fx, string parmname, string value)',
  'reaper.TrackFX_SetOffline(MediaTrack track, integer fx, boolean offline)',
  'boolean reaper.TrackFX_SetParam(MediaTrack track, integer fx, integer param, number val)',
  'boolean reaper.TrackFX_SetParamNormalized(MediaTrack track, integer fx, integer param, number value)',
  'boolean reaper.TrackFX_SetPreset(MediaTrack track, integer fx, string presetname)',
  'reaper.Undo_BeginBlock()',
  'reaper.Undo_EndBlock(string descchange, integer extraflags)',
  'reaper.UpdateArrange()',
  'boolean reaper.ValidatePtr(identifier pointer, string ctypename)',
  // Built into REAPER's Lua rather than listed with the API functions.
  'reaper.defer(function function)',
  'reaper.atexit(function function)',
  // REAPER 7.03 and later.
  'reaper.set_action_options(integer flag)',
];

/** Pointer types: opaque values the script only hands back to REAPER. */
export const pointerTypes = [
  'MediaTrack',
  'MediaItem',
  'MediaItem_Take',
  'PCM_source',
  'ReaProject',
] as const;
export type PointerType = (typeof pointerTypes)[number];

export interface SignatureValue {
  type: string;
  name: string;
  optional: boolean;
}

export interface Signature {
  name: string;
  returns: SignatureValue[];
  params: SignatureValue[];
}

function parseValues(text: string): SignatureValue[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const words = part.trim().split(/\s+/);
    const optional = words[0] === 'optional';
    if (optional) words.shift();
    const [type, name] = words;
    if (!type) throw new Error(`bad signature part "${part}"`);
    return { type, name: name ?? type, optional };
  });
}

/** Parses one documented Lua signature, e.g. "integer reaper.CountTracks(ReaProject proj)". */
export function parseSignature(line: string): Signature {
  const match = /^(?:(.*?)\s*=\s*|(\S+)\s+)?reaper\.(\w+)\((.*)\)$/.exec(line.trim());
  if (!match) throw new Error(`not a ReaScript signature: ${line}`);
  const returnsText = match[1] ?? match[2] ?? '';
  return { name: match[3]!, returns: parseValues(returnsText), params: parseValues(match[4]!) };
}
