-- A recording mock of the `reaper` table for the bridge's unit tests: an in-memory project
-- (tracks, items, plug-ins, markers, ext state) behind the ReaScript functions the bridge
-- calls, with REAPER's documented return shapes (EnumProjectMarkers3 returns idx+1 and 0 at
-- the end, AddProjectMarker2 returns -1 on failure, the _String getters return (bool, str)).
-- Every call is recorded in `mock.calls` so tests can check what the bridge asked REAPER to do.

local Mock = {}

local function guid(n)
  return string.format("{%08X-0000-4000-8000-%012X}", n, n)
end

function Mock.new(options)
  options = options or {}
  local mock = {
    calls = {},
    counter = 0,
    ext = {},             -- ExtState: section -> key -> value
    projExt = {},         -- project ext state: extname -> key -> value
    notes = "",
    tracks = {},
    markers = {},         -- kept in timeline order
    projectPath = options.projectPath or "",
    projectName = options.projectName or "",
    sampleRate = options.sampleRate or 48000,
    resourcePath = options.resourcePath or "/tmp",
    files = options.files or {}, -- path -> length in seconds (what PCM sources read)
    undo = {},
    refresh = 0,
    deferred = {},
    atexit = nil,
    now = 1000.0,
    renderInfo = {},
    plugins = options.plugins or {
      ["VST: ReaEQ (Cockos)"] = { "Freq-Low Shelf", "Gain-Low Shelf", "Q-Low Shelf" },
      ["VST: ReaComp (Cockos)"] = { "Thresh", "Ratio", "Attack", "Release" },
    },
  }

  local function nextId()
    mock.counter = mock.counter + 1
    return mock.counter
  end

  local function newTrack(name)
    return { kind = "track", guid = guid(nextId()), name = name or "", vol = 1.0, pan = 0.0, width = 1.0,
      mute = 0.0, solo = 0.0, phase = 0.0, fxen = 1.0, sel = 0.0, ext = {}, items = {}, fx = {} }
  end
  mock.master = newTrack("")

  local r = {}
  mock.reaper = r

  -- Records the call, then runs the implementation.
  local function api(name, fn)
    r[name] = function(...)
      mock.calls[#mock.calls + 1] = { name = name, args = table.pack(...) }
      return fn(...)
    end
  end

  local function trackList()
    local list = { mock.master }
    for _, t in ipairs(mock.tracks) do list[#list + 1] = t end
    return list
  end

  local function sortMarkers()
    table.sort(mock.markers, function(a, b)
      if a.pos ~= b.pos then return a.pos < b.pos end
      return a.seq < b.seq
    end)
  end

  -- Project and app.
  api("GetAppVersion", function() return "7.11/linux-x86_64" end)
  api("GetOS", function() return "Other" end)
  api("GetResourcePath", function() return mock.resourcePath end)
  api("EnumProjects", function(idx)
    if idx == -1 or idx == 0 then return "project", mock.projectPath end
    return nil
  end)
  api("GetProjectName", function() return mock.projectName end)
  api("GetSetProjectInfo", function(_, desc, value, isSet)
    if desc == "PROJECT_SRATE_USE" then return 1.0 end
    if desc == "PROJECT_SRATE" then return mock.sampleRate + 0.0 end
    if isSet then mock.renderInfo[desc] = value; return value end
    return (mock.renderInfo[desc] or 0) + 0.0
  end)
  api("GetAudioDeviceInfo", function() return true, tostring(mock.sampleRate) end)
  api("GetSetProjectInfo_String", function(_, desc, value, isSet)
    local idx = desc:match("^MARKER_GUID:(%d+)$")
    if idx then
      local m = mock.markers[tonumber(idx) + 1]
      if m then return true, m.guid end
      return false, ""
    end
    if isSet then mock.renderInfo[desc] = value; return true, value end
    if desc == "RENDER_TARGETS" then return true, "/renders/IMAGE.DAT" end
    return true, mock.renderInfo[desc] or ""
  end)
  api("GetSetProjectNotes", function(_, isSet, notes)
    if isSet then mock.notes = notes end
    return mock.notes
  end)
  api("Main_SaveProject", function() mock.saved = (mock.saved or 0) + 1 end)
  api("time_precise", function() mock.now = mock.now + 0.001; return mock.now end)
  api("Undo_BeginBlock", function() mock.undo[#mock.undo + 1] = "begin" end)
  api("Undo_EndBlock", function(desc) mock.undo[#mock.undo + 1] = "end:" .. desc end)
  api("PreventUIRefresh", function(n) mock.refresh = mock.refresh + n end)
  api("UpdateArrange", function() end)
  api("defer", function(fn) mock.deferred[#mock.deferred + 1] = fn end)
  api("atexit", function(fn) mock.atexit = fn end)
  api("file_exists", function(path)
    if mock.files[path] then return true end
    local f = io.open(path, "rb")
    if f then f:close(); return true end
    return false
  end)
  api("RecursiveCreateDirectory", function(path)
    os.execute("mkdir -p '" .. path .. "'")
    return 1
  end)
  api("EnumerateFiles", function(path, idx)
    local p = io.popen("ls -1 '" .. path .. "' 2>/dev/null")
    local names = {}
    for line in p:lines() do names[#names + 1] = line end
    p:close()
    return names[idx + 1]
  end)

  -- ExtState.
  api("GetExtState", function(section, key) return (mock.ext[section] or {})[key] or "" end)
  api("SetExtState", function(section, key, value)
    mock.ext[section] = mock.ext[section] or {}
    mock.ext[section][key] = value
  end)
  api("DeleteExtState", function(section, key)
    if mock.ext[section] then mock.ext[section][key] = nil end
  end)
  api("GetProjExtState", function(_, extname, key)
    local v = (mock.projExt[extname] or {})[key]
    if v then return 1, v end
    return 0, ""
  end)
  api("SetProjExtState", function(_, extname, key, value)
    mock.projExt[extname] = mock.projExt[extname] or {}
    mock.projExt[extname][key] = value ~= "" and value or nil
    return #value
  end)

  -- Tracks.
  api("CountTracks", function() return #mock.tracks end)
  api("GetTrack", function(_, idx) return mock.tracks[idx + 1] end)
  api("GetMasterTrack", function() return mock.master end)
  api("GetTrackGUID", function(tr) return tr.guid end)
  api("InsertTrackAtIndex", function(idx) table.insert(mock.tracks, idx + 1, newTrack("")) end)
  api("DeleteTrack", function(tr)
    for i, t in ipairs(mock.tracks) do if t == tr then table.remove(mock.tracks, i); return end end
  end)
  api("ReorderSelectedTracks", function(before)
    local moving, staying = {}, {}
    for i, t in ipairs(mock.tracks) do
      if t.sel ~= 0 then moving[#moving + 1] = { t = t, i = i - 1 } else staying[#staying + 1] = { t = t, i = i - 1 } end
    end
    local out = {}
    for _, s in ipairs(staying) do
      if s.i >= before and #moving > 0 then
        for _, m in ipairs(moving) do out[#out + 1] = m.t end
        moving = {}
      end
      out[#out + 1] = s.t
    end
    for _, m in ipairs(moving) do out[#out + 1] = m.t end
    mock.tracks = out
    return true
  end)
  local trackKeys = { D_VOL = "vol", D_PAN = "pan", D_WIDTH = "width", B_MUTE = "mute", I_SOLO = "solo",
    B_PHASE = "phase", I_FXEN = "fxen", I_SELECTED = "sel" }
  api("GetMediaTrackInfo_Value", function(tr, key) return tr[trackKeys[key]] + 0.0 end)
  api("SetMediaTrackInfo_Value", function(tr, key, v) tr[trackKeys[key]] = v + 0.0; return true end)
  api("GetSetMediaTrackInfo_String", function(tr, key, value, isSet)
    if key == "P_NAME" then
      if isSet then tr.name = value end
      return true, tr.name
    end
    local ext = key:match("^P_EXT:(.+)$")
    if ext then
      if isSet then tr.ext[ext] = value end
      return tr.ext[ext] ~= nil, tr.ext[ext] or ""
    end
    if key == "GUID" then return true, tr.guid end
    return false, ""
  end)
  api("GetTrackStateChunk", function(tr)
    local lines = { "<TRACK " .. tr.guid, "NAME \"" .. tr.name .. "\"", "VOLPAN " .. tr.vol .. " " .. tr.pan .. " -1" }
    if #tr.fx > 0 or tr.hadFx then
      lines[#lines + 1] = "<FXCHAIN"
      lines[#lines + 1] = "SHOW 0"
      lines[#lines + 1] = "DOCKED 0"
      for _, fx in ipairs(tr.fx) do
        lines[#lines + 1] = "BYPASS " .. (fx.enabled and 0 or 1) .. " " .. (fx.offline and 1 or 0) .. " 0"
        lines[#lines + 1] = "<VST \"" .. fx.name .. "\" plugin.so 0 \"\" 0<00>"
        lines[#lines + 1] = fx.blob or "AAAA"
        lines[#lines + 1] = ">"
        lines[#lines + 1] = "FXID " .. fx.guid
        lines[#lines + 1] = "WAK 0 0"
      end
      lines[#lines + 1] = ">"
    end
    lines[#lines + 1] = ">"
    return true, table.concat(lines, "\n")
  end)
  api("SetTrackStateChunk", function(tr, text)
    mock.lastChunk = text
    -- Reads back each plug-in's blob line and bypass state, which is what the tests look at.
    local fxs, current = {}, nil
    local depth = 0
    for line in (text .. "\n"):gmatch("(.-)\n") do
      if depth == 1 and line:match("^BYPASS") then
        local b, off = line:match("^BYPASS (%d) (%d)")
        current = { enabled = b == "0", offline = off == "1" }
        fxs[#fxs + 1] = current
      elseif current and depth == 2 and not line:match("^[<>]") then
        current.blob = line
      elseif current and line:match("^FXID ") then
        current.guid = line:match("^FXID (.+)$")
      elseif current and line:match("^<VST ") then
        current.name = line:match('^<VST "([^"]+)"')
      end
      if line:match("^<FXCHAIN") then depth = 1
      elseif line:match("^<") and depth >= 1 then depth = depth + 1
      elseif line == ">" and depth >= 1 then depth = depth - 1 end
    end
    for i, fx in ipairs(fxs) do
      local old = tr.fx[i]
      if old then
        old.enabled, old.offline, old.blob, old.guid = fx.enabled, fx.offline, fx.blob, fx.guid or old.guid
      end
    end
    return true
  end)

  -- Items, takes and sources.
  api("CountTrackMediaItems", function(tr) return #tr.items end)
  api("GetTrackMediaItem", function(tr, idx) return tr.items[idx + 1] end)
  api("AddMediaItemToTrack", function(tr)
    local item = { kind = "item", track = tr, guid = guid(nextId()), D_POSITION = 0.0, D_LENGTH = 0.0,
      D_VOL = 1.0, D_FADEINLEN = 0.0, D_FADEOUTLEN = 0.0, C_FADEINSHAPE = 0.0, C_FADEOUTSHAPE = 0.0,
      D_FADEINDIR = 0.0, D_FADEOUTDIR = 0.0, ext = {}, takes = {} }
    tr.items[#tr.items + 1] = item
    return item
  end)
  api("DeleteTrackMediaItem", function(tr, item)
    for i, it in ipairs(tr.items) do
      if it == item then table.remove(tr.items, i); return true end
    end
    return false
  end)
  api("AddTakeToMediaItem", function(item)
    local take = { kind = "take", item = item, D_STARTOFFS = 0.0, name = "", ext = {} }
    item.takes[#item.takes + 1] = take
    return take
  end)
  api("GetActiveTake", function(item) return item.takes[1] end)
  api("PCM_Source_CreateFromFile", function(file)
    return { kind = "source", file = file, length = mock.files[file] or 0.0 }
  end)
  api("SetMediaItemTake_Source", function(take, source) take.source = source; return true end)
  api("GetMediaItemTake_Source", function(take) return take.source end)
  api("GetMediaSourceFileName", function(source) return source.file end)
  api("GetMediaSourceLength", function(source) return source.length + 0.0, false end)
  api("SetMediaItemInfo_Value", function(item, key, v) item[key] = v + 0.0; return true end)
  api("GetMediaItemInfo_Value", function(item, key) return item[key] + 0.0 end)
  api("SetMediaItemTakeInfo_Value", function(take, key, v) take[key] = v + 0.0; return true end)
  api("GetMediaItemTakeInfo_Value", function(take, key) return take[key] + 0.0 end)
  api("GetSetMediaItemTakeInfo_String", function(take, key, value, isSet)
    if key == "P_NAME" then
      if isSet then take.name = value end
      return true, take.name
    end
    return false, ""
  end)
  api("GetSetMediaItemInfo_String", function(item, key, value, isSet)
    if key == "GUID" then return true, item.guid end
    local ext = key:match("^P_EXT:(.+)$")
    if ext then
      if isSet then item.ext[ext] = value end
      return item.ext[ext] ~= nil, item.ext[ext] or ""
    end
    return false, ""
  end)

  -- Plug-ins.
  local function fxOf(tr, i)
    local fx = tr.fx[i + 1]
    if not fx then error("mock: no plug-in " .. i .. " on the track", 2) end
    return fx
  end
  function mock.addFx(tr, name)
    local paramNames = mock.plugins[name]
    if not paramNames then return nil end
    local fx = { name = name, guid = guid(nextId()), enabled = true, offline = false, params = {} }
    for i, p in ipairs(paramNames) do fx.params[i] = { name = p, value = 0.5 } end
    tr.fx[#tr.fx + 1] = fx
    tr.hadFx = true
    return fx
  end
  api("TrackFX_GetCount", function(tr) return #tr.fx end)
  api("TrackFX_GetFXName", function(tr, i) local fx = fxOf(tr, i) return true, fx.renamed or fx.name end)
  api("TrackFX_SetNamedConfigParm", function(tr, i, key, value)
    if key ~= "renamed_name" then return false end
    fxOf(tr, i).renamed = value ~= "" and value or nil
    return true
  end)
  api("TrackFX_GetFXGUID", function(tr, i) return fxOf(tr, i).guid end)
  api("TrackFX_GetEnabled", function(tr, i) return fxOf(tr, i).enabled end)
  api("TrackFX_SetEnabled", function(tr, i, on) fxOf(tr, i).enabled = on end)
  api("TrackFX_GetOffline", function(tr, i) return fxOf(tr, i).offline end)
  api("TrackFX_SetOffline", function(tr, i, off) fxOf(tr, i).offline = off end)
  api("TrackFX_GetPreset", function(tr, i)
    local fx = fxOf(tr, i)
    return fx.preset ~= nil, fx.preset or ""
  end)
  api("TrackFX_SetPreset", function(tr, i, name)
    if name == "missing" then return false end
    fxOf(tr, i).preset = name
    return true
  end)
  api("TrackFX_GetNamedConfigParm", function(tr, i, key)
    local fx = fxOf(tr, i)
    if key == "fx_ident" then return true, "ident:" .. fx.name end
    if key == "fx_type" then return true, fx.name:match("^(%w+):") or "" end
    if key == "fx_name" then return true, fx.name end
    return false, ""
  end)
  api("TrackFX_GetNumParams", function(tr, i) return #fxOf(tr, i).params end)
  api("TrackFX_GetParamName", function(tr, i, p) return true, fxOf(tr, i).params[p + 1].name end)
  api("TrackFX_GetParamNormalized", function(tr, i, p) return fxOf(tr, i).params[p + 1].value end)
  api("TrackFX_SetParamNormalized", function(tr, i, p, v) fxOf(tr, i).params[p + 1].value = v; return true end)
  api("TrackFX_GetFormattedParamValue", function(tr, i, p)
    return true, string.format("%.1f%%", fxOf(tr, i).params[p + 1].value * 100)
  end)
  api("TrackFX_AddByName", function(tr, name, _, instantiate)
    for i, fx in ipairs(tr.fx) do
      if instantiate >= 0 and fx.name == name then return i - 1 end
    end
    if instantiate == 0 then return -1 end
    if not mock.addFx(tr, name) then return -1 end
    return #tr.fx - 1
  end)
  api("TrackFX_Delete", function(tr, i)
    if not tr.fx[i + 1] then return false end
    table.remove(tr.fx, i + 1)
    return true
  end)
  api("TrackFX_CopyToTrack", function(src, i, dest, j, move)
    local fx = table.remove(src.fx, i + 1)
    if not move then table.insert(src.fx, i + 1, fx) end
    table.insert(dest.fx, j + 1, fx)
  end)

  -- Markers: indexes in timeline order, GUIDs stable.
  api("AddProjectMarker2", function(_, isrgn, pos, rgnend, name, wantidx, color)
    if pos ~= pos or pos < 0 or (isrgn and rgnend < pos) then return -1 end
    local used = {}
    for _, m in ipairs(mock.markers) do if m.rgn == isrgn then used[m.num] = true end end
    local num = wantidx
    if num < 0 or used[num] then
      num = 1
      while used[num] do num = num + 1 end
    end
    mock.markers[#mock.markers + 1] = { rgn = isrgn, pos = pos, rgnend = isrgn and rgnend or 0.0, name = name,
      num = num, color = color, guid = guid(nextId()), seq = nextId() }
    sortMarkers()
    return num
  end)
  api("EnumProjectMarkers3", function(_, idx)
    local m = mock.markers[idx + 1]
    if not m then return 0, false, 0.0, 0.0, "", 0, 0 end
    return idx + 1, m.rgn, m.pos, m.rgnend, m.name, m.num, m.color
  end)
  api("DeleteProjectMarkerByIndex", function(_, idx)
    if not mock.markers[idx + 1] then return false end
    table.remove(mock.markers, idx + 1)
    return true
  end)

  function mock.addTrack(name)
    local t = newTrack(name)
    mock.tracks[#mock.tracks + 1] = t
    return t
  end
  function mock.userMarker(pos, name, isrgn, rgnend)
    return r.AddProjectMarker2(0, isrgn or false, pos, rgnend or 0.0, name, -1, 0)
  end
  function mock.count(name)
    local n = 0
    for _, c in ipairs(mock.calls) do if c.name == name then n = n + 1 end end
    return n
  end
  function mock.callsOf(name)
    local list = {}
    for _, c in ipairs(mock.calls) do if c.name == name then list[#list + 1] = c.args end end
    return list
  end
  function mock.runDeferred()
    local fns = mock.deferred
    mock.deferred = {}
    for _, fn in ipairs(fns) do fn() end
  end

  return mock
end

return Mock
