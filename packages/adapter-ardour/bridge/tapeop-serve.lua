-- tapeop-serve.lua: keeps an Ardour session open without a display and serves the tapeop bridge.
--
--   ardour7-lua tapeop-serve.lua <session-folder> <snapshot-name> [setup.lua]
--
-- Loading the session starts its control surfaces, so the session's OSC surface answers as in
-- the GUI. The bridge's mailbox (<Ardour config>/tapeop/mailbox) is polled every 20 ms.
-- `setup.lua`, a local file given on the command line (the test harness uses it to put plug-ins
-- on tracks), runs once after the session is loaded; nothing received later is ever run as code.

local script = (debug.getinfo(1, 'S').source or ''):gsub('^@', '')
local here = script:match('^(.*)/[^/]*$') or '.'
local bridge = dofile(here .. '/tapeop-bridge.lua')
local dir, name, setup = arg[1], arg[2], arg[3]
if not dir or not name then
  print('usage: ardour7-lua tapeop-serve.lua <session-folder> <snapshot-name> [setup.lua]')
  os.exit(2)
end

local function say(text)
  print('tapeop-serve: ' .. text)
  io.stdout:flush()
end

local session = load_session(dir, name)
if not session then
  say('cannot load the session ' .. name .. ' in ' .. dir)
  os.exit(1)
end
Session = session

local env = { session = session, config_dir = ARDOUR.user_config_directory(-1) }
function env.reload()
  close_session()
  local again = load_session(dir, name)
  if not again then
    say('cannot load the session again; stopping')
    os.exit(1)
  end
  Session = again
  env.session = again
end

if setup then
  local chunk, err = loadfile(setup)
  if not chunk then
    say('setup file: ' .. tostring(err))
    os.exit(1)
  end
  chunk()
end

say('ready, mailbox ' .. bridge.mailbox(env.config_dir))
while true do
  local ok, err = pcall(bridge.poll, env)
  if not ok then say('bridge: ' .. tostring(err)) end
  sleep(0.02)
end
