-- tapeop_bridge.lua: tapeop's bridge inside REAPER.
--
-- A deferred ReaScript that answers tapeop's requests. Requests arrive through ExtState
-- mailboxes that tapeop writes over REAPER's web interface (/_/SET/EXTSTATE/...); each one is
-- handled by one of a fixed set of operations, inside an undo block when it changes the
-- project, and answered in another mailbox. The script never evaluates code it receives.
-- The protocol is described in packages/adapter-reaper/README.md ("The bridge protocol").
--
-- Runs on the Lua 5.3 of REAPER 6 and the Lua 5.4 of REAPER 7: no <const>/<close>, no
-- reliance on how a Lua version prints numbers (every number is formatted explicitly).
--
-- Installed as Scripts/tapeop_bridge.lua and registered in reaper-kb.ini as
--   SCR 4 0 TAPEOP_BRIDGE "Custom: tapeop_bridge.lua" tapeop_bridge.lua
-- which gives it the command id _TAPEOP_BRIDGE (the web interface can start it: /_/_TAPEOP_BRIDGE).

local BRIDGE_VERSION = "1.0.0"
local PROTOCOL = 1
local SECTION = "tapeop"             -- ExtState section of every mailbox
local PROJ_EXT = "tapeop"            -- project ext state: which markers are tapeop's
local EXT_SONG = "P_EXT:tapeop_song" -- track and item ext data: the song tapeop put there
local EXT_LAYOUT = "P_EXT:tapeop_layout"
local INLINE_LIMIT = 8000            -- bytes; longer replies travel through a file or in parts
local PART_SIZE = 8000
local REPLY_TTL = 120                -- seconds an unread reply is kept
local HEARTBEAT_EVERY = 0.25         -- seconds between heartbeat writes
local MAX_DEPTH = 64                 -- JSON nesting limit for received documents

local M = { version = BRIDGE_VERSION, protocol = PROTOCOL, section = SECTION }

------------------------------------------------------------------------------------------
-- Errors. Handlers raise a table {code, message, details}; anything else is a bug and is
-- reported as INTERNAL with a traceback.
------------------------------------------------------------------------------------------

local BridgeError = {}
BridgeError.__index = BridgeError
BridgeError.__tostring = function(e) return e.code .. ": " .. e.message end

local function fail(code, message, details)
  error(setmetatable({ code = code, message = message, details = details }, BridgeError), 0)
end
M.fail = fail

local function isBridgeError(e) return getmetatable(e) == BridgeError end

------------------------------------------------------------------------------------------
-- JSON (RFC 8259). Decoding keeps integers as Lua integers; null in arrays becomes json.null,
-- null members of objects are left out. Encoding writes every number with string.format so
-- that Lua 5.3 and 5.4 produce the same text.
------------------------------------------------------------------------------------------

local json = {}
json.null = setmetatable({}, { __tostring = function() return "null" end })
local ObjectMT = { __jsontype = "object" }
local ArrayMT = { __jsontype = "array" }
function json.object(t) return setmetatable(t or {}, ObjectMT) end
function json.array(t) return setmetatable(t or {}, ArrayMT) end

local escapes = {
  ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t',
}

local function quote(s)
  if utf8.len(s) == nil then
    -- Not UTF-8 (an old project's Latin-1 name, say): read it as Latin-1 rather than send
    -- bytes no JSON reader accepts.
    s = s:gsub("[\128-\255]", function(c) return utf8.char(c:byte()) end)
  end
  return '"' .. (s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format("\\u%04x", c:byte())
  end)) .. '"'
end

local function formatNumber(v)
  if v ~= v or v == math.huge or v == -math.huge then return "null" end
  if math.type(v) == "integer" then return string.format("%d", v) end
  if v == math.floor(v) and v > -9007199254740992 and v < 9007199254740992 then
    if v == 0 then return "0" end
    return string.format("%.0f", v)
  end
  -- %.17g round-trips every double; some C locales write a decimal comma.
  return (string.format("%.17g", v):gsub(",", "."))
end

local function isArray(t)
  local mt = getmetatable(t)
  if mt == ArrayMT then return true end
  if mt == ObjectMT then return false end
  local n = #t
  if n == 0 then return next(t) == nil end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

local encodeInto
encodeInto = function(v, out, depth)
  if depth > MAX_DEPTH then fail("INTERNAL", "reply nested too deeply") end
  local t = type(v)
  if v == nil or v == json.null then
    out[#out + 1] = "null"
  elseif t == "boolean" then
    out[#out + 1] = v and "true" or "false"
  elseif t == "number" then
    out[#out + 1] = formatNumber(v)
  elseif t == "string" then
    out[#out + 1] = quote(v)
  elseif t == "table" then
    if isArray(v) then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encodeInto(v[i], out, depth + 1)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do
        if type(k) ~= "string" then fail("INTERNAL", "object key is not a string: " .. tostring(k)) end
        keys[#keys + 1] = k
      end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = quote(k)
        out[#out + 1] = ":"
        encodeInto(v[k], out, depth + 1)
      end
      out[#out + 1] = "}"
    end
  else
    fail("INTERNAL", "cannot encode a " .. t .. " as JSON")
  end
end

function json.encode(v)
  local out = {}
  encodeInto(v, out, 0)
  return table.concat(out)
end

local simpleEscapes = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

function json.decode(text)
  if type(text) ~= "string" then fail("BAD_JSON", "expected JSON text, got " .. type(text)) end
  local pos = 1
  local len = #text

  local function bad(what)
    fail("BAD_JSON", what .. " at byte " .. pos .. " of " .. len)
  end
  local function skip()
    pos = text:find("[^ \t\r\n]", pos) or (len + 1)
  end

  local parseValue

  local function parseString()
    local parts = {}
    local i = pos + 1
    while true do
      local j = text:find('["\\\0-\31]', i)
      if not j then pos = i; bad("unterminated string") end
      parts[#parts + 1] = text:sub(i, j - 1)
      local c = text:sub(j, j)
      if c == '"' then
        pos = j + 1
        return table.concat(parts)
      elseif c == "\\" then
        local e = text:sub(j + 1, j + 1)
        if e == "u" then
          local hex = text:sub(j + 2, j + 5)
          if not hex:match("^%x%x%x%x$") then pos = j; bad("bad \\u escape") end
          local cp = tonumber(hex, 16)
          i = j + 6
          if cp >= 0xD800 and cp <= 0xDBFF then
            local low = text:match("^\\u(%x%x%x%x)", i)
            local lo = low and tonumber(low, 16)
            if lo and lo >= 0xDC00 and lo <= 0xDFFF then
              cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
              i = i + 6
            else
              cp = 0xFFFD -- a lone surrogate has no UTF-8 form
            end
          elseif cp >= 0xDC00 and cp <= 0xDFFF then
            cp = 0xFFFD
          end
          parts[#parts + 1] = utf8.char(cp)
        else
          local r = simpleEscapes[e]
          if not r then pos = j; bad("bad escape \\" .. e) end
          parts[#parts + 1] = r
          i = j + 2
        end
      else
        pos = j
        bad("control character in a string")
      end
    end
  end

  local function parseNumber()
    local s = text:match("^-?%d+", pos)
    if not s or s:match("^-?0%d") then bad("bad number") end
    local e = pos + #s
    local frac = text:match("^%.%d+", e)
    if frac then e = e + #frac end
    local exp = text:match("^[eE][-+]?%d+", e)
    if exp then e = e + #exp end
    local str = text:sub(pos, e - 1)
    pos = e
    local n = tonumber(str)
    if not n then bad("bad number") end
    if not frac and not exp then return math.tointeger(n) or n end
    return n + 0.0
  end

  parseValue = function(depth)
    if depth > MAX_DEPTH then bad("nested too deeply") end
    skip()
    local c = text:sub(pos, pos)
    if c == "{" then
      local obj = json.object()
      pos = pos + 1
      skip()
      if text:sub(pos, pos) == "}" then pos = pos + 1; return obj end
      while true do
        skip()
        if text:sub(pos, pos) ~= '"' then bad("expected a member name") end
        local key = parseString()
        skip()
        if text:sub(pos, pos) ~= ":" then bad("expected ':'") end
        pos = pos + 1
        local v = parseValue(depth + 1)
        if v ~= json.null then obj[key] = v end
        skip()
        local d = text:sub(pos, pos)
        pos = pos + 1
        if d == "}" then return obj end
        if d ~= "," then pos = pos - 1; bad("expected ',' or '}'") end
      end
    elseif c == "[" then
      local arr = json.array()
      pos = pos + 1
      skip()
      if text:sub(pos, pos) == "]" then pos = pos + 1; return arr end
      local n = 0
      while true do
        n = n + 1
        arr[n] = parseValue(depth + 1)
        skip()
        local d = text:sub(pos, pos)
        pos = pos + 1
        if d == "]" then return arr end
        if d ~= "," then pos = pos - 1; bad("expected ',' or ']'") end
      end
    elseif c == '"' then
      return parseString()
    elseif c == "-" or c:match("%d") then
      return parseNumber()
    elseif text:sub(pos, pos + 3) == "true" then
      pos = pos + 4; return true
    elseif text:sub(pos, pos + 4) == "false" then
      pos = pos + 5; return false
    elseif text:sub(pos, pos + 3) == "null" then
      pos = pos + 4; return json.null
    elseif c == "" then
      bad("unexpected end of text")
    else
      bad("unexpected character '" .. c .. "'")
    end
  end

  local value = parseValue(0)
  skip()
  if pos <= len then bad("text after the JSON value") end
  return value
end

M.json = json

------------------------------------------------------------------------------------------
-- Base64 (RFC 4648), for plug-in state: it travels as bytes, whatever they are.
------------------------------------------------------------------------------------------

local b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local b64enc, b64dec = {}, {}
for i = 1, 64 do
  b64enc[i - 1] = b64chars:sub(i, i)
  b64dec[b64chars:byte(i)] = i - 1
end

local base64 = {}

function base64.encode(s)
  local out = {}
  local n = #s
  for i = 1, n - 2, 3 do
    local a, b, c = s:byte(i, i + 2)
    local v = a * 65536 + b * 256 + c
    out[#out + 1] = b64enc[v // 262144] .. b64enc[(v // 4096) % 64] .. b64enc[(v // 64) % 64] .. b64enc[v % 64]
  end
  local rest = n % 3
  if rest == 1 then
    local a = s:byte(n)
    local v = a * 65536
    out[#out + 1] = b64enc[v // 262144] .. b64enc[(v // 4096) % 64] .. "=="
  elseif rest == 2 then
    local a, b = s:byte(n - 1, n)
    local v = a * 65536 + b * 256
    out[#out + 1] = b64enc[v // 262144] .. b64enc[(v // 4096) % 64] .. b64enc[(v // 64) % 64] .. "="
  end
  return table.concat(out)
end

function base64.decode(s, what)
  local clean = s:gsub("%s", "")
  if #clean % 4 ~= 0 or not clean:match("^[%w%+/]*=?=?$") then
    fail("BAD_ARGS", (what or "data") .. " is not base64")
  end
  local out = {}
  for i = 1, #clean, 4 do
    local c1, c2, c3, c4 = clean:byte(i, i + 3)
    local v = b64dec[c1] * 262144 + b64dec[c2] * 4096
    if c3 == 61 then
      out[#out + 1] = string.char(v // 65536)
    elseif c4 == 61 then
      v = v + b64dec[c3] * 64
      out[#out + 1] = string.char(v // 65536, (v // 256) % 256)
    else
      v = v + b64dec[c3] * 64 + b64dec[c4]
      out[#out + 1] = string.char(v // 65536, (v // 256) % 256, v % 256)
    end
  end
  return table.concat(out)
end

M.base64 = base64

------------------------------------------------------------------------------------------
-- Track state chunks: the <FXCHAIN> block of a <TRACK> chunk and the one segment per plug-in
-- inside it (from its BYPASS line up to the next BYPASS line or the chain's end).
------------------------------------------------------------------------------------------

local chunk = {}

function chunk.lines(text)
  local lines = {}
  for line in (text:gsub("\r\n", "\n") .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = line end
  if lines[#lines] == "" then lines[#lines] = nil end
  return lines
end

local function trimmed(line) return line:match("^%s*(.-)%s*$") end

-- Returns the first and last line of the <FXCHAIN> block directly inside the track, or nil.
function chunk.findFxChain(lines)
  local depth = 0
  local first
  for i, line in ipairs(lines) do
    local t = trimmed(line)
    if t:sub(1, 1) == "<" then
      depth = depth + 1
      if depth == 2 and (t == "<FXCHAIN" or t:match("^<FXCHAIN%s")) then first = i end
    elseif t == ">" then
      if first and depth == 2 then return first, i end
      depth = depth - 1
    end
  end
  return nil
end

-- Splits the chain's lines into its header and one list of lines per plug-in.
function chunk.fxSegments(lines, first, last)
  local header, segments = {}, {}
  local depth, current = 0, nil
  for i = first + 1, last - 1 do
    local line = lines[i]
    local t = trimmed(line)
    if depth == 0 and (t == "BYPASS" or t:match("^BYPASS%s")) then
      current = {}
      segments[#segments + 1] = current
    end
    if current then current[#current + 1] = line else header[#header + 1] = line end
    if t:sub(1, 1) == "<" then depth = depth + 1 elseif t == ">" then depth = depth - 1 end
  end
  return header, segments
end

M.chunk = chunk

------------------------------------------------------------------------------------------
-- Argument checks: every received value is checked before it reaches REAPER.
------------------------------------------------------------------------------------------

local function need(value, kind, name)
  if kind == "integer" then
    if type(value) ~= "number" or math.tointeger(value) == nil then
      fail("BAD_ARGS", name .. " must be a whole number")
    end
    return math.tointeger(value)
  end
  if kind == "number" then
    if type(value) ~= "number" or value ~= value or value == math.huge or value == -math.huge then
      fail("BAD_ARGS", name .. " must be a finite number")
    end
    return value + 0.0
  end
  if type(value) ~= kind then
    fail("BAD_ARGS", name .. " must be a " .. (kind == "table" and "list or object" or kind))
  end
  return value
end

local function optional(value, kind, name, default)
  if value == nil or value == json.null then return default end
  return need(value, kind, name)
end

------------------------------------------------------------------------------------------
-- REAPER helpers.
------------------------------------------------------------------------------------------

local function dbFromGain(g) if g <= 0 then return nil end return 20 * math.log(g, 10) end

local function trackString(tr, key)
  local ok, value = reaper.GetSetMediaTrackInfo_String(tr, key, "", false)
  if ok then return value end
  return ""
end

local function itemString(item, key)
  local ok, value = reaper.GetSetMediaItemInfo_String(item, key, "", false)
  if ok then return value end
  return ""
end

local function projectSampleRate()
  if reaper.GetSetProjectInfo(0, "PROJECT_SRATE_USE", 0, false) ~= 0 then
    local rate = reaper.GetSetProjectInfo(0, "PROJECT_SRATE", 0, false)
    if rate > 0 then return math.floor(rate + 0.5), "project" end
  end
  local ok, desc = reaper.GetAudioDeviceInfo("SRATE", "")
  local rate = ok and tonumber(desc)
  if rate and rate > 0 then return math.floor(rate + 0.5), "device" end
  return 44100, "default"
end

-- Every track with its GUID; index -1 is the master.
local function allTracks()
  local list = {}
  local master = reaper.GetMasterTrack(0)
  list[#list + 1] = { track = master, index = -1, guid = reaper.GetTrackGUID(master) }
  for i = 0, reaper.CountTracks(0) - 1 do
    local tr = reaper.GetTrack(0, i)
    list[#list + 1] = { track = tr, index = i, guid = reaper.GetTrackGUID(tr) }
  end
  return list
end

local function namedConfig(tr, fx, key)
  if not reaper.TrackFX_GetNamedConfigParm then return nil end
  local ok, value = reaper.TrackFX_GetNamedConfigParm(tr, fx, key)
  if ok and value ~= "" then return value end
  return nil
end

local function describeFx(tr, fx, withParams)
  local _, name = reaper.TrackFX_GetFXName(tr, fx, "")
  local presetOk, preset = reaper.TrackFX_GetPreset(tr, fx, "")
  local entry = json.object({
    index = fx,
    guid = reaper.TrackFX_GetFXGUID(tr, fx),
    name = name,
    enabled = reaper.TrackFX_GetEnabled(tr, fx),
    offline = reaper.TrackFX_GetOffline(tr, fx),
    ident = namedConfig(tr, fx, "fx_ident"),
    type = namedConfig(tr, fx, "fx_type"),
    originalName = namedConfig(tr, fx, "fx_name"),
    nparams = reaper.TrackFX_GetNumParams(tr, fx),
  })
  if preset ~= "" then
    entry.preset = preset
    entry.presetMatches = presetOk
  end
  if withParams == "values" then
    -- Values only: what a recall plan compares; a third of the calls of a full capture.
    local params = json.array()
    for p = 0, entry.nparams - 1 do
      params[#params + 1] = json.object({ i = p, n = reaper.TrackFX_GetParamNormalized(tr, fx, p) })
    end
    entry.params = params
  elseif withParams then
    local params = json.array()
    for p = 0, entry.nparams - 1 do
      local _, pname = reaper.TrackFX_GetParamName(tr, fx, p, "")
      local _, formatted = reaper.TrackFX_GetFormattedParamValue(tr, fx, p, "")
      params[#params + 1] = json.object({
        i = p,
        name = pname,
        n = reaper.TrackFX_GetParamNormalized(tr, fx, p),
        f = formatted,
      })
    end
    entry.params = params
  end
  return entry
end

local function describeItem(item)
  local entry = json.object({
    guid = itemString(item, "GUID"),
    position = reaper.GetMediaItemInfo_Value(item, "D_POSITION"),
    length = reaper.GetMediaItemInfo_Value(item, "D_LENGTH"),
    offset = 0,
  })
  local song = itemString(item, EXT_SONG)
  if song ~= "" then entry.songId = song end
  local take = reaper.GetActiveTake(item)
  if take then
    entry.offset = reaper.GetMediaItemTakeInfo_Value(take, "D_STARTOFFS")
    local ok, name = reaper.GetSetMediaItemTakeInfo_String(take, "P_NAME", "", false)
    if ok and name ~= "" then entry.name = name end
    local source = reaper.GetMediaItemTake_Source(take)
    if source then
      local file = reaper.GetMediaSourceFileName(source, "")
      if file ~= "" then entry.file = file end
    end
  end
  return entry
end

local function describeTrack(t, options)
  local tr = t.track
  local entry = json.object({
    guid = t.guid,
    index = t.index,
    name = t.index == -1 and "MASTER" or trackString(tr, "P_NAME"),
    vol = reaper.GetMediaTrackInfo_Value(tr, "D_VOL"),
    pan = reaper.GetMediaTrackInfo_Value(tr, "D_PAN"),
    width = reaper.GetMediaTrackInfo_Value(tr, "D_WIDTH"),
    mute = reaper.GetMediaTrackInfo_Value(tr, "B_MUTE") ~= 0,
    solo = math.floor(reaper.GetMediaTrackInfo_Value(tr, "I_SOLO")),
    phase = reaper.GetMediaTrackInfo_Value(tr, "B_PHASE") ~= 0,
    fxEnabled = reaper.GetMediaTrackInfo_Value(tr, "I_FXEN") ~= 0,
  })
  if t.index >= 0 then
    local song = trackString(tr, EXT_SONG)
    if song ~= "" then entry.songId = song end
    if trackString(tr, EXT_LAYOUT) ~= "" then entry.layout = trackString(tr, EXT_LAYOUT) end
  end
  if options.fx then
    local fx = json.array()
    for i = 0, reaper.TrackFX_GetCount(tr) - 1 do fx[#fx + 1] = describeFx(tr, i, options.params) end
    entry.fx = fx
  end
  if options.items and t.index >= 0 then
    local items = json.array()
    for i = 0, reaper.CountTrackMediaItems(tr) - 1 do
      items[#items + 1] = describeItem(reaper.GetTrackMediaItem(tr, i))
    end
    entry.items = items
  end
  if options.state then
    local ok, text = reaper.GetTrackStateChunk(tr, "", false)
    if not ok then fail("REAPER_FAILED", "REAPER did not give the state of track " .. entry.name) end
    local lines = chunk.lines(text)
    local first, last = chunk.findFxChain(lines)
    if first then
      local _, segments = chunk.fxSegments(lines, first, last)
      if entry.fx and #segments == #entry.fx then
        for i, segment in ipairs(segments) do
          entry.fx[i].state = base64.encode(table.concat(segment, "\n"))
        end
      end
    end
  end
  return entry
end

------------------------------------------------------------------------------------------
-- Markers: tapeop's own markers are the ones whose GUIDs are listed in the project ext state
-- (PROJ_EXT/"markers"); a rewrite removes exactly those and leaves every other marker alone.
------------------------------------------------------------------------------------------

local function enumerateMarkers()
  local list = {}
  local idx = 0
  while true do
    local retval, isrgn, pos, rgnend, name, number, color = reaper.EnumProjectMarkers3(0, idx)
    if retval == 0 then break end
    local _, guid = reaper.GetSetProjectInfo_String(0, "MARKER_GUID:" .. idx, "", false)
    list[#list + 1] = {
      idx = idx, rgn = isrgn, pos = pos, ["end"] = rgnend, name = name,
      num = math.floor(number), color = math.floor(color), guid = guid,
    }
    idx = idx + 1
  end
  return list
end

local function ownMarkerIndex()
  local _, text = reaper.GetProjExtState(0, PROJ_EXT, "markers")
  local byGuid = {}
  if text ~= "" then
    local ok, list = pcall(json.decode, text)
    if ok and type(list) == "table" then
      for _, m in ipairs(list) do
        if type(m) == "table" and type(m.guid) == "string" then byGuid[m.guid] = m end
      end
    end
  end
  return byGuid
end

local function snapToCdFrame(pos) return math.floor(pos * 75 + 0.5) / 75 end

local function isCdMarkerName(name)
  local c = name:sub(1, 1)
  return c == "#" or c == "!" or c == "@"
end

local function markerView(m, own)
  local view = json.object({
    idx = m.idx, guid = m.guid, num = m.num, rgn = m.rgn, pos = m.pos, name = m.name, color = m.color,
  })
  if m.rgn then view["end"] = m["end"] end
  local mine = own[m.guid]
  if mine then view.tapeop = json.object({ id = mine.id, kind = mine.kind }) end
  return view
end

------------------------------------------------------------------------------------------
-- Operations. Each is {mutates, undo, run(args, ctx)}; `run` returns the result table.
------------------------------------------------------------------------------------------

local ops = {}
M.ops = ops

ops.info = { run = function()
  local _, projfn = reaper.EnumProjects(-1)
  local rate, rateSource = projectSampleRate()
  return json.object({
    reaper = reaper.GetAppVersion(),
    os = reaper.GetOS and reaper.GetOS() or nil,
    resourcePath = reaper.GetResourcePath(),
    project = json.object({
      name = reaper.GetProjectName(0, ""),
      path = projfn or "",
      sampleRate = rate,
      sampleRateSource = rateSource,
      tracks = reaper.CountTracks(0),
    }),
    bridge = json.object({ version = BRIDGE_VERSION, protocol = PROTOCOL, folder = M.folder }),
  })
end }

ops.listTracks = { run = function(args)
  local options = {
    fx = optional(args.fx, "boolean", "fx", true),
    params = optional(args.params, "boolean", "params", false),
    items = optional(args.items, "boolean", "items", true),
  }
  local tracks = json.array()
  local rate = projectSampleRate()
  for _, t in ipairs(allTracks()) do
    if t.index >= 0 or optional(args.master, "boolean", "master", false) then
      tracks[#tracks + 1] = describeTrack(t, options)
    end
  end
  return json.object({ sampleRate = rate, tracks = tracks })
end }

local function deleteTapeopItems(tr)
  for i = reaper.CountTrackMediaItems(tr) - 1, 0, -1 do
    local item = reaper.GetTrackMediaItem(tr, i)
    if itemString(item, EXT_SONG) ~= "" then reaper.DeleteTrackMediaItem(tr, item) end
  end
end

local function newTrack(name)
  local count = reaper.CountTracks(0)
  reaper.InsertTrackAtIndex(count, true)
  local tr = reaper.GetTrack(0, count)
  if not tr then fail("REAPER_FAILED", "REAPER did not create a track for " .. name) end
  reaper.GetSetMediaTrackInfo_String(tr, "P_NAME", name, true)
  return tr
end

ops.loadSongs = { mutates = true, undo = "tapeop: load album", run = function(args)
  local layout = optional(args.layout, "string", "layout", "track-per-song")
  if layout ~= "track-per-song" and layout ~= "single-track" then
    fail("BAD_ARGS", "layout must be track-per-song or single-track, not " .. layout)
  end
  local songs = need(args.songs, "table", "songs")
  if #songs == 0 then fail("BAD_ARGS", "songs is empty: nothing to load") end
  -- Check everything before changing anything: a bad song never leaves half an album.
  local checked = {}
  for i, s in ipairs(songs) do
    local at = "songs[" .. i .. "]"
    need(s, "table", at)
    local song = {
      songId = need(s.songId, "string", at .. ".songId"),
      title = optional(s.title, "string", at .. ".title", ""),
      trackName = need(s.trackName, "string", at .. ".trackName"),
      file = need(s.file, "string", at .. ".file"),
      position = need(s.position, "number", at .. ".position"),
      length = need(s.length, "number", at .. ".length"),
      offset = optional(s.offset, "number", at .. ".offset", 0.0),
      gain = optional(s.gain, "number", at .. ".gain", nil),
      fadeIn = optional(s.fadeIn, "table", at .. ".fadeIn", nil),
      fadeOut = optional(s.fadeOut, "table", at .. ".fadeOut", nil),
    }
    if song.position < 0 then fail("BAD_ARGS", at .. ".position is before the project start") end
    if song.length <= 0 then fail("BAD_ARGS", at .. ".length must be above 0") end
    if song.offset < 0 then fail("BAD_ARGS", at .. ".offset must not be negative") end
    for _, fade in ipairs({ "fadeIn", "fadeOut" }) do
      if song[fade] then
        need(song[fade].length, "number", at .. "." .. fade .. ".length")
        optional(song[fade].shape, "integer", at .. "." .. fade .. ".shape", 0)
        optional(song[fade].curve, "number", at .. "." .. fade .. ".curve", 0)
      end
    end
    if not reaper.file_exists(song.file) then
      fail("FILE_NOT_FOUND", "REAPER cannot find the mix of " .. song.songId .. ": " .. song.file,
        json.object({ file = song.file, songId = song.songId }))
    end
    checked[i] = song
  end

  local warnings = json.array()
  local bySong, albumTrack = {}, nil
  for _, t in ipairs(allTracks()) do
    if t.index >= 0 then
      local song = trackString(t.track, EXT_SONG)
      if song ~= "" and not bySong[song] then bySong[song] = t.track end
      if not albumTrack and trackString(t.track, EXT_LAYOUT) == "album" then albumTrack = t.track end
    end
  end
  if layout == "single-track" then
    local name = optional(args.albumTrackName, "string", "albumTrackName", "Album")
    if not albumTrack then
      albumTrack = newTrack(name)
      reaper.GetSetMediaTrackInfo_String(albumTrack, EXT_LAYOUT, "album", true)
    end
    deleteTapeopItems(albumTrack)
  end

  local touched, touchedList = {}, {}
  for _, song in ipairs(checked) do
    local tr = albumTrack
    if layout == "track-per-song" then
      tr = bySong[song.songId]
      if not tr then
        tr = newTrack(song.trackName)
        reaper.GetSetMediaTrackInfo_String(tr, EXT_SONG, song.songId, true)
        bySong[song.songId] = tr
      else
        reaper.GetSetMediaTrackInfo_String(tr, "P_NAME", song.trackName, true)
      end
      if not touched[tr] then deleteTapeopItems(tr) end
    end
    if not touched[tr] then
      touched[tr] = true
      touchedList[#touchedList + 1] = tr
    end

    local item = reaper.AddMediaItemToTrack(tr)
    local take = reaper.AddTakeToMediaItem(item)
    local source = reaper.PCM_Source_CreateFromFile(song.file)
    if not source then fail("REAPER_FAILED", "REAPER could not open " .. song.file) end
    reaper.SetMediaItemTake_Source(take, source)
    reaper.SetMediaItemInfo_Value(item, "D_POSITION", song.position)
    reaper.SetMediaItemInfo_Value(item, "D_LENGTH", song.length)
    reaper.SetMediaItemTakeInfo_Value(take, "D_STARTOFFS", song.offset)
    reaper.GetSetMediaItemTakeInfo_String(take, "P_NAME", song.title ~= "" and song.title or song.songId, true)
    reaper.GetSetMediaItemInfo_String(item, EXT_SONG, song.songId, true)
    if song.gain then reaper.SetMediaItemInfo_Value(item, "D_VOL", 10 ^ (song.gain / 20)) end
    if song.fadeIn then
      reaper.SetMediaItemInfo_Value(item, "D_FADEINLEN", song.fadeIn.length + 0.0)
      reaper.SetMediaItemInfo_Value(item, "C_FADEINSHAPE", (optional(song.fadeIn.shape, "integer", "shape", 0)))
      reaper.SetMediaItemInfo_Value(item, "D_FADEINDIR", (optional(song.fadeIn.curve, "number", "curve", 0.0)))
    end
    if song.fadeOut then
      reaper.SetMediaItemInfo_Value(item, "D_FADEOUTLEN", song.fadeOut.length + 0.0)
      reaper.SetMediaItemInfo_Value(item, "C_FADEOUTSHAPE", (optional(song.fadeOut.shape, "integer", "shape", 0)))
      reaper.SetMediaItemInfo_Value(item, "D_FADEOUTDIR", (optional(song.fadeOut.curve, "number", "curve", 0.0)))
    end
    local sourceLength = reaper.GetMediaSourceLength(source)
    if sourceLength + 1e-6 < song.offset + song.length then
      warnings[#warnings + 1] = string.format(
        "%s: the file is %.3f s long but the item needs %.3f s from it; REAPER fills the rest with silence or a loop",
        song.songId, sourceLength, song.offset + song.length)
    end
  end

  local tracks = json.array()
  local rate = projectSampleRate()
  for _, t in ipairs(allTracks()) do
    if touched[t.track] then tracks[#tracks + 1] = describeTrack(t, { items = true }) end
  end
  return json.object({ sampleRate = rate, tracks = tracks, warnings = warnings })
end }

ops.readMarkers = { run = function()
  local own = ownMarkerIndex()
  local list = json.array()
  for _, m in ipairs(enumerateMarkers()) do list[#list + 1] = markerView(m, own) end
  return json.object({ sampleRate = (projectSampleRate()), markers = list })
end }

ops.writeMarkers = { mutates = true, undo = "tapeop: write CD markers", run = function(args)
  local wanted = need(args.markers, "table", "markers")
  local checked = {}
  for i, m in ipairs(wanted) do
    local at = "markers[" .. i .. "]"
    need(m, "table", at)
    local entry = {
      id = need(m.id, "string", at .. ".id"),
      kind = optional(m.kind, "string", at .. ".kind", "generic"),
      name = need(m.name, "string", at .. ".name"),
      pos = need(m.pos, "number", at .. ".pos"),
      rgn = optional(m.region, "boolean", at .. ".region", false),
      color = optional(m.color, "integer", at .. ".color", 0),
      snap = optional(m.snap, "boolean", at .. ".snap", false),
    }
    if entry.pos < 0 then fail("BAD_ARGS", at .. ".pos is before the project start") end
    if entry.rgn then
      entry["end"] = need(m["end"], "number", at .. ".end")
      if entry["end"] < entry.pos then fail("BAD_ARGS", at .. ".end is before its start") end
    end
    if entry.snap or isCdMarkerName(entry.name) then
      entry.pos = snapToCdFrame(entry.pos)
      if entry.rgn and entry.snap then entry["end"] = snapToCdFrame(entry["end"]) end
    end
    checked[i] = entry
  end

  -- Remove the markers tapeop wrote before (by GUID), from the last so indexes stay valid.
  local own = ownMarkerIndex()
  local existing = enumerateMarkers()
  local removed = 0
  for i = #existing, 1, -1 do
    if own[existing[i].guid] then
      if reaper.DeleteProjectMarkerByIndex(0, existing[i].idx) then removed = removed + 1 end
    end
  end

  local added = {}
  for i, m in ipairs(checked) do
    local num = reaper.AddProjectMarker2(0, m.rgn, m.pos, m.rgn and m["end"] or 0.0, m.name, -1, m.color)
    if num < 0 then fail("REAPER_FAILED", "REAPER refused marker " .. i .. " (" .. m.name .. ")") end
    m.num = num
    added[#added + 1] = m
  end

  -- Marker indexes shift as markers are added; the GUID is the identity that stays. Find each
  -- new marker by its kind, number and position, then record its GUID as tapeop's.
  local now = enumerateMarkers()
  local claimed = {}
  local record, written = json.array(), json.array()
  for _, m in ipairs(added) do
    local found
    for _, e in ipairs(now) do
      if not claimed[e.idx] and e.rgn == m.rgn and e.num == m.num and math.abs(e.pos - m.pos) < 1e-6 then
        found = e
        break
      end
    end
    if not found then fail("REAPER_FAILED", "marker " .. m.name .. " is not where it was written") end
    claimed[found.idx] = true
    record[#record + 1] = json.object({ guid = found.guid, id = m.id, kind = m.kind })
    local view = markerView(found, {})
    view.tapeop = json.object({ id = m.id, kind = m.kind })
    written[#written + 1] = view
  end
  reaper.SetProjExtState(0, PROJ_EXT, "markers", json.encode(record))
  return json.object({ written = written, removed = removed, sampleRate = (projectSampleRate()) })
end }

ops.captureSnapshot = { run = function(args)
  local detail = optional(args.detail, "string", "detail", "full")
  if detail ~= "full" and detail ~= "values" then fail("BAD_ARGS", "detail must be full or values, not " .. detail) end
  local options = {
    fx = true,
    params = optional(args.params, "boolean", "params", true) and (detail == "values" and "values" or true),
    state = optional(args.state, "boolean", "state", false),
    items = false,
  }
  local tracks, master = json.array(), nil
  for _, t in ipairs(allTracks()) do
    local entry = describeTrack(t, options)
    if t.index == -1 then master = entry else tracks[#tracks + 1] = entry end
  end
  local result = json.object({
    reaper = reaper.GetAppVersion(),
    project = reaper.GetProjectName(0, ""),
    sampleRate = (projectSampleRate()),
    tracks = tracks,
    master = master,
  })
  if optional(args.markers, "boolean", "markers", true) then
    local own = ownMarkerIndex()
    local list = json.array()
    for _, m in ipairs(enumerateMarkers()) do list[#list + 1] = markerView(m, own) end
    result.markers = list
  end
  return result
end }

-- Replaces one plug-in's segment in the track's <FXCHAIN> with `segment` (exact recall).
local function restoreFxSegment(tr, fx, segment)
  local ok, text = reaper.GetTrackStateChunk(tr, "", false)
  if not ok then fail("REAPER_FAILED", "REAPER did not give the track's state") end
  local lines = chunk.lines(text)
  local first, last = chunk.findFxChain(lines)
  if not first then fail("REAPER_FAILED", "the track has no plug-in chain to restore into") end
  local header, segments = chunk.fxSegments(lines, first, last)
  if #segments ~= reaper.TrackFX_GetCount(tr) then
    fail("REAPER_FAILED", "the track's plug-in chain does not match its state chunk")
  end
  segments[fx + 1] = segment
  local out = {}
  for i = 1, first do out[#out + 1] = lines[i] end
  for _, l in ipairs(header) do out[#out + 1] = l end
  for _, s in ipairs(segments) do for _, l in ipairs(s) do out[#out + 1] = l end end
  for i = last, #lines do out[#out + 1] = lines[i] end
  if not reaper.SetTrackStateChunk(tr, table.concat(out, "\n"), false) then
    fail("REAPER_FAILED", "REAPER refused the restored plug-in state")
  end
end

-- Recall plans (@tapeop/session's planRecall) address tracks and plug-ins by their position at
-- the moment each operation runs, with the GUID (else the name) to check it is the right one:
-- a mismatch means the project changed since the plan was made, and recall stops (CONFLICT)
-- rather than change the wrong track.
local function targetTrack(ref, at)
  need(ref, "table", at .. ".track")
  if ref.master then return reaper.GetMasterTrack(0), "the master bus" end
  local index = need(ref.index, "integer", at .. ".track.index")
  local tr = reaper.GetTrack(0, index)
  if not tr then fail("CONFLICT", at .. ": there is no track " .. (index + 1) .. " in the project") end
  local guid = optional(ref.guid, "string", at .. ".track.guid", nil)
  local name = optional(ref.name, "string", at .. ".track.name", nil)
  if guid then
    if reaper.GetTrackGUID(tr) ~= guid then
      fail("CONFLICT", at .. ": track " .. (index + 1) .. " is not the track the plan was made for (" .. (name or guid) .. ")")
    end
  elseif name and trackString(tr, "P_NAME") ~= name then
    fail("CONFLICT", at .. ": track " .. (index + 1) .. " is named " .. trackString(tr, "P_NAME") .. ", not " .. name)
  end
  return tr, "track " .. (index + 1) .. " (" .. (name or "") .. ")"
end

local function targetFx(tr, ref, at)
  need(ref, "table", at .. ".fx")
  local position = need(ref.position, "integer", at .. ".fx.position")
  if position < 0 or position >= reaper.TrackFX_GetCount(tr) then
    fail("CONFLICT", at .. ": there is no plug-in " .. (position + 1) .. " on the track")
  end
  local guid = optional(ref.guid, "string", at .. ".fx.guid", nil)
  if guid then
    if reaper.TrackFX_GetFXGUID(tr, position) ~= guid then
      fail("CONFLICT", at .. ": plug-in " .. (position + 1) .. " is not the one the plan was made for (" .. tostring(ref.name) .. ")")
    end
  else
    local _, name = reaper.TrackFX_GetFXName(tr, position, "")
    local ident = namedConfig(tr, position, "fx_ident")
    local original = namedConfig(tr, position, "fx_name")
    local matches = name == ref.name or (ref.ident and (ident == ref.ident or original == ref.ident or name == ref.ident))
    if not matches then
      fail("CONFLICT", at .. ": plug-in " .. (position + 1) .. " is " .. name .. ", not " .. tostring(ref.name))
    end
  end
  return position
end

local function setFxName(tr, fx, name, result)
  local _, current = reaper.TrackFX_GetFXName(tr, fx, "")
  if current == name then return end
  if reaper.TrackFX_SetNamedConfigParm and reaper.TrackFX_SetNamedConfigParm(tr, fx, "renamed_name", name) then return end
  result.warnings[#result.warnings + 1] = "this REAPER cannot rename plug-ins; " .. current .. " keeps its name (wanted " .. name .. ")"
end

local recallOps = {}

recallOps["add-track"] = function(op, at)
  local index = need(op.index, "integer", at .. ".index")
  if index < 0 or index > reaper.CountTracks(0) then fail("CONFLICT", at .. ": cannot insert a track at " .. (index + 1)) end
  reaper.InsertTrackAtIndex(index, true)
  local tr = reaper.GetTrack(0, index)
  reaper.GetSetMediaTrackInfo_String(tr, "P_NAME", need(op.name, "string", at .. ".name"), true)
  if op.songId ~= nil then reaper.GetSetMediaTrackInfo_String(tr, EXT_SONG, need(op.songId, "string", at .. ".songId"), true) end
end

recallOps["remove-track"] = function(op, at)
  reaper.DeleteTrack((targetTrack(op.track, at)))
end

recallOps["move-track"] = function(op, at)
  local tr = targetTrack(op.track, at)
  local from = op.track.index
  local to = need(op.to, "integer", at .. ".to")
  local count = reaper.CountTracks(0)
  if to < 0 or to >= count then fail("CONFLICT", at .. ": cannot move a track to " .. (to + 1)) end
  if from == to then return end
  -- ReorderSelectedTracks moves the selection: select only this track, then restore.
  local selected = {}
  for i = 0, count - 1 do
    local t = reaper.GetTrack(0, i)
    selected[t] = reaper.GetMediaTrackInfo_Value(t, "I_SELECTED") ~= 0
    reaper.SetMediaTrackInfo_Value(t, "I_SELECTED", t == tr and 1.0 or 0.0)
  end
  reaper.ReorderSelectedTracks(to < from and to or to + 1, 0)
  for t, on in pairs(selected) do reaper.SetMediaTrackInfo_Value(t, "I_SELECTED", on and 1.0 or 0.0) end
end

recallOps["rename-track"] = function(op, at)
  local tr = targetTrack(op.track, at)
  reaper.GetSetMediaTrackInfo_String(tr, "P_NAME", need(op.name, "string", at .. ".name"), true)
end

local trackSetters = {
  vol = { key = "D_VOL", kind = "number" },
  pan = { key = "D_PAN", kind = "number" },
  width = { key = "D_WIDTH", kind = "number" },
  mute = { key = "B_MUTE", kind = "boolean" },
  solo = { key = "I_SOLO", kind = "boolean" },
  phase = { key = "B_PHASE", kind = "boolean" },
}

recallOps["set-track"] = function(op, at)
  local tr = targetTrack(op.track, at)
  local set = need(op.set, "table", at .. ".set")
  for field, value in pairs(set) do
    local setter = trackSetters[field]
    if not setter then fail("BAD_ARGS", at .. ": unknown track field " .. tostring(field)) end
    local v = need(value, setter.kind, at .. ".set." .. field)
    if setter.kind == "boolean" then v = v and 1.0 or 0.0 end
    if field == "vol" and v < 0 then fail("BAD_ARGS", at .. ".set.vol must not be negative") end
    reaper.SetMediaTrackInfo_Value(tr, setter.key, v + 0.0)
  end
end

recallOps["add-fx"] = function(op, at, result)
  local tr = targetTrack(op.track, at)
  local names = need(op.names, "table", at .. ".names")
  local position = need(op.position, "integer", at .. ".position")
  local count = reaper.TrackFX_GetCount(tr)
  if position < 0 or position > count then fail("CONFLICT", at .. ": cannot insert a plug-in at " .. (position + 1)) end
  local index = -1
  for _, name in ipairs(names) do
    index = reaper.TrackFX_AddByName(tr, need(name, "string", at .. ".names[]"), false, -1)
    if index >= 0 then break end
  end
  if index < 0 then
    fail("NOT_FOUND", at .. ": REAPER has no plug-in named " .. table.concat(names, " or ") .. "; install it, or recall without it")
  end
  if index ~= position then reaper.TrackFX_CopyToTrack(tr, index, tr, position, true) end
  if op.name ~= nil then setFxName(tr, position, need(op.name, "string", at .. ".name"), result) end
end

recallOps["remove-fx"] = function(op, at)
  local tr = targetTrack(op.track, at)
  if not reaper.TrackFX_Delete(tr, targetFx(tr, op.fx, at)) then fail("REAPER_FAILED", at .. ": REAPER did not remove the plug-in") end
end

recallOps["move-fx"] = function(op, at)
  local tr = targetTrack(op.track, at)
  local from = targetFx(tr, op.fx, at)
  local to = need(op.to, "integer", at .. ".to")
  if to < 0 or to >= reaper.TrackFX_GetCount(tr) then fail("CONFLICT", at .. ": cannot move a plug-in to " .. (to + 1)) end
  if from ~= to then reaper.TrackFX_CopyToTrack(tr, from, tr, to, true) end
end

recallOps["rename-fx"] = function(op, at, result)
  local tr = targetTrack(op.track, at)
  setFxName(tr, targetFx(tr, op.fx, at), need(op.name, "string", at .. ".name"), result)
end

recallOps["set-fx-enabled"] = function(op, at)
  local tr = targetTrack(op.track, at)
  reaper.TrackFX_SetEnabled(tr, targetFx(tr, op.fx, at), need(op.enabled, "boolean", at .. ".enabled"))
end

recallOps["set-fx-offline"] = function(op, at)
  local tr = targetTrack(op.track, at)
  reaper.TrackFX_SetOffline(tr, targetFx(tr, op.fx, at), need(op.offline, "boolean", at .. ".offline"))
end

recallOps["set-fx-preset"] = function(op, at, result)
  local tr = targetTrack(op.track, at)
  local fx = targetFx(tr, op.fx, at)
  local preset = need(op.preset, "string", at .. ".preset")
  if not reaper.TrackFX_SetPreset(tr, fx, preset) then
    result.warnings[#result.warnings + 1] = at .. ": the plug-in has no preset " .. preset .. "; its parameters are set one by one"
  end
end

recallOps["set-fx-params"] = function(op, at)
  local tr = targetTrack(op.track, at)
  local fx = targetFx(tr, op.fx, at)
  local values = need(op.values, "table", at .. ".values")
  local count = reaper.TrackFX_GetNumParams(tr, fx)
  -- Check them all first: a bad value never leaves a half-set plug-in.
  for i, pair in ipairs(values) do
    local p = need(pair[1], "integer", at .. ".values[" .. i .. "][1]")
    local v = need(pair[2], "number", at .. ".values[" .. i .. "][2]")
    if p < 0 or p >= count then fail("BAD_ARGS", at .. ": parameter " .. p .. " is not on the plug-in (it has " .. count .. ")") end
    if v < 0 or v > 1 then fail("BAD_ARGS", at .. ": parameter " .. p .. ": normalized values are between 0 and 1") end
  end
  for _, pair in ipairs(values) do reaper.TrackFX_SetParamNormalized(tr, fx, pair[1], pair[2]) end
end

recallOps["restore-fx-state"] = function(op, at)
  local tr = targetTrack(op.track, at)
  local fx = targetFx(tr, op.fx, at)
  local segment = chunk.lines(base64.decode(need(op.state, "string", at .. ".state"), at .. ".state"))
  local firstLine = segment[1] and trimmed(segment[1]) or ""
  if not firstLine:match("^BYPASS") then
    fail("BAD_ARGS", at .. ".state is not a REAPER plug-in chunk (it does not start with BYPASS)")
  end
  restoreFxSegment(tr, fx, segment)
end

ops.applySnapshot = { mutates = true, undo = "tapeop: recall snapshot", run = function(args)
  local list = need(args.ops, "table", "ops")
  local result = { applied = 0, warnings = json.array() }
  for i, op in ipairs(list) do
    local at = "ops[" .. i .. "]"
    need(op, "table", at)
    local kind = need(op.op, "string", at .. ".op")
    local run = recallOps[kind]
    if not run then fail("BAD_ARGS", at .. ": unknown recall operation " .. kind) end
    run(op, at .. " (" .. kind .. ")", result)
    result.applied = result.applied + 1
  end
  return json.object(result)
end }

ops.getNotes = { run = function()
  return json.object({ text = reaper.GetSetProjectNotes(0, false, "") })
end }

ops.setNotes = { mutates = true, undo = "tapeop: project notes", run = function(args)
  reaper.GetSetProjectNotes(0, true, need(args.text, "string", "text"))
  return json.object({})
end }

ops.saveProject = { run = function()
  local _, projfn = reaper.EnumProjects(-1)
  if not projfn or projfn == "" then
    -- Saving an untitled project opens a Save As dialog in REAPER, which would block it.
    fail("NOT_SAVED", "the project has never been saved: save it once in REAPER (File > Save project as)")
  end
  reaper.Main_SaveProject(0, false)
  return json.object({ path = projfn })
end }

local renderFormats = { ddp = "ddp ", cue = "iso ", wav = "wave", flac = "flac" }

ops.setRender = { mutates = true, undo = "tapeop: render settings", run = function(args)
  local format = need(args.format, "string", "format")
  local sink = renderFormats[format]
  if not sink then fail("BAD_ARGS", "format must be ddp, cue, wav or flac, not " .. format) end
  local directory = need(args.directory, "string", "directory")
  local pattern = optional(args.pattern, "string", "pattern", format == "ddp" and "IMAGE.DAT" or "$project")
  reaper.GetSetProjectInfo_String(0, "RENDER_FORMAT", sink, true)
  reaper.GetSetProjectInfo_String(0, "RENDER_FILE", directory, true)
  reaper.GetSetProjectInfo_String(0, "RENDER_PATTERN", pattern, true)
  reaper.GetSetProjectInfo(0, "RENDER_BOUNDSFLAG", 1.0, true)
  reaper.GetSetProjectInfo(0, "RENDER_SRATE", optional(args.sampleRate, "number", "sampleRate", 44100.0), true)
  reaper.GetSetProjectInfo(0, "RENDER_CHANNELS", optional(args.channels, "number", "channels", 2.0), true)
  local _, targets = reaper.GetSetProjectInfo_String(0, "RENDER_TARGETS", "", false)
  return json.object({ format = sink, directory = directory, pattern = pattern, targets = targets })
end }

------------------------------------------------------------------------------------------
-- Requests: {"v":1,"id":"...","op":"...","args":{...}}; replies {"id","ok","result"|"error"}.
------------------------------------------------------------------------------------------

local function replyError(id, code, message, extra)
  local err = json.object({ code = code, message = message })
  if extra then for k, v in pairs(extra) do err[k] = v end end
  return json.object({ id = id, ok = false, error = err })
end

-- Runs one request (already decoded) and returns the reply table. Never raises.
function M.execute(request)
  local id = type(request) == "table" and type(request.id) == "string" and request.id or json.null
  if type(request) ~= "table" or type(request.op) ~= "string" then
    return replyError(id, "BAD_REQUEST", "a request needs an id and an op")
  end
  if request.v ~= PROTOCOL then
    return replyError(id, "BAD_REQUEST", "protocol version " .. tostring(request.v) ..
      " is not supported by bridge " .. BRIDGE_VERSION .. " (protocol " .. PROTOCOL .. "); update tapeop or the bridge")
  end
  local op = ops[request.op]
  if not op then
    return replyError(id, "UNKNOWN_OP", "the bridge has no operation " .. request.op)
  end
  local args = request.args
  if args == nil or args == json.null then args = json.object() end
  if type(args) ~= "table" then return replyError(id, "BAD_ARGS", "args must be an object") end

  local started = reaper.time_precise()
  if op.mutates then
    reaper.Undo_BeginBlock()
    reaper.PreventUIRefresh(1)
  end
  local ok, result = xpcall(op.run, function(e)
    if isBridgeError(e) then return e end
    return { internal = tostring(e), trace = debug.traceback(nil, 2) }
  end, args)
  if op.mutates then
    reaper.PreventUIRefresh(-1)
    reaper.UpdateArrange()
    reaper.Undo_EndBlock(op.undo, -1)
  end
  local ms = (reaper.time_precise() - started) * 1000
  if ok then
    return json.object({ id = id, ok = true, result = result, ms = ms })
  end
  if isBridgeError(result) then
    return replyError(id, result.code, result.message, result.details and { details = result.details } or nil)
  end
  return replyError(id, "INTERNAL", "the bridge failed in " .. request.op .. ": " .. result.internal,
    { trace = result.trace })
end

-- Decodes, runs and encodes; used by the mailbox and by tests.
function M.handle(text)
  local ok, request = pcall(json.decode, text)
  if not ok then
    local message = isBridgeError(request) and request.message or tostring(request)
    return json.encode(replyError(json.null, "BAD_JSON", "the request is not JSON: " .. message))
  end
  return json.encode(M.execute(request))
end

------------------------------------------------------------------------------------------
-- The mailbox. Keys in ExtState section "tapeop":
--   head          the id of the newest request (the doorbell)
--   req.<id>      a request; {"v","id","file"} or {"v","id","parts":n} when the body is elsewhere
--   req.<id>.<k>  part k of a request sent in parts
--   res.<id>      the reply; {"id","ok","file"} or {"id","ok","parts":n} when the body is elsewhere
--   res.<id>.<k>  part k of a reply sent in parts
--   alive         heartbeat: "<count> <unix time>"
--   bridge        {"version","protocol","folder","instance"} of the running bridge
--   instance      the running bridge's instance id (a second instance stops the first)
------------------------------------------------------------------------------------------

local ID_PATTERN = "^[%w_%-]+$"

local function normalizePath(p) return (p:gsub("\\", "/"):gsub("/+$", "")) end

-- The file of a request, which must be a plain file in the bridge folder.
function M.requestFilePath(id, file)
  local name = file:match("[^/\\]+$") or ""
  local dir = file:sub(1, #file - #name)
  if name ~= "req-" .. id .. ".json" then
    fail("BAD_PATH", "request file " .. file .. " is not named req-" .. id .. ".json")
  end
  if dir ~= "" and normalizePath(dir) ~= normalizePath(M.folder) then
    fail("BAD_PATH", "request file " .. file .. " is outside the bridge folder " .. M.folder)
  end
  return M.folder .. "/" .. name
end

local function readFile(path)
  local f, err = io.open(path, "rb")
  if not f then fail("FILE_NOT_FOUND", "cannot read " .. path .. ": " .. tostring(err)) end
  local text = f:read("a")
  f:close()
  return text
end

local function writeFileAtomic(path, text)
  local tmp = path .. ".tmp"
  local f, err = io.open(tmp, "wb")
  if not f then fail("IO_ERROR", "cannot write " .. tmp .. ": " .. tostring(err)) end
  f:write(text)
  f:close()
  os.remove(path)
  local ok, rerr = os.rename(tmp, path)
  if not ok then fail("IO_ERROR", "cannot rename " .. tmp .. ": " .. tostring(rerr)) end
end

local pendingReplies = {} -- id -> {at, parts, file}

local function get(key) return reaper.GetExtState(SECTION, key) end
local function set(key, value) reaper.SetExtState(SECTION, key, value, false) end
local function delete(key) reaper.DeleteExtState(SECTION, key, false) end

-- Reads the body of request `id` from its envelope; returns the request text.
local function requestBody(id, envelopeText)
  local envelope = json.decode(envelopeText)
  if type(envelope) ~= "table" then fail("BAD_REQUEST", "the request envelope is not an object") end
  if envelope.id ~= id then fail("BAD_REQUEST", "the request in req." .. id .. " carries id " .. tostring(envelope.id)) end
  if envelope.file ~= nil then
    local path = M.requestFilePath(id, need(envelope.file, "string", "file"))
    local text = readFile(path)
    os.remove(path)
    return text, envelope
  end
  if envelope.parts ~= nil then
    local n = need(envelope.parts, "integer", "parts")
    local parts = {}
    for k = 1, n do
      local part = get("req." .. id .. "." .. k)
      if part == "" then fail("BAD_REQUEST", "part " .. k .. " of " .. n .. " of request " .. id .. " is missing") end
      parts[k] = part
      delete("req." .. id .. "." .. k)
    end
    return table.concat(parts), envelope
  end
  return envelopeText, envelope
end

local function deliver(id, reply, mode)
  local text = json.encode(reply)
  local record = { at = os.time() }
  if #text <= INLINE_LIMIT or (mode ~= "file" and mode ~= "parts") then
    set("res." .. id, text)
  elseif mode == "file" then
    local path = M.folder .. "/res-" .. id .. ".json"
    writeFileAtomic(path, text)
    record.file = path
    set("res." .. id, json.encode(json.object({ id = id, ok = reply.ok, file = path, bytes = #text })))
  else
    local n = 0
    for k = 1, #text, PART_SIZE do
      n = n + 1
      set("res." .. id .. "." .. n, text:sub(k, k + PART_SIZE - 1))
    end
    record.parts = n
    set("res." .. id, json.encode(json.object({ id = id, ok = reply.ok, parts = n, bytes = #text })))
  end
  pendingReplies[id] = record
end

-- Handles the request `id` if it is waiting. Returns true when one was handled.
function M.serve(id)
  if not id:match(ID_PATTERN) or #id > 64 then
    delete("head")
    return false
  end
  local envelopeText = get("req." .. id)
  if envelopeText == "" then return false end
  delete("req." .. id)
  local mode = "inline"
  local ok, reply = pcall(function()
    local text, envelope = requestBody(id, envelopeText)
    if envelope.reply == "file" or envelope.reply == "parts" then mode = envelope.reply end
    local decodedOk, request = pcall(json.decode, text)
    if not decodedOk then
      return replyError(id, "BAD_JSON", "the request is not JSON: " .. (isBridgeError(request) and request.message or tostring(request)))
    end
    if type(request) == "table" and request.id ~= id then
      return replyError(id, "BAD_REQUEST", "the request body carries id " .. tostring(request.id) .. ", not " .. id)
    end
    if type(request) == "table" and (request.reply == "file" or request.reply == "parts") then mode = request.reply end
    return M.execute(request)
  end)
  if not ok then
    if isBridgeError(reply) then
      reply = replyError(id, reply.code, reply.message)
    else
      reply = replyError(id, "INTERNAL", tostring(reply))
    end
  end
  local delivered, err = pcall(deliver, id, reply, mode)
  if not delivered then
    set("res." .. id, json.encode(replyError(id, "IO_ERROR", "the reply could not be delivered: " ..
      (isBridgeError(err) and err.message or tostring(err)))))
  end
  return true
end

local function expireReplies(now)
  for id, record in pairs(pendingReplies) do
    if now - record.at > REPLY_TTL then
      delete("res." .. id)
      if record.parts then for k = 1, record.parts do delete("res." .. id .. "." .. k) end end
      if record.file then os.remove(record.file) end
      pendingReplies[id] = nil
    end
  end
end

local state = { running = false, beats = 0, lastBeat = -math.huge, instance = nil }

local function heartbeat(force)
  local now = reaper.time_precise()
  if force or now - state.lastBeat >= HEARTBEAT_EVERY then
    state.beats = state.beats + 1
    state.lastBeat = now
    set("alive", string.format("%d %d", state.beats, os.time()))
  end
end

-- One pass of the loop: answer the doorbell, keep the heartbeat, expire old replies.
function M.tick()
  if get("instance") ~= state.instance then
    -- Another instance of the bridge started: it owns the mailbox now.
    state.running = false
    return false
  end
  local head = get("head")
  if head ~= "" then M.serve(head) end
  heartbeat(false)
  expireReplies(os.time())
  return true
end

local function removeStaleFiles()
  if not reaper.EnumerateFiles then return end
  local stale = {}
  local i = 0
  while true do
    local name = reaper.EnumerateFiles(M.folder, i)
    if not name or name == "" then break end
    if name:match("^re[qs]%-[%w_%-]+%.json$") or name:match("%.json%.tmp$") then stale[#stale + 1] = name end
    i = i + 1
  end
  for _, name in ipairs(stale) do os.remove(M.folder .. "/" .. name) end
end

function M.setup()
  M.folder = normalizePath(reaper.GetResourcePath()) .. "/tapeop/mailbox"
  if reaper.RecursiveCreateDirectory(M.folder, 0) == 0 and not reaper.file_exists(M.folder) then
    -- file_exists is false for folders on some systems; the mailbox then works inline only.
    M.folderProblem = "could not create " .. M.folder
  end
  removeStaleFiles()
  math.randomseed(math.floor((reaper.time_precise() % 1) * 1e9) + os.time())
  state.instance = string.format("%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
  set("instance", state.instance)
  set("bridge", json.encode(json.object({
    version = BRIDGE_VERSION, protocol = PROTOCOL, folder = M.folder, instance = state.instance,
  })))
  state.running = true
  state.beats = 0
  heartbeat(true)
end

function M.shutdown()
  state.running = false
  if get("instance") == state.instance then
    delete("alive")
    delete("instance")
    delete("bridge")
  end
end

local function loop()
  if not state.running then return end
  local ok, err = xpcall(M.tick, debug.traceback)
  if not ok then set("lasterror", tostring(err)) end
  if state.running then reaper.defer(loop) end
end

function M.start()
  -- REAPER 7: relaunching the script ends the running instance and starts anew, without a dialog.
  if reaper.set_action_options then reaper.set_action_options(3) end
  M.setup()
  reaper.atexit(M.shutdown)
  loop()
end

-- Loaded as a library (tests) the script only returns its parts; run by REAPER it starts.
if not TAPEOP_BRIDGE_LIBRARY then M.start() end
return M
