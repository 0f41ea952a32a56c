-- Runs the bridge's unit tests: `lua5.4 bridge/test/run.lua` (or lua5.3) from the package
-- folder. Prints one TAP line per test and exits with 1 when any test fails.

local here = (arg and arg[0] or "bridge/test/run.lua"):match("^(.*[/\\])") or "./"
package.path = here .. "?.lua;" .. package.path
local bridgePath = here .. "../tapeop_bridge.lua"
local Mock = require("mock_reaper")

local T = { bridgePath = bridgePath }
local tests = {}

function T.test(name, fn) tests[#tests + 1] = { name = name, fn = fn } end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

function T.eq(actual, expected, what)
  if actual ~= expected then
    error((what or "value") .. ": expected " .. show(expected) .. ", got " .. show(actual), 2)
  end
end

function T.ok(value, what)
  if not value then error((what or "condition") .. " does not hold", 2) end
end

function T.near(actual, expected, tolerance, what)
  if type(actual) ~= "number" or math.abs(actual - expected) > tolerance then
    error((what or "value") .. ": expected " .. show(expected) .. " ± " .. tolerance .. ", got " .. show(actual), 2)
  end
end

-- Runs fn and returns the bridge error it raised (fails when it raises nothing).
function T.raises(fn, code, what)
  local ok, err = pcall(fn)
  if ok then error((what or "call") .. " should have failed with " .. code, 2) end
  if type(err) ~= "table" or err.code ~= code then
    error((what or "call") .. ": expected error " .. code .. ", got " .. tostring(err), 2)
  end
  return err
end

local tmpRoot = os.tmpname()
os.remove(tmpRoot)
os.execute("mkdir -p '" .. tmpRoot .. "'")
local fresh = 0

-- A new bridge loaded as a library against a new mock; returns bridge, mock.
function T.fresh(options)
  options = options or {}
  fresh = fresh + 1
  options.resourcePath = options.resourcePath or (tmpRoot .. "/resource" .. fresh)
  os.execute("mkdir -p '" .. options.resourcePath .. "'")
  local mock = Mock.new(options)
  _G.reaper = mock.reaper
  _G.TAPEOP_BRIDGE_LIBRARY = true
  local bridge = dofile(bridgePath)
  return bridge, mock
end

-- Runs a request through the bridge and returns the decoded reply.
function T.call(bridge, op, args, id)
  local text = bridge.handle(bridge.json.encode({ v = 1, id = id or "t1", op = op, args = args or bridge.json.object() }))
  return bridge.json.decode(text)
end

function T.result(bridge, op, args)
  local reply = T.call(bridge, op, args)
  if not reply.ok then error(op .. " failed: " .. reply.error.code .. " " .. reply.error.message, 2) end
  return reply.result
end

function T.tmpRoot() return tmpRoot end

for _, file in ipairs({ "test_json.lua", "test_base64_chunk.lua", "test_ops.lua", "test_mailbox.lua" }) do
  dofile(here .. file)(T)
end

print("TAP version 13")
print("1.." .. #tests)
local failed = 0
for i, t in ipairs(tests) do
  local ok, err = xpcall(t.fn, debug.traceback)
  if ok then
    print("ok " .. i .. " - " .. t.name)
  else
    failed = failed + 1
    print("not ok " .. i .. " - " .. t.name)
    for line in tostring(err):gmatch("[^\n]+") do print("  # " .. line) end
  end
end
os.execute("rm -rf '" .. tmpRoot .. "'")
print("# " .. _VERSION .. ": " .. (#tests - failed) .. " passed, " .. failed .. " failed")
os.exit(failed == 0 and 0 or 1)
