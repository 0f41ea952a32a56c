-- The bridge's operations against the recording mock.
return function(T)
  local function album(bridge)
    -- Three songs with 2 s gaps after a 2 s lead-in, as @tapeop/session's plan gives them.
    local songs = bridge.json.array()
    local pos = 2.0
    for i, len in ipairs({ 30.0, 45.5, 12.25 }) do
      songs[i] = { songId = "song-" .. i, title = "Song " .. i, trackName = "0" .. i .. " Song " .. i,
        file = "/mixes/0" .. i .. ".wav", position = pos, length = len, offset = 0.5 }
      pos = pos + len + 2.0
    end
    return songs
  end
  local files = { ["/mixes/01.wav"] = 31.0, ["/mixes/02.wav"] = 46.0, ["/mixes/03.wav"] = 12.0 }

  T.test("ops: info reports REAPER, the project and the sample rate", function()
    local bridge, mock = T.fresh({ projectPath = "/p/album.RPP", projectName = "album.RPP", sampleRate = 44100 })
    bridge.setup()
    local info = T.result(bridge, "info")
    T.eq(info.reaper, "7.11/linux-x86_64")
    T.eq(info.project.path, "/p/album.RPP")
    T.eq(info.project.name, "album.RPP")
    T.eq(info.project.sampleRate, 44100)
    T.eq(info.bridge.protocol, 1)
    T.eq(info.bridge.folder, mock.resourcePath .. "/tapeop/mailbox")
    T.eq(#mock.undo, 0, "a read opens no undo block")
  end)

  T.test("ops: loadSongs places every song at its position in one undo block", function()
    local bridge, mock = T.fresh({ files = files })
    local result = T.result(bridge, "loadSongs", { songs = album(bridge) })
    T.eq(#mock.tracks, 3, "one track per song")
    local positions = mock.callsOf("SetMediaItemInfo_Value")
    local got = {}
    for _, args in ipairs(positions) do
      if args[2] == "D_POSITION" then got[#got + 1] = args[3] end
    end
    T.eq(#got, 3)
    T.eq(got[1], 2.0)
    T.eq(got[2], 34.0)
    T.eq(got[3], 81.5)
    T.eq(mock.tracks[2].name, "02 Song 2")
    T.eq(mock.tracks[2].ext.tapeop_song, "song-2")
    local item = mock.tracks[3].items[1]
    T.eq(item.D_LENGTH, 12.25)
    T.eq(item.takes[1].D_STARTOFFS, 0.5)
    T.eq(item.takes[1].source.file, "/mixes/03.wav")
    T.eq(item.takes[1].name, "Song 3")
    T.eq(mock.undo[1], "begin")
    T.eq(mock.undo[2], "end:tapeop: load album")
    T.eq(#mock.undo, 2, "one undo block for the whole album")
    T.eq(mock.refresh, 0, "UI refresh prevention is balanced")
    T.eq(#result.tracks, 3)
    T.eq(result.tracks[1].items[1].position, 2.0)
    T.eq(#result.warnings, 1, "song 3 needs more than its file holds")
    T.ok(result.warnings[1]:find("song-3", 1, true), result.warnings[1])
  end)

  T.test("ops: loading again reuses the songs' tracks and replaces only tapeop's items", function()
    local bridge, mock = T.fresh({ files = files })
    T.result(bridge, "loadSongs", { songs = album(bridge) })
    local user = mock.reaper.AddMediaItemToTrack(mock.tracks[1]) -- the engineer's own item
    mock.reaper.SetMediaItemInfo_Value(user, "D_POSITION", 100.0)
    local songs = album(bridge)
    songs[1].position = 3.0
    T.result(bridge, "loadSongs", { songs = songs })
    T.eq(#mock.tracks, 3, "no new tracks")
    T.eq(#mock.tracks[1].items, 2, "the user's item stays")
    local positions = {}
    for _, it in ipairs(mock.tracks[1].items) do positions[#positions + 1] = it.D_POSITION end
    table.sort(positions)
    T.eq(positions[1], 3.0)
    T.eq(positions[2], 100.0)
  end)

  T.test("ops: single-track layout puts the album on one track", function()
    local bridge, mock = T.fresh({ files = files })
    T.result(bridge, "loadSongs", { layout = "single-track", songs = album(bridge) })
    T.result(bridge, "loadSongs", { layout = "single-track", songs = album(bridge) })
    T.eq(#mock.tracks, 1)
    T.eq(mock.tracks[1].name, "Album")
    T.eq(#mock.tracks[1].items, 3)
  end)

  T.test("ops: a missing mix file changes nothing and names the file", function()
    local bridge, mock = T.fresh({ files = files })
    local songs = album(bridge)
    songs[2].file = "/mixes/missing.wav"
    local reply = T.call(bridge, "loadSongs", { songs = songs })
    T.eq(reply.ok, false)
    T.eq(reply.error.code, "FILE_NOT_FOUND")
    T.ok(reply.error.message:find("/mixes/missing.wav", 1, true), reply.error.message)
    T.eq(reply.error.details.songId, "song-2")
    T.eq(mock.count("AddMediaItemToTrack"), 0, "no item was added")
    T.eq(mock.count("InsertTrackAtIndex"), 0, "no track was added")
    T.eq(mock.refresh, 0)
  end)

  T.test("ops: bad arguments are refused with the field's name", function()
    local bridge = T.fresh({ files = files })
    local songs = album(bridge)
    songs[1].length = -1
    local reply = T.call(bridge, "loadSongs", { songs = songs })
    T.eq(reply.error.code, "BAD_ARGS")
    T.ok(reply.error.message:find("songs[1].length", 1, true), reply.error.message)
    reply = T.call(bridge, "loadSongs", { songs = "all" })
    T.eq(reply.error.code, "BAD_ARGS")
    reply = T.call(bridge, "loadSongs", { layout = "diagonal", songs = album(bridge) })
    T.ok(reply.error.message:find("diagonal", 1, true))
  end)

  local function cdMarkers(bridge)
    return bridge.json.array({
      { id = "m-pregap", kind = "cd-pregap", name = "!", pos = 0.0 },
      { id = "m-1", kind = "cd-track", name = "#TITLE=Song 1|ISRC=GBAAA2400001", pos = 2.0047 },
      { id = "m-2", kind = "cd-track", name = "#TITLE=Song 2|ISRC=GBAAA2400002", pos = 34.0 },
      { id = "r-1", kind = "region", name = "Song 1", pos = 2.0, ["end"] = 32.0, region = true },
      { id = "m-album", kind = "album", name = "@Album|PERFORMER=Band|EAN=4006381333931", pos = 90.0 },
    })
  end

  T.test("ops: writeMarkers writes frame-aligned CD markers and records their GUIDs", function()
    local bridge, mock = T.fresh()
    local result = T.result(bridge, "writeMarkers", { markers = cdMarkers(bridge) })
    T.eq(#result.written, 5)
    T.eq(result.removed, 0)
    T.eq(#mock.markers, 5)
    local byName = {}
    for _, m in ipairs(mock.markers) do byName[m.name] = m end
    local track1 = byName["#TITLE=Song 1|ISRC=GBAAA2400001"]
    T.eq(track1.pos, 150 / 75, "2.0047 s snaps to frame 150")
    T.eq(math.floor(track1.pos * 75 + 0.5) * 588, 88200, "which is sample 88200 at 44.1 kHz")
    T.eq(byName["@Album|PERFORMER=Band|EAN=4006381333931"].pos, 90.0)
    T.eq(byName["Song 1"].rgn, true)
    T.eq(byName["Song 1"].rgnend, 32.0)
    local record = bridge.json.decode(mock.projExt.tapeop.markers)
    T.eq(#record, 5)
    local guids = {}
    for _, r in ipairs(record) do guids[r.guid] = r.id end
    for _, m in ipairs(mock.markers) do T.ok(guids[m.guid], "marker " .. m.name .. " is recorded as tapeop's") end
    T.eq(mock.undo[2], "end:tapeop: write CD markers")
  end)

  T.test("ops: rewriting replaces exactly tapeop's markers, even moved ones, and keeps the user's", function()
    local bridge, mock = T.fresh()
    mock.userMarker(1.0, "user: check click")
    mock.userMarker(50.0, "user: fade?")
    T.result(bridge, "writeMarkers", { markers = cdMarkers(bridge) })
    -- The engineer drags one of tapeop's markers: its index changes, its GUID stays.
    for _, m in ipairs(mock.markers) do if m.name:match("^#TITLE=Song 2") then m.pos = 60.0 end end
    table.sort(mock.markers, function(a, b) return a.pos < b.pos end)
    local result = T.result(bridge, "writeMarkers", { markers = cdMarkers(bridge) })
    T.eq(result.removed, 5)
    T.eq(#mock.markers, 7, "5 of tapeop's and the user's 2")
    local names = {}
    for _, m in ipairs(mock.markers) do names[m.name] = (names[m.name] or 0) + 1 end
    T.eq(names["user: check click"], 1)
    T.eq(names["user: fade?"], 1)
    T.eq(names["#TITLE=Song 2|ISRC=GBAAA2400002"], 1, "the moved marker was replaced, not duplicated")
  end)

  T.test("ops: readMarkers lists every marker with GUID, number and tapeop's id", function()
    local bridge, mock = T.fresh()
    mock.userMarker(1.0, "user")
    T.result(bridge, "writeMarkers", { markers = cdMarkers(bridge) })
    local result = T.result(bridge, "readMarkers")
    T.eq(#result.markers, 6)
    T.eq(result.markers[1].name, "!", "timeline order")
    T.eq(result.markers[1].idx, 0)
    T.eq(result.markers[2].name, "user")
    T.eq(result.markers[2].tapeop, nil, "the user's marker is not tapeop's")
    T.eq(result.markers[3].tapeop.id, "m-1")
    T.eq(result.markers[3].tapeop.kind, "cd-track")
    local region
    for _, m in ipairs(result.markers) do if m.rgn then region = m end end
    T.eq(region["end"], 32.0)
    T.ok(region.guid:match("^{"), "GUIDs are REAPER's")
  end)

  T.test("ops: a marker REAPER refuses fails the request", function()
    local bridge = T.fresh()
    local markers = bridge.json.array({ { id = "bad", name = "x", pos = 5.0, ["end"] = 1.0, region = true } })
    local reply = T.call(bridge, "writeMarkers", { markers = markers })
    T.eq(reply.error.code, "BAD_ARGS", "an end before the start is caught before REAPER sees it")
  end)

  local function mixProject(bridge, mock)
    local a = mock.addTrack("Song 1")
    local b = mock.addTrack("Song 2")
    mock.addFx(a, "VST: ReaEQ (Cockos)")
    mock.addFx(a, "VST: ReaComp (Cockos)")
    mock.addFx(mock.master, "VST: ReaComp (Cockos)")
    b.vol = 0.5
    b.mute = 1.0
    return a, b
  end

  T.test("ops: captureSnapshot reads levels, switches, plug-ins and every parameter", function()
    local bridge, mock = T.fresh()
    local a = mixProject(bridge, mock)
    a.fx[1].params[2].value = 0.75
    a.fx[1].preset = "stock - Flat"
    local snap = T.result(bridge, "captureSnapshot", {})
    T.eq(#snap.tracks, 2)
    T.eq(snap.master.index, -1)
    T.eq(snap.master.name, "MASTER")
    T.eq(#snap.master.fx, 1)
    local t1, t2 = snap.tracks[1], snap.tracks[2]
    T.eq(t2.vol, 0.5, "D_VOL is linear")
    T.eq(t2.mute, true)
    T.eq(#t1.fx, 2)
    T.eq(t1.fx[1].name, "VST: ReaEQ (Cockos)")
    T.eq(t1.fx[1].ident, "ident:VST: ReaEQ (Cockos)")
    T.eq(t1.fx[1].type, "VST")
    T.eq(t1.fx[1].preset, "stock - Flat")
    T.eq(#t1.fx[1].params, 3)
    T.eq(t1.fx[1].params[2].name, "Gain-Low Shelf")
    T.eq(t1.fx[1].params[2].n, 0.75)
    T.eq(t1.fx[1].params[2].f, "75.0%")
    T.eq(t1.fx[1].state, nil, "no state unless asked")
    T.eq(#mock.undo, 0)
  end)

  T.test("ops: captureSnapshot with detail=values reads only the normalized values", function()
    local bridge, mock = T.fresh()
    local a = mixProject(bridge, mock)
    a.fx[1].params[3].value = 0.25
    local snap = T.result(bridge, "captureSnapshot", { detail = "values" })
    local p = snap.tracks[1].fx[1].params[3]
    T.eq(p.i, 2)
    T.eq(p.n, 0.25)
    T.eq(p.name, nil)
    T.eq(p.f, nil)
    T.eq(mock.count("TrackFX_GetFormattedParamValue"), 0)
    T.eq(mock.count("TrackFX_GetParamName"), 0)
    T.eq(T.call(bridge, "captureSnapshot", { detail = "some" }).error.code, "BAD_ARGS")
  end)

  T.test("ops: captureSnapshot with state gives one chunk per plug-in", function()
    local bridge, mock = T.fresh()
    mixProject(bridge, mock)
    local snap = T.result(bridge, "captureSnapshot", { state = true })
    local fx = snap.tracks[1].fx
    local segment = bridge.base64.decode(fx[2].state)
    T.ok(segment:match("^BYPASS 0 0 0\n<VST \"VST: ReaComp %(Cockos%)\""), segment)
    T.ok(segment:match("FXID " .. mock.tracks[1].fx[2].guid:gsub("%-", "%%-")), "the segment carries the plug-in's FXID")
    T.eq(snap.tracks[2].fx[1], nil, "a track without plug-ins")
  end)

  local function target(t, index) return { index = index, guid = t.guid, name = t.name } end
  local function fxTarget(fx, position) return { position = position, guid = fx.guid, name = fx.name } end

  T.test("ops: applySnapshot runs a recall plan in one undo block", function()
    local bridge, mock = T.fresh()
    local a, b = mixProject(bridge, mock)
    local eq, comp = a.fx[1], a.fx[2]
    local result = T.result(bridge, "applySnapshot", { ops = bridge.json.array({
      { op = "set-track", track = target(b, 1), set = { vol = 1.0, mute = false, pan = -0.25 } },
      { op = "rename-track", track = target(b, 1), name = "Song 2 (v2)" },
      { op = "move-fx", track = target(a, 0), fx = fxTarget(comp, 1), to = 0 },
      { op = "set-fx-enabled", track = target(a, 0), fx = fxTarget(eq, 1), enabled = false },
      { op = "set-fx-params", track = target(a, 0), fx = fxTarget(comp, 0), values = { { 0, 0.1 }, { 3, 0.9 } } },
      { op = "set-fx-preset", track = target(a, 0), fx = fxTarget(eq, 1), preset = "stock - Air" },
      { op = "add-fx", track = { index = 1, guid = b.guid, name = "Song 2 (v2)" }, position = 0,
        names = { "VST: NoSuch (x)", "VST: ReaEQ (Cockos)" }, name = "Air EQ" },
      { op = "set-fx-params", track = { index = 1, name = "Song 2 (v2)" }, fx = { position = 0, name = "Air EQ" },
        values = { { 1, 0.25 } } },
      { op = "add-track", index = 0, name = "Intro", songId = "song-0" },
      { op = "move-track", track = { index = 0, name = "Intro" }, to = 2 },
      { op = "set-track", track = { master = true }, set = { vol = 0.8, phase = true } },
    }) })
    T.eq(result.applied, 11)
    T.eq(#result.warnings, 0)
    T.eq(b.vol, 1.0)
    T.eq(b.mute, 0.0)
    T.eq(b.pan, -0.25)
    T.eq(b.name, "Song 2 (v2)")
    T.eq(a.fx[1].name, "VST: ReaComp (Cockos)", "moved to the front")
    T.eq(a.fx[1].params[1].value, 0.1)
    T.eq(a.fx[1].params[4].value, 0.9)
    T.eq(a.fx[2].enabled, false)
    T.eq(a.fx[2].preset, "stock - Air")
    T.eq(b.fx[1].name, "VST: ReaEQ (Cockos)")
    T.eq(b.fx[1].renamed, "Air EQ")
    T.eq(b.fx[1].params[2].value, 0.25)
    T.eq(mock.tracks[3].name, "Intro", "added, then moved to the end")
    T.eq(mock.tracks[3].ext.tapeop_song, "song-0")
    T.eq(mock.tracks[1], a)
    T.eq(mock.master.vol, 0.8)
    T.eq(mock.master.phase, 1.0)
    T.eq(#mock.undo, 2)
    T.eq(mock.undo[2], "end:tapeop: recall snapshot")
  end)

  T.test("ops: applySnapshot stops with CONFLICT when the project no longer matches the plan", function()
    local bridge, mock = T.fresh()
    local a, b = mixProject(bridge, mock)
    local reply = T.call(bridge, "applySnapshot", { ops = bridge.json.array({
      { op = "set-track", track = target(a, 0), set = { solo = true } },
      { op = "set-track", track = { index = 0, guid = b.guid, name = b.name }, set = { vol = 0.1 } },
      { op = "set-track", track = target(b, 1), set = { vol = 0.2 } },
    }) })
    T.eq(reply.error.code, "CONFLICT")
    T.ok(reply.error.message:find("ops[2]", 1, true), reply.error.message)
    T.eq(a.solo, 1.0, "what ran before stays (inside the undo block)")
    T.eq(b.vol, 0.5, "nothing after the conflict ran")
    T.eq(mock.undo[2], "end:tapeop: recall snapshot", "the undo block is closed")
    reply = T.call(bridge, "applySnapshot", { ops = bridge.json.array({
      { op = "set-fx-enabled", track = target(a, 0), fx = { position = 0, name = "VST: ReaComp (Cockos)" }, enabled = true },
    }) })
    T.eq(reply.error.code, "CONFLICT", "a plug-in checked by name")
    reply = T.call(bridge, "applySnapshot", { ops = bridge.json.array({
      { op = "set-track", track = { index = 7, name = "x" }, set = { vol = 1.0 } },
    }) })
    T.eq(reply.error.code, "CONFLICT", "a track that is not there")
  end)

  T.test("ops: applySnapshot refuses a malformed plan before REAPER sees it", function()
    local bridge, mock = T.fresh()
    local a = mixProject(bridge, mock)
    local reply = T.call(bridge, "applySnapshot", { ops = bridge.json.array({
      { op = "set-fx-params", track = target(a, 0), fx = fxTarget(a.fx[1], 0), values = { { 0, 0.2 }, { 1, 1.5 } } },
    }) })
    T.eq(reply.error.code, "BAD_ARGS")
    T.eq(a.fx[1].params[1].value, 0.5, "no parameter of the batch was set")
    reply = T.call(bridge, "applySnapshot", { ops = bridge.json.array({ { op = "rm -rf" } }) })
    T.ok(reply.error.message:find("unknown recall operation", 1, true))
    reply = T.call(bridge, "applySnapshot", { ops = bridge.json.array({
      { op = "add-fx", track = target(a, 0), position = 0, names = { "VST: Missing (Nobody)" } },
    }) })
    T.eq(reply.error.code, "NOT_FOUND")
    T.eq(mock.refresh, 0, "refresh prevention stays balanced on failure")
  end)

  T.test("ops: exact recall restores one plug-in's chunk and keeps the rest of the track", function()
    local bridge, mock = T.fresh()
    local a = mixProject(bridge, mock)
    a.fx[2].blob = "T1JJR0lOQUw="
    local snap = T.result(bridge, "captureSnapshot", { state = true })
    a.fx[2].blob = "Q0hBTkdFRA=="
    a.fx[2].enabled = false
    a.fx[1].blob = "RVE="
    T.result(bridge, "applySnapshot", { ops = bridge.json.array({
      { op = "restore-fx-state", track = target(a, 0), fx = fxTarget(a.fx[2], 1), state = snap.tracks[1].fx[2].state },
    }) })
    T.eq(a.fx[2].blob, "T1JJR0lOQUw=")
    T.eq(a.fx[2].enabled, true)
    T.eq(a.fx[1].blob, "RVE=", "the other plug-in keeps its state")
    T.ok(mock.lastChunk:find('NAME "Song 1"', 1, true), "the rest of the track chunk is kept")
    local reply = T.call(bridge, "applySnapshot", { ops = bridge.json.array({
      { op = "restore-fx-state", track = target(a, 0), fx = fxTarget(a.fx[1], 0), state = bridge.base64.encode("<VST evil>") },
    }) })
    T.eq(reply.error.code, "BAD_ARGS")
  end)

  T.test("ops: project notes round-trip", function()
    local bridge, mock = T.fresh()
    local text = "Song 2: −0.5 dB\twith a tab\nline two"
    T.result(bridge, "setNotes", { text = text })
    T.eq(mock.notes, text)
    T.eq(T.result(bridge, "getNotes").text, text)
  end)

  T.test("ops: saveProject refuses an untitled project instead of opening a dialog", function()
    local bridge, mock = T.fresh()
    local reply = T.call(bridge, "saveProject")
    T.eq(reply.error.code, "NOT_SAVED")
    T.eq(mock.saved, nil)
    mock.projectPath = "/p/a.RPP"
    T.eq(T.result(bridge, "saveProject").path, "/p/a.RPP")
    T.eq(mock.saved, 1)
  end)

  T.test("ops: setRender prepares a DDP render", function()
    local bridge, mock = T.fresh()
    local result = T.result(bridge, "setRender", { format = "ddp", directory = "/deliver/DDP" })
    T.eq(mock.renderInfo.RENDER_FORMAT, "ddp ")
    T.eq(mock.renderInfo.RENDER_PATTERN, "IMAGE.DAT")
    T.eq(mock.renderInfo.RENDER_SRATE, 44100.0)
    T.eq(mock.renderInfo.RENDER_BOUNDSFLAG, 1.0)
    T.eq(result.targets, "/renders/IMAGE.DAT")
    T.eq(T.call(bridge, "setRender", { format = "mp3", directory = "/x" }).error.code, "BAD_ARGS")
  end)

  T.test("ops: only the fixed operations exist and no code is evaluated", function()
    local bridge = T.fresh()
    local reply = T.call(bridge, "os.execute", {})
    T.eq(reply.error.code, "UNKNOWN_OP")
    reply = T.call(bridge, "load", { code = "return 1" })
    T.eq(reply.error.code, "UNKNOWN_OP")
    local text = bridge.handle('{"v":1,"id":"x","op":"__index"}')
    T.eq(bridge.json.decode(text).error.code, "UNKNOWN_OP")
  end)

  T.test("ops: malformed requests get clear errors", function()
    local bridge = T.fresh()
    T.eq(bridge.json.decode(bridge.handle("{nope")).error.code, "BAD_JSON")
    T.eq(bridge.json.decode(bridge.handle('{"v":1,"id":"a"}')).error.code, "BAD_REQUEST")
    local reply = bridge.json.decode(bridge.handle('{"v":2,"id":"a","op":"info"}'))
    T.eq(reply.error.code, "BAD_REQUEST")
    T.ok(reply.error.message:find("protocol version 2", 1, true))
    T.eq(reply.id, "a")
    T.eq(bridge.json.decode(bridge.handle('{"v":1,"id":"a","op":"info","args":7}')).error.code, "BAD_ARGS")
  end)

  T.test("ops: a bug in an operation becomes an INTERNAL error with a trace", function()
    local bridge, mock = T.fresh()
    bridge.ops.boom = { mutates = true, undo = "boom", run = function() local t = nil; return t.x end }
    local reply = T.call(bridge, "boom")
    T.eq(reply.ok, false)
    T.eq(reply.error.code, "INTERNAL")
    T.ok(reply.error.message:find("attempt to index", 1, true), reply.error.message)
    T.ok(reply.error.trace:find("traceback", 1, true), "a traceback is attached")
    T.eq(mock.undo[2], "end:boom", "the undo block is closed")
    T.eq(mock.refresh, 0)
  end)
end
