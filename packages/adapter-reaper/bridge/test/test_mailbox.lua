-- The mailbox loop: doorbell, replies, heartbeat, files and parts, instances.
return function(T)
  local function started(options)
    local bridge, mock = T.fresh(options)
    bridge.setup()
    return bridge, mock
  end
  local function ext(mock, key) return (mock.ext.tapeop or {})[key] end
  local function post(bridge, mock, id, request)
    mock.reaper.SetExtState("tapeop", "req." .. id, request, false)
    mock.reaper.SetExtState("tapeop", "head", id, false)
  end
  local function writeFile(path, text)
    local f = assert(io.open(path, "wb"))
    f:write(text)
    f:close()
  end
  local function readFile(path)
    local f = io.open(path, "rb")
    if not f then return nil end
    local text = f:read("a")
    f:close()
    return text
  end

  T.test("mailbox: setup publishes the bridge and a heartbeat", function()
    local bridge, mock = started()
    local info = bridge.json.decode(ext(mock, "bridge"))
    T.eq(info.protocol, 1)
    T.eq(info.folder, mock.resourcePath .. "/tapeop/mailbox")
    T.eq(info.instance, ext(mock, "instance"))
    T.ok(ext(mock, "alive"):match("^1 %d+$"), "alive is '<count> <unix time>': " .. tostring(ext(mock, "alive")))
  end)

  T.test("mailbox: a request is answered, deleted, and the heartbeat moves on", function()
    local bridge, mock = started()
    post(bridge, mock, "01J0AAAA", '{"v":1,"id":"01J0AAAA","op":"getNotes"}')
    mock.now = mock.now + 1
    T.eq(bridge.tick(), true)
    local reply = bridge.json.decode(ext(mock, "res.01J0AAAA"))
    T.eq(reply.id, "01J0AAAA")
    T.eq(reply.ok, true)
    T.eq(reply.result.text, "")
    T.eq(ext(mock, "req.01J0AAAA"), nil, "the request is deleted")
    T.ok(ext(mock, "alive"):match("^2 "), "heartbeat advanced: " .. ext(mock, "alive"))
    bridge.tick()
    T.eq(mock.count("GetSetProjectNotes"), 1, "a request is handled once, even if the doorbell still rings")
  end)

  T.test("mailbox: a doorbell with a bad id is cleared without reading anything", function()
    local bridge, mock = started()
    mock.reaper.SetExtState("tapeop", "head", "../../etc/passwd", false)
    bridge.tick()
    T.eq(ext(mock, "head"), nil)
  end)

  T.test("mailbox: a request whose body names another id is refused", function()
    local bridge, mock = started()
    post(bridge, mock, "A1", '{"v":1,"id":"B2","op":"info"}')
    bridge.tick()
    local reply = bridge.json.decode(ext(mock, "res.A1"))
    T.eq(reply.id, "A1")
    T.eq(reply.ok, false)
    T.eq(reply.error.code, "BAD_REQUEST")
  end)

  T.test("mailbox: a broken request gets an error reply and the loop goes on", function()
    local bridge, mock = started()
    post(bridge, mock, "A1", "{broken")
    bridge.tick()
    T.eq(bridge.json.decode(ext(mock, "res.A1")).error.code, "BAD_JSON")
    bridge.ops.boom = { run = function() error("kaput") end }
    post(bridge, mock, "A2", '{"v":1,"id":"A2","op":"boom"}')
    bridge.tick()
    T.eq(bridge.json.decode(ext(mock, "res.A2")).error.code, "INTERNAL")
    post(bridge, mock, "A3", '{"v":1,"id":"A3","op":"getNotes"}')
    bridge.tick()
    T.eq(bridge.json.decode(ext(mock, "res.A3")).ok, true, "the next request is served")
  end)

  T.test("mailbox: a request body in a file of the bridge folder", function()
    local bridge, mock = started()
    local text = string.rep("x", 20000)
    local path = bridge.folder .. "/req-F1.json"
    writeFile(path, bridge.json.encode({ v = 1, id = "F1", op = "setNotes", args = { text = text } }))
    post(bridge, mock, "F1", bridge.json.encode({ v = 1, id = "F1", file = path }))
    bridge.tick()
    T.eq(bridge.json.decode(ext(mock, "res.F1")).ok, true)
    T.eq(mock.notes, text)
    T.eq(readFile(path), nil, "the request file is deleted")
    -- A bare file name works too.
    writeFile(bridge.folder .. "/req-F2.json", '{"v":1,"id":"F2","op":"getNotes"}')
    post(bridge, mock, "F2", '{"v":1,"id":"F2","file":"req-F2.json"}')
    bridge.tick()
    T.eq(bridge.json.decode(ext(mock, "res.F2")).ok, true)
  end)

  T.test("mailbox: request files outside the bridge folder are refused", function()
    local bridge, mock = started()
    local outside = T.tmpRoot() .. "/req-F3.json"
    writeFile(outside, '{"v":1,"id":"F3","op":"getNotes"}')
    for i, file in ipairs({ outside, bridge.folder .. "/../req-F3.json", "/etc/passwd", bridge.folder .. "/req-OTHER.json" }) do
      local id = "F3"
      post(bridge, mock, id, bridge.json.encode({ v = 1, id = id, file = file }))
      bridge.tick()
      local reply = bridge.json.decode(ext(mock, "res." .. id))
      T.eq(reply.error.code, "BAD_PATH", "case " .. i .. " (" .. file .. ")")
    end
    T.ok(readFile(outside), "the outside file is left alone")
  end)

  T.test("mailbox: a large reply goes to a file when the client asks for files", function()
    local bridge, mock = started()
    mock.notes = string.rep("n", 30000)
    post(bridge, mock, "L1", '{"v":1,"id":"L1","op":"getNotes","reply":"file"}')
    bridge.tick()
    local envelope = bridge.json.decode(ext(mock, "res.L1"))
    T.eq(envelope.ok, true)
    T.eq(envelope.file, bridge.folder .. "/res-L1.json")
    T.ok(envelope.bytes > 30000)
    local reply = bridge.json.decode(readFile(envelope.file))
    T.eq(reply.result.text, mock.notes)
    T.eq(readFile(envelope.file .. ".tmp"), nil, "written through a temporary file")
  end)

  T.test("mailbox: a large request and reply in parts, for clients without the folder", function()
    local bridge, mock = started()
    local body = bridge.json.encode({ v = 1, id = "P1", op = "setNotes", reply = "parts", args = { text = string.rep("p", 20000) } })
    local n = 0
    for k = 1, #body, 7000 do
      n = n + 1
      mock.reaper.SetExtState("tapeop", "req.P1." .. n, body:sub(k, k + 6999), false)
    end
    post(bridge, mock, "P1", bridge.json.encode({ v = 1, id = "P1", parts = n, reply = "parts" }))
    bridge.tick()
    T.eq(#mock.notes, 20000)
    T.eq(ext(mock, "req.P1.1"), nil, "parts are deleted")
    post(bridge, mock, "P2", '{"v":1,"id":"P2","op":"getNotes","reply":"parts"}')
    bridge.tick()
    local envelope = bridge.json.decode(ext(mock, "res.P2"))
    local parts = {}
    for k = 1, envelope.parts do parts[k] = ext(mock, "res.P2." .. k) end
    T.eq(bridge.json.decode(table.concat(parts)).result.text, mock.notes)
    post(bridge, mock, "P3", '{"v":1,"id":"P3","parts":2}')
    bridge.tick()
    T.eq(bridge.json.decode(ext(mock, "res.P3")).error.code, "BAD_REQUEST", "a missing part is reported")
  end)

  T.test("mailbox: unread replies expire", function()
    local bridge, mock = started()
    mock.notes = string.rep("n", 30000)
    post(bridge, mock, "E1", '{"v":1,"id":"E1","op":"getNotes","reply":"file"}')
    bridge.tick()
    local file = bridge.json.decode(ext(mock, "res.E1")).file
    local realTime = os.time
    os.time = function() return realTime() + 500 end
    local ok, err = pcall(bridge.tick)
    os.time = realTime
    T.ok(ok, tostring(err))
    T.eq(ext(mock, "res.E1"), nil, "the reply is gone")
    T.eq(readFile(file), nil, "and its file")
  end)

  T.test("mailbox: a second instance takes over and the first one stops", function()
    local bridge, mock = started()
    T.eq(bridge.tick(), true)
    mock.reaper.SetExtState("tapeop", "instance", "someoneelse", false)
    T.eq(bridge.tick(), false)
  end)

  T.test("mailbox: start runs the deferred loop, atexit clears the heartbeat", function()
    local bridge, mock = T.fresh()
    bridge.start()
    T.eq(#mock.deferred, 1, "the loop deferred itself")
    post(bridge, mock, "S1", '{"v":1,"id":"S1","op":"getNotes"}')
    mock.runDeferred()
    T.eq(bridge.json.decode(ext(mock, "res.S1")).ok, true)
    T.eq(#mock.deferred, 1, "and keeps deferring")
    mock.atexit()
    T.eq(ext(mock, "alive"), nil)
    T.eq(ext(mock, "instance"), nil)
  end)

  T.test("mailbox: stale files from an earlier run are removed at start", function()
    local bridge, mock = T.fresh()
    local folder = mock.resourcePath .. "/tapeop/mailbox"
    os.execute("mkdir -p '" .. folder .. "'")
    writeFile(folder .. "/res-OLD.json", "{}")
    writeFile(folder .. "/notes.txt", "keep")
    bridge.setup()
    T.eq(readFile(folder .. "/res-OLD.json"), nil)
    T.eq(readFile(folder .. "/notes.txt"), "keep", "other files stay")
  end)
end
