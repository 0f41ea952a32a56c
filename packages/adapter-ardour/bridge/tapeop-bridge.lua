-- tapeop bridge for Ardour 7 (Lua 5.3 inside Ardour; also loads in plain Lua 5.3/5.4 for tests).
--
-- What Ardour's OSC surface cannot do (create tracks, place audio to the sample, list and edit
-- markers, read plug-in parameters) is done here, inside Ardour. The adapter writes one request
-- at a time as JSON into the mailbox folder (<Ardour config>/tapeop/mailbox/request.json); the
-- bridge reads it, deletes it, runs it and sends the answer back over OSC to the adapter's own
-- UDP port on this machine (127.0.0.1 only).
--
-- Only the operations in the `ops` table below exist. A request names one of them and carries
-- data (names, numbers, file paths), never code: nothing from the request is ever compiled or
-- evaluated.
--
-- In the GUI, this file is the body of a Lua action script bound to an action slot and run by
-- OSC /access_action "LuaAction/script-N"; headless (ardour7-lua), tapeop-serve.lua polls the
-- mailbox. Both call bridge.poll(env).

local bridge = { VERSION = "1" }

---------------------------------------------------------------------------------------------
-- JSON: a strict decoder (requests) and an encoder (answers)
---------------------------------------------------------------------------------------------

local json = {}
bridge.json = json

local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
                  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format('\\u%04x', c:byte())
  end) .. '"'
end

local function is_array(t)
  if getmetatable(t) == json.array_mt then return true end
  local n = 0
  for k in pairs(t) do
    if type(k) ~= 'number' or k < 1 or math.floor(k) ~= k then return false end
    n = n + 1
  end
  for i = 1, n do if t[i] == nil then return false end end
  return n > 0
end

json.array_mt = {}
function json.array(t) return setmetatable(t or {}, json.array_mt) end
json.null = setmetatable({}, { __tostring = function() return 'null' end })

function json.encode(value)
  local t = type(value)
  if value == nil or value == json.null then return 'null'
  elseif t == 'boolean' then return value and 'true' or 'false'
  elseif t == 'number' then
    if value ~= value or value == math.huge or value == -math.huge then return 'null' end
    if math.type and math.type(value) == 'integer' then return string.format('%d', value) end
    if value == math.floor(value) and math.abs(value) < 2^53 then return string.format('%.0f', value) end
    return string.format('%.17g', value)
  elseif t == 'string' then return encode_string(value)
  elseif t == 'table' then
    local out = {}
    if is_array(value) then
      for i = 1, #value do out[i] = json.encode(value[i]) end
      return '[' .. table.concat(out, ',') .. ']'
    end
    local keys = {}
    for k in pairs(value) do
      if type(k) ~= 'string' then error('json: object keys must be strings') end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    for i, k in ipairs(keys) do out[i] = encode_string(k) .. ':' .. json.encode(value[k]) end
    return '{' .. table.concat(out, ',') .. '}'
  end
  error('json: cannot encode a ' .. t)
end

local function utf8_char(code)
  if utf8 and utf8.char then return utf8.char(code) end
  error('json: \\u escapes need Lua 5.3')
end

-- Decodes one JSON text. Errors name the byte offset: "json: offset 12: ...".
function json.decode(text)
  if type(text) ~= 'string' then error('json: the request is not text') end
  local pos = 1
  local function fail(msg) error(string.format('json: offset %d: %s', pos - 1, msg), 0) end
  local function space() pos = text:find('[^ \t\r\n]', pos) or (#text + 1) end
  local value
  local function literal(word, result)
    if text:sub(pos, pos + #word - 1) ~= word then fail('unexpected text') end
    pos = pos + #word
    return result
  end
  local function str()
    pos = pos + 1
    local parts = {}
    while true do
      local c = text:sub(pos, pos)
      if c == '' then fail('a string is never closed') end
      if c == '"' then pos = pos + 1; return table.concat(parts) end
      if c:byte() < 32 then fail('a control character inside a string') end
      if c == '\\' then
        local e = text:sub(pos + 1, pos + 1)
        local simple = ({ ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' })[e]
        if simple then parts[#parts + 1] = simple; pos = pos + 2
        elseif e == 'u' then
          local hex = text:sub(pos + 2, pos + 5)
          if not hex:match('^%x%x%x%x$') then fail('a bad \\u escape') end
          local code = tonumber(hex, 16)
          pos = pos + 6
          if code >= 0xD800 and code <= 0xDBFF then
            local low = text:sub(pos, pos + 5)
            if not low:match('^\\u[dD][c-fC-F]%x%x$') then fail('a lone surrogate in a \\u escape') end
            code = 0x10000 + (code - 0xD800) * 0x400 + (tonumber(low:sub(3), 16) - 0xDC00)
            pos = pos + 6
          elseif code >= 0xDC00 and code <= 0xDFFF then fail('a lone surrogate in a \\u escape') end
          parts[#parts + 1] = utf8_char(code)
        else fail('a bad escape in a string') end
      else
        local stop = text:find('["\\%c]', pos) or (#text + 1)
        parts[#parts + 1] = text:sub(pos, stop - 1)
        pos = stop
      end
    end
  end
  local function number()
    local s, e = text:find('^-?%d+%.?%d*[eE]?[-+]?%d*', pos)
    local token = s and text:sub(s, e)
    if not token or not token:match('^-?0$') and not token:match('^-?[1-9]') and not token:match('^-?0[%.eE]')
       or not token:match('^-?%d+%.?%d*$') and not token:match('^-?%d+%.?%d*[eE][-+]?%d+$')
       or token:match('%.$') or token:match('%.[eE]') then
      fail('a malformed number')
    end
    pos = e + 1
    return math.tointeger and math.tointeger(tonumber(token)) or tonumber(token)
  end
  local depth = 0
  function value()
    space()
    local c = text:sub(pos, pos)
    if c == '{' then
      depth = depth + 1
      if depth > 64 then fail('the request is nested too deeply') end
      pos = pos + 1
      local obj = {}
      space()
      if text:sub(pos, pos) == '}' then pos = pos + 1; depth = depth - 1; return obj end
      while true do
        space()
        if text:sub(pos, pos) ~= '"' then fail('an object key must be a string') end
        local k = str()
        space()
        if text:sub(pos, pos) ~= ':' then fail('":" expected after an object key') end
        pos = pos + 1
        obj[k] = value()
        space()
        local d = text:sub(pos, pos)
        pos = pos + 1
        if d == '}' then depth = depth - 1; return obj end
        if d ~= ',' then pos = pos - 1; fail('"," or "}" expected in an object') end
      end
    elseif c == '[' then
      depth = depth + 1
      if depth > 64 then fail('the request is nested too deeply') end
      pos = pos + 1
      local arr = json.array()
      space()
      if text:sub(pos, pos) == ']' then pos = pos + 1; depth = depth - 1; return arr end
      while true do
        arr[#arr + 1] = value()
        space()
        local d = text:sub(pos, pos)
        pos = pos + 1
        if d == ']' then depth = depth - 1; return arr end
        if d ~= ',' then pos = pos - 1; fail('"," or "]" expected in an array') end
      end
    elseif c == '"' then return str()
    elseif c == 't' then return literal('true', true)
    elseif c == 'f' then return literal('false', false)
    elseif c == 'n' then return literal('null', json.null)
    elseif c == '-' or c:match('%d') then return number()
    elseif c == '' then fail('the text ends where a value was expected')
    else fail('unexpected character "' .. c .. '"') end
  end
  local result = value()
  space()
  if pos <= #text then fail('text after the JSON value') end
  return result
end

---------------------------------------------------------------------------------------------
-- Checking request arguments
---------------------------------------------------------------------------------------------

local BridgeError = {}
BridgeError.__index = BridgeError
local function reject(code, message) error(setmetatable({ code = code, message = message }, BridgeError), 0) end

local function need(tbl, key, kind, where)
  local v = tbl[key]
  if kind == 'integer' then
    if type(v) ~= 'number' or v ~= math.floor(v) then reject('INVALID_ARGUMENT', where .. '.' .. key .. ' must be a whole number') end
    return math.tointeger and math.tointeger(v) or v
  elseif kind == 'number' then
    if type(v) ~= 'number' or v ~= v then reject('INVALID_ARGUMENT', where .. '.' .. key .. ' must be a number') end
  elseif kind == 'string' then
    if type(v) ~= 'string' then reject('INVALID_ARGUMENT', where .. '.' .. key .. ' must be text') end
  elseif kind == 'boolean' then
    if type(v) ~= 'boolean' then reject('INVALID_ARGUMENT', where .. '.' .. key .. ' must be true or false') end
  elseif kind == 'list' then
    if type(v) ~= 'table' then reject('INVALID_ARGUMENT', where .. '.' .. key .. ' must be a list') end
  elseif kind == 'object' then
    if type(v) ~= 'table' then reject('INVALID_ARGUMENT', where .. '.' .. key .. ' must be an object') end
  end
  return v
end

local function optional(tbl, key, kind, where)
  if tbl[key] == nil or tbl[key] == json.null then return nil end
  return need(tbl, key, kind, where)
end

---------------------------------------------------------------------------------------------
-- Reading Ardour's state
---------------------------------------------------------------------------------------------

local FLAG_NAMES = {
  { 0x1, 'IsMark' }, { 0x2, 'IsAutoPunch' }, { 0x4, 'IsAutoLoop' }, { 0x8, 'IsHidden' },
  { 0x10, 'IsCDMarker' }, { 0x20, 'IsRangeMarker' }, { 0x40, 'IsSessionRange' }, { 0x80, 'IsSkip' },
  { 0x100, 'IsSkipping' }, { 0x200, 'IsClockOrigin' }, { 0x400, 'IsXrun' }, { 0x800, 'IsCueMarker' },
}

local function flag_names(flags)
  local out = json.array()
  for _, f in ipairs(FLAG_NAMES) do
    if flags & f[1] ~= 0 then out[#out + 1] = f[2] end
  end
  return out
end

local function route_id(route) return route:to_stateful():id():to_s() end

local function find_route(S, id, where)
  local route = S:route_by_id(PBD.ID(id))
  if route:isnil() then reject('NOT_FOUND', where .. ': there is no track with id ' .. id) end
  return route
end

local function source_path(region)
  local src = region:source(0)
  if src:isnil() then return nil end
  local fs = src:to_filesource()
  if fs:isnil() then return nil end
  return fs:path()
end

local function describe_region(region)
  local ar = region:to_audioregion()
  return {
    id = region:to_stateful():id():to_s(),
    name = region:name(),
    position = region:position():samples(),
    start = region:start():samples(),
    length = region:length():samples(),
    channels = ar:isnil() and 0 or ar:n_channels(),
    gain = ar:isnil() and 1 or ar:scale_amplitude(),
    fadeInActive = not ar:isnil() and ar:fade_in_active() or false,
    fadeOutActive = not ar:isnil() and ar:fade_out_active() or false,
    source = source_path(region) or json.null,
  }
end

local function tracks_in_order(S)
  local list = {}
  for route in S:get_routes():iter() do
    if not route:is_master() and not route:is_monitor() then list[#list + 1] = route end
  end
  table.sort(list, function(a, b)
    return a:presentation_info_ptr():order() < b:presentation_info_ptr():order()
  end)
  return list
end

local function describe_track(route)
  local track = route:to_track()
  local regions = json.array()
  if not track:isnil() then
    for region in track:playlist():region_list():iter() do regions[#regions + 1] = describe_region(region) end
    table.sort(regions, function(a, b) return a.position < b.position end)
  end
  return {
    id = route_id(route),
    name = route:name(),
    order = route:presentation_info_ptr():order(),
    isTrack = not track:isnil(),
    inputs = route:n_inputs():n_audio(),
    outputs = route:n_outputs():n_audio(),
    regions = regions,
  }
end

local function db(gain)
  if gain <= 0 then return json.null end
  return 20 * math.log(gain, 10)
end

local function strip_state(route)
  local pan = route:pan_azimuth_control()
  local width = route:pan_width_control()
  local phase = route:phase_control()
  local inverted = false
  if not phase:isnil() then
    for c = 0, route:n_inputs():n_audio() - 1 do
      if phase:inverted(c) then inverted = true end
    end
  end
  return {
    gainDb = db(route:gain_control():get_value()),
    mute = route:muted(),
    solo = route:soloed(),
    azimuth = pan:isnil() and json.null or pan:get_value(),
    width = width:isnil() and json.null or width:get_value(),
    phaseInvert = inverted,
  }
end

local PLUGIN_TYPES = { [0] = 'AudioUnit', 'LADSPA', 'LV2', 'Windows_VST', 'LXVST', 'MacVST', 'Lua', 'VST3' }

-- The value of a parameter on a 0..1 scale, the way Ardour's own controls scale it.
local function normalize(desc, value)
  local lower, upper = desc.lower, desc.upper
  if upper <= lower then return 0 end
  if desc.toggled then return value > (lower + upper) / 2 and 1 or 0 end
  if desc.logarithmic and lower > 0 then return math.log(value / lower) / math.log(upper / lower) end
  return (value - lower) / (upper - lower)
end

local function denormalize(desc, n)
  local lower, upper = desc.lower, desc.upper
  if n < 0 then n = 0 elseif n > 1 then n = 1 end
  if desc.toggled then return n >= 0.5 and upper or lower end
  local v
  if desc.logarithmic and lower > 0 then v = lower * (upper / lower) ^ n
  else v = lower + n * (upper - lower) end
  if desc.integer_step or desc.enumeration then v = math.floor(v + 0.5) end
  return v
end

-- The nth control input of a plug-in: its port id and descriptor, or nil past the last one.
local function control_input(proc, plugin, n)
  local ok, _, _, desc = pcall(ARDOUR.LuaAPI.plugin_automation, proc, n)
  if not ok then
    if tostring(_):find('not an input') then return false end
    return nil
  end
  local control = plugin:nth_parameter(n, false)
  return control, desc
end

local function describe_plugins(route)
  local out = json.array()
  local i = 0
  while true do
    local proc = route:nth_plugin(i)
    if proc:isnil() then break end
    local insert = proc:to_insert()
    local plugin = insert:plugin(0)
    local params = json.array()
    for n = 0, plugin:parameter_count() - 1 do
      local control, desc = control_input(proc, plugin, n)
      if control == nil then break end
      if control then
        local value = ARDOUR.LuaAPI.get_processor_param(proc, n, true)
        params[#params + 1] = {
          index = n,
          name = plugin:parameter_label(control),
          value = value,
          normalized = normalize(desc, value),
          lower = desc.lower,
          upper = desc.upper,
        }
      end
    end
    out[#out + 1] = {
      index = i,
      id = proc:to_stateful():id():to_s(),
      name = proc:display_name(),
      uniqueId = plugin:unique_id(),
      maker = plugin:maker(),
      type = PLUGIN_TYPES[insert:type()] or 'unknown',
      enabled = insert:enabled(),
      params = params,
    }
    i = i + 1
  end
  return out
end

local function whole_file_regions()
  local out = json.array()
  for id, region in ARDOUR.RegionFactory.regions():iter() do
    if region:whole_file() then
      local ar = region:to_audioregion()
      if not ar:isnil() then
        out[#out + 1] = {
          id = id:to_s(),
          name = region:name(),
          source = source_path(region) or json.null,
          channels = ar:n_channels(),
          length = region:length():samples(),
        }
      end
    end
  end
  return out
end

---------------------------------------------------------------------------------------------
-- The operations
---------------------------------------------------------------------------------------------

local FADE_SHAPES = {
  linear = 'FadeLinear', ['equal-power'] = 'FadeConstantPower', exponential = 'FadeFast',
  logarithmic = 'FadeSlow', ['s-curve'] = 'FadeSymmetric',
}

local ops = {}
bridge.ops = ops

ops['describe'] = function(env)
  local S = env.session
  return {
    bridge = bridge.VERSION,
    ardour = ARDOUR.revision,
    gui = env.editor ~= nil,
    session = { name = S:name(), path = S:path(), snapshot = S:snap_name(), sampleRate = S:nominal_sample_rate() },
  }
end

ops['tracks.list'] = function(env)
  local out = json.array()
  for _, route in ipairs(tracks_in_order(env.session)) do out[#out + 1] = describe_track(route) end
  return out
end

-- args: { tracks = [{ name, channels, id? }] }: finds each track (by id, else by name) or
-- creates it with that many inputs; returns [{ id, name, created }] in the same order.
ops['tracks.ensure'] = function(env, args)
  local S = env.session
  local out = json.array()
  for i, spec in ipairs(need(args, 'tracks', 'list', 'args')) do
    local where = 'tracks[' .. (i - 1) .. ']'
    local name = need(spec, 'name', 'string', where)
    local channels = need(spec, 'channels', 'integer', where)
    if channels < 1 or channels > 2 then reject('INVALID_ARGUMENT', where .. '.channels must be 1 or 2') end
    local id = optional(spec, 'id', 'string', where)
    local route = id and S:route_by_id(PBD.ID(id)) or nil
    if route and route:isnil() then route = nil end
    if not route then
      local named = S:route_by_name(name)
      if not named:isnil() then route = named end
    end
    local created = false
    if not route then
      local list = S:new_audio_track(channels, 2, nil, 1, name, ARDOUR.PresentationInfo.max_order,
                                     ARDOUR.TrackMode.Normal, true, false)
      for r in list:iter() do route = r end
      if not route then reject('DAW_REJECTED', 'Ardour did not create the track "' .. name .. '"') end
      created = true
    elseif route:name() ~= name then
      route:set_name(name)
    end
    out[#out + 1] = { id = route_id(route), name = route:name(), created = created, inputs = route:n_inputs():n_audio() }
  end
  return out
end

ops['regions.whole'] = function() return whole_file_regions() end

-- GUI only: imports one file as a whole-file region (Ardour converts its sample rate and copies
-- it into the session) and returns that region. args: { file }
ops['media.import'] = function(env, args)
  local file = need(args, 'file', 'string', 'args')
  if not env.editor then reject('UNSUPPORTED', 'importing needs the Ardour editor (GUI); headless Ardour cannot import') end
  local f = io.open(file, 'rb')
  if not f then reject('FILE_NOT_FOUND', 'Ardour cannot open ' .. file) end
  f:close()
  local before = {}
  for _, r in ipairs(whole_file_regions()) do before[r.id] = true end
  local files = C.StringVector()
  files:push_back(file)
  env.editor:do_import(files, Editing.ImportDistinctFiles, Editing.ImportAsRegion, ARDOUR.SrcQuality.SrcBest,
    ARDOUR.MidiTrackNameSource.SMFTrackName, ARDOUR.MidiTempoMapDisposition.SMFTempoIgnore,
    Temporal.timepos_t(0), ARDOUR.PluginInfo(), ARDOUR.Track(), false)
  for _, r in ipairs(whole_file_regions()) do
    if not before[r.id] then return r end
  end
  reject('DAW_REJECTED', 'Ardour did not import ' .. file)
end

-- args: { tracks = [{ id, clear, regions = [{ wholeRegionId, position, start, length, gain,
--   fadeIn = { length, shape }?, fadeOut = ...? }] }], sessionEnd? }
ops['regions.place'] = function(env, args)
  local S = env.session
  local out = json.array()
  for i, spec in ipairs(need(args, 'tracks', 'list', 'args')) do
    local where = 'tracks[' .. (i - 1) .. ']'
    local route = find_route(S, need(spec, 'id', 'string', where), where)
    local track = route:to_track()
    if track:isnil() then reject('INVALID_ARGUMENT', where .. ': "' .. route:name() .. '" is a bus, not a track') end
    local playlist = track:playlist()
    if optional(spec, 'clear', 'boolean', where) then
      local old = {}
      for region in playlist:region_list():iter() do old[#old + 1] = region end
      for _, region in ipairs(old) do playlist:remove_region(region) end
    end
    for j, r in ipairs(need(spec, 'regions', 'list', where)) do
      local rw = where .. '.regions[' .. (j - 1) .. ']'
      local whole = ARDOUR.RegionFactory.region_by_id(PBD.ID(need(r, 'wholeRegionId', 'string', rw)))
      if whole:isnil() then reject('NOT_FOUND', rw .. ': the audio file is not in the session (no region ' .. r.wholeRegionId .. ')') end
      local position = need(r, 'position', 'integer', rw)
      local start = need(r, 'start', 'integer', rw)
      local length = need(r, 'length', 'integer', rw)
      if position < 0 or start < 0 or length < 1 or start + length > whole:length():samples() then
        reject('INVALID_ARGUMENT', rw .. ': start ' .. start .. ' + length ' .. length .. ' does not fit the file (' .. whole:length():samples() .. ' samples)')
      end
      local region = ARDOUR.RegionFactory.clone_region(whole, true, false)
      -- Length first: Ardour refuses a start that would put the end past the source.
      region:set_length(Temporal.timecnt_t(length))
      region:set_start(Temporal.timepos_t(start))
      local ar = region:to_audioregion()
      ar:set_scale_amplitude(optional(r, 'gain', 'number', rw) or 1)
      local fadeIn, fadeOut = optional(r, 'fadeIn', 'object', rw), optional(r, 'fadeOut', 'object', rw)
      if fadeIn then
        ar:set_fade_in_length(need(fadeIn, 'length', 'integer', rw .. '.fadeIn'))
        ar:set_fade_in_shape(ARDOUR.FadeShape[FADE_SHAPES[fadeIn.shape] or 'FadeLinear'])
        ar:set_fade_in_active(true)
      else
        ar:set_fade_in_active(false)
      end
      if fadeOut then
        ar:set_fade_out_length(need(fadeOut, 'length', 'integer', rw .. '.fadeOut'))
        ar:set_fade_out_shape(ARDOUR.FadeShape[FADE_SHAPES[fadeOut.shape] or 'FadeLinear'])
        ar:set_fade_out_active(true)
      else
        ar:set_fade_out_active(false)
      end
      playlist:add_region(region, Temporal.timepos_t(position), 1, false)
    end
    out[#out + 1] = describe_track(route)
  end
  local finish = optional(args, 'sessionEnd', 'integer', 'args')
  if finish then
    -- a plain pointer in Lua: nil when the session has no range yet
    local range = S:locations():session_range_location()
    if range then range:set(Temporal.timepos_t(0), Temporal.timepos_t(finish)) end
  end
  return out
end

ops['locations.list'] = function(env)
  local out = json.array()
  for loc in env.session:locations():list():iter() do
    out[#out + 1] = { name = loc:name(), start = loc:start():samples(), ['end'] = loc:_end():samples(), flags = flag_names(loc:flags()) }
  end
  table.sort(out, function(a, b) return a.start < b.start end)
  return out
end

-- Finds a location by name, kind (range or not) and where it starts (nearest wins).
local function find_location(S, name, range, start)
  local best, distance
  for loc in S:locations():list():iter() do
    if loc:name() == name and loc:is_range_marker() == range and not loc:is_session_range() then
      local d = math.abs(loc:start():samples() - start)
      if not best or d < distance then best, distance = loc, d end
    end
  end
  return best
end

-- args: { remove = [{ name, range, start }] }: removes those markers and ranges.
ops['locations.remove'] = function(env, args)
  local S = env.session
  local removed = 0
  for i, spec in ipairs(need(args, 'remove', 'list', 'args')) do
    local where = 'remove[' .. (i - 1) .. ']'
    local loc = find_location(S, need(spec, 'name', 'string', where), need(spec, 'range', 'boolean', where),
      need(spec, 'start', 'integer', where))
    if loc then S:locations():remove(loc); removed = removed + 1 end
  end
  return { removed = removed }
end

-- args: { ranges = [{ name, start, end }] }: adds range markers.
ops['locations.add_ranges'] = function(env, args)
  local S = env.session
  local out = json.array()
  for i, spec in ipairs(need(args, 'ranges', 'list', 'args')) do
    local where = 'ranges[' .. (i - 1) .. ']'
    local start, finish = need(spec, 'start', 'integer', where), need(spec, 'end', 'integer', where)
    if start < 0 or finish <= start then reject('INVALID_ARGUMENT', where .. ': a range must end after it starts') end
    local loc = S:locations():add_range(Temporal.timepos_t(start), Temporal.timepos_t(finish))
    loc:set_name(need(spec, 'name', 'string', where))
    out[#out + 1] = { name = loc:name(), start = loc:start():samples(), ['end'] = loc:_end():samples() }
  end
  return out
end

-- GUI only: CD markers (Ardour's CD flag: track starts for its own CUE/TOC export), added the
-- way the editor adds them and then named. args: { marks = [{ name, start }] }
ops['locations.add_cd_marks'] = function(env, args)
  if not env.editor then reject('UNSUPPORTED', 'CD markers need the Ardour editor (GUI); headless Ardour adds plain markers') end
  local S = env.session
  local out = json.array()
  for i, spec in ipairs(need(args, 'marks', 'list', 'args')) do
    local where = 'marks[' .. (i - 1) .. ']'
    local name, start = need(spec, 'name', 'string', where), need(spec, 'start', 'integer', where)
    if start <= 0 then reject('INVALID_ARGUMENT', where .. ': Ardour allows no CD marker at the session start') end
    local before = {}
    for loc in S:locations():list():iter() do before[loc:name() .. '@' .. loc:start():samples()] = true end
    env.editor:mouse_add_new_marker(Temporal.timepos_t(start), ARDOUR.LocationFlags.IsCDMarker, 0)
    local made
    for loc in S:locations():list():iter() do
      if loc:is_cd_marker() and loc:start():samples() == start and not before[loc:name() .. '@' .. start] then made = loc end
    end
    if not made then reject('DAW_REJECTED', where .. ': Ardour did not add the CD marker "' .. name .. '"') end
    made:set_name(name)
    out[#out + 1] = { name = made:name(), start = made:start():samples() }
  end
  return out
end

-- args: { set = [{ name, range, start, newName?, newStart, newEnd? }] }: renames and moves.
ops['locations.set'] = function(env, args)
  local S = env.session
  local out = json.array()
  for i, spec in ipairs(need(args, 'set', 'list', 'args')) do
    local where = 'set[' .. (i - 1) .. ']'
    local range = need(spec, 'range', 'boolean', where)
    local loc = find_location(S, need(spec, 'name', 'string', where), range, need(spec, 'start', 'integer', where))
    if not loc then reject('NOT_FOUND', where .. ': no ' .. (range and 'range' or 'marker') .. ' named "' .. spec.name .. '"') end
    local newStart = need(spec, 'newStart', 'integer', where)
    if range then
      loc:set(Temporal.timepos_t(newStart), Temporal.timepos_t(need(spec, 'newEnd', 'integer', where)))
    else
      loc:move_to(Temporal.timepos_t(newStart))
    end
    local newName = optional(spec, 'newName', 'string', where)
    if newName then loc:set_name(newName) end
    out[#out + 1] = { name = loc:name(), start = loc:start():samples(), ['end'] = loc:_end():samples() }
  end
  return out
end

-- Everything a snapshot needs, for every track and the master bus.
ops['mixer.state'] = function(env)
  local S = env.session
  local out = json.array()
  local function entry(route)
    return { id = route_id(route), name = route:name(), order = route:presentation_info_ptr():order(),
             master = route:is_master(), strip = strip_state(route), plugins = describe_plugins(route) }
  end
  for _, route in ipairs(tracks_in_order(S)) do out[#out + 1] = entry(route) end
  local master = S:master_out()
  if not master:isnil() then out[#out + 1] = entry(master) end
  return out
end

-- args: { changes = [{ id, phaseInvert?, width?, plugin?, enabled?, param?, normalized? }] }
-- What OSC cannot set: polarity, stereo width, plug-in bypass and parameters.
ops['mixer.set'] = function(env, args)
  local S = env.session
  local applied = 0
  for i, c in ipairs(need(args, 'changes', 'list', 'args')) do
    local where = 'changes[' .. (i - 1) .. ']'
    local route = find_route(S, need(c, 'id', 'string', where), where)
    local invert = optional(c, 'phaseInvert', 'boolean', where)
    if invert ~= nil then
      local phase = route:phase_control()
      for ch = 0, route:n_inputs():n_audio() - 1 do phase:set_phase_invert(ch, invert) end
      applied = applied + 1
    end
    local width = optional(c, 'width', 'number', where)
    if width ~= nil then
      local control = route:pan_width_control()
      if not control:isnil() then control:set_value(width, PBD.GroupControlDisposition.NoGroup); applied = applied + 1 end
    end
    local index = optional(c, 'plugin', 'integer', where)
    if index ~= nil then
      local proc = route:nth_plugin(index)
      if proc:isnil() then reject('NOT_FOUND', where .. ': "' .. route:name() .. '" has no plug-in ' .. index) end
      local enabled = optional(c, 'enabled', 'boolean', where)
      if enabled ~= nil then proc:to_insert():enable(enabled); applied = applied + 1 end
      local param = optional(c, 'param', 'integer', where)
      if param ~= nil then
        local plugin = proc:to_insert():plugin(0)
        local control, desc = control_input(proc, plugin, param)
        if not control then reject('NOT_FOUND', where .. ': ' .. proc:display_name() .. ' has no input parameter ' .. param) end
        local value = denormalize(desc, need(c, 'normalized', 'number', where))
        if not ARDOUR.LuaAPI.set_processor_param(proc, param, value) then
          reject('DAW_REJECTED', where .. ': Ardour refused parameter ' .. param .. ' of ' .. proc:display_name())
        end
        applied = applied + 1
      end
    end
  end
  return { applied = applied }
end

ops['session.save'] = function(env)
  local S = env.session
  if S:save_state('', false, false, false, false, false) ~= 0 then reject('DAW_REJECTED', 'Ardour could not save the session') end
  return { path = S:path(), snapshot = S:snap_name() }
end

-- Headless only (tapeop-serve.lua provides env.reload): closes the session and opens it again
-- from disk, which is how audio added to the session file becomes known to Ardour 7.3.
ops['session.reload'] = function(env)
  if not env.reload then reject('UNSUPPORTED', 'only headless Ardour (tapeop-serve.lua) can reload the session') end
  env.reload()
  return ops['describe'](env)
end

---------------------------------------------------------------------------------------------
-- Mailbox and answers
---------------------------------------------------------------------------------------------

local CHUNK = 8000
local MAX_REQUEST = 16 * 1024 * 1024

function bridge.mailbox(config_dir)
  return config_dir .. '/tapeop/mailbox'
end

-- Splits the answer into OSC-sized pieces, never inside a UTF-8 character.
function bridge.chunks(text)
  local out = {}
  local pos = 1
  while pos <= #text do
    local stop = math.min(pos + CHUNK - 1, #text)
    while stop < #text and stop > pos do
      local b = text:byte(stop + 1)
      if b < 0x80 or b >= 0xC0 then break end
      stop = stop - 1
    end
    out[#out + 1] = text:sub(pos, stop)
    pos = stop + 1
  end
  if #out == 0 then out[1] = '' end
  return out
end

-- Runs one decoded request; returns the answer table (ok or error), never raises.
function bridge.handle(env, request)
  if type(request) ~= 'table' then return { ok = false, error = { code = 'INVALID_ARGUMENT', message = 'the request is not an object' } } end
  local op = ops[request.op]
  if type(request.op) ~= 'string' or not op then
    return { ok = false, error = { code = 'UNSUPPORTED', message = 'unknown operation ' .. tostring(request.op) } }
  end
  local args = request.args
  if args == nil or args == json.null then args = {} end
  if type(args) ~= 'table' then return { ok = false, error = { code = 'INVALID_ARGUMENT', message = 'args must be an object' } } end
  local ok, result = pcall(op, env, args)
  if ok then return { ok = true, result = result == nil and json.null or result } end
  if getmetatable(result) == BridgeError then return { ok = false, error = { code = result.code, message = result.message } } end
  return { ok = false, error = { code = 'INTERNAL', message = tostring(result) } }
end

-- The answer goes into the mailbox as answer-<id>.json (written under another name, then
-- renamed), then over OSC. On a loaded machine UDP drops datagrams without a word; the client
-- reads the file when the OSC answer does not come. Only ids of letters and digits name a file.
local function send_answer(env, port, id, answer)
  local text = json.encode(answer)
  if id:match('^%w+$') then
    local file = bridge.mailbox(env.config_dir) .. '/answer-' .. id
    local f = io.open(file .. '.tmp', 'wb')
    if f then
      f:write(text)
      f:close()
      os.rename(file .. '.tmp', file .. '.json')
    end
  end
  local parts = bridge.chunks(text)
  local address = ARDOUR.LuaOSC.Address('osc.udp://127.0.0.1:' .. port)
  for i, part in ipairs(parts) do address:send('/tapeop/reply', 'siis', id, i, #parts, part) end
end

-- Processes the pending request, if any. env = { session, editor?, reload?, config_dir }.
-- Returns true when a request was handled.
function bridge.poll(env)
  local path = bridge.mailbox(env.config_dir) .. '/request.json'
  local f = io.open(path, 'rb')
  if not f then return false end
  local text = f:read(MAX_REQUEST + 1)
  f:close()
  os.remove(path)
  if not text or #text > MAX_REQUEST then return true end
  local ok, request = pcall(json.decode, text)
  if not ok or type(request) ~= 'table' then return true end
  local port = math.tointeger and math.tointeger(request.replyPort) or request.replyPort
  local id = request.id
  if type(id) ~= 'string' or type(port) ~= 'number' or port < 1 or port > 65535 then return true end
  send_answer(env, port, id, bridge.handle(env, request))
  return true
end

return bridge
