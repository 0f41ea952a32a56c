import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runLua } from '../../test/support/lua.js';
import { bridgeScriptPath } from './bridge-files.js';

// The bridge's pure parts (JSON, argument checks, dispatch, mailbox, answers) run in the real
// Lua 5.4 interpreter here; the operations that need Ardour run in the integration tests.
const withBridge = async (code: string) =>
  runLua(`local bridge = dofile('bridge.lua')\nlocal json = bridge.json\n${code}`, {
    'bridge.lua': await readFile(bridgeScriptPath()),
  });

describe('the bridge JSON codec (Lua)', () => {
  it('round-trips what the adapter sends', async () => {
    const request = {
      id: 'abc',
      op: 'locations.add_ranges',
      args: {
        ranges: [{ name: 'Café "☃"\n\ttab\\', start: 0, end: 2 ** 40 }],
        empty: [],
        flag: false,
        none: null,
      },
      float: -12.5,
    };
    const out = await withBridge(
      `
      local r = json.decode(io.read('a'))
      assert(r.args.none == json.null)
      assert(math.type(r.args.ranges[1]['end']) == 'integer')
      io.write(json.encode(r))`.replace("io.read('a')", `[==[${JSON.stringify(request)}]==]`),
    );
    expect(JSON.parse(out)).toEqual(request);
  });

  const broken: Array<[string, RegExp]> = [
    ['', /offset 0: the text ends/],
    ['{"a": 1', /"," or "}" expected/],
    ['{"a" 1}', /":" expected/],
    ['{a: 1}', /key must be a string/],
    ['[1, 2', /"," or "]" expected/],
    ['"unterminated', /never closed/],
    ['"bad \\q escape"', /bad escape/],
    ['"\\ud800"', /lone surrogate/],
    ['[01]', /malformed number/],
    ['[1.]', /malformed number/],
    ['[-]', /malformed number/],
    ['tru', /unexpected text/],
    ['{} {}', /text after the JSON value/],
    ['"tab\there"', /control character/],
    [`${'['.repeat(100)}${']'.repeat(100)}`, /nested too deeply/],
  ];
  for (const [text, message] of broken) {
    it(`refuses ${JSON.stringify(text.slice(0, 20))} with the offset`, async () => {
      const out = await withBridge(
        `local ok, err = pcall(json.decode, [==[${text}]==]) print(ok, err)`,
      );
      expect(out).toMatch(/^false\tjson: offset \d+: /);
      expect(out).toMatch(message);
    });
  }

  it('never splits a UTF-8 character between two answer pieces', async () => {
    const out = await withBridge(`
      local text = string.rep('a', 7999) .. '☃' .. string.rep('é', 5000)
      local parts = bridge.chunks(text)
      for i, p in ipairs(parts) do assert(utf8.len(p), 'piece ' .. i .. ' is not whole UTF-8') end
      assert(table.concat(parts) == text)
      print(#parts)`);
    expect(Number(out)).toBe(3);
  });
});

describe('the bridge mailbox and dispatch (Lua)', () => {
  const stubs = `
    local sent = {}
    ARDOUR = { LuaOSC = { Address = function(url) return { send = function(_, path, types, ...) sent[#sent + 1] = { url, path, types, ... } end } end } }
    os.execute('mkdir -p cfg/tapeop/mailbox')
    local env = { config_dir = 'cfg', session = {} }
    local function request(text)
      local f = io.open('cfg/tapeop/mailbox/request.json', 'w') f:write(text) f:close()
      sent = {}
      local handled = bridge.poll(env)
      assert(io.open('cfg/tapeop/mailbox/request.json') == nil, 'the request was not removed')
      return handled
    end
    local function answer()
      local parts = {}
      for _, s in ipairs(sent) do parts[s[5]] = s[7] end
      return sent[1] and (sent[1][1] .. ' ' .. sent[1][2] .. ' ' .. sent[1][3] .. ' ' .. sent[1][4] .. ' ' .. table.concat(parts)) or 'nothing'
    end`;

  it('answers over OSC to 127.0.0.1 only, with the request id', async () => {
    const out = await withBridge(`${stubs}
      bridge.ops['test.echo'] = function(_, args) return { got = args.value } end
      print(request('{"id":"r1","op":"test.echo","args":{"value":"héllo"},"replyPort":45678,"host":"10.0.0.9"}'))
      print(answer())
      local kept = io.open('cfg/tapeop/mailbox/answer-r1.json') print(kept:read('a')) kept:close()
      print(io.open('cfg/tapeop/mailbox/answer-r1.tmp'))`);
    expect(out.trim().split('\n')).toEqual([
      'true',
      'osc.udp://127.0.0.1:45678 /tapeop/reply siis r1 {"ok":true,"result":{"got":"héllo"}}',
      '{"ok":true,"result":{"got":"héllo"}}',
      'nil\tcfg/tapeop/mailbox/answer-r1.tmp: No such file or directory\t2',
    ]);
  });

  it('keeps an answer in the mailbox only under an id of letters and digits', async () => {
    const out = await withBridge(`${stubs}
      os.execute('mkdir -p cfg/tapeop/mailbox/x')
      request('{"id":"../x/evil","op":"describe","replyPort":1}')
      print(#sent, io.open('cfg/tapeop/mailbox/answer-../x/evil.json') == nil)
      local p = io.popen('ls cfg/tapeop/mailbox cfg/tapeop/mailbox/x') print((p:read('a'):gsub('%s+', ' '))) p:close()`);
    expect(out.trim().split('\n')).toEqual([
      '1\ttrue',
      'cfg/tapeop/mailbox: x cfg/tapeop/mailbox/x:',
    ]);
  });

  it('runs only the operations it knows, and checks their arguments', async () => {
    const out = await withBridge(`${stubs}
      request('{"id":"r2","op":"os.execute","args":{},"replyPort":1}') print(answer())
      request('{"id":"r3","op":"tracks.ensure","args":{"tracks":[{"name":"A","channels":7}]},"replyPort":1}') print(answer())
      request('{"id":"r4","op":"locations.remove","args":{"remove":"all"},"replyPort":1}') print(answer())
      request('{"id":"r5","op":"describe","args":[1],"replyPort":1}') print(answer())`);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/"code":"UNSUPPORTED","message":"unknown operation os.execute"/);
    expect(lines[1]).toMatch(
      /"code":"INVALID_ARGUMENT","message":"tracks\[0\].channels must be 1 or 2"/,
    );
    expect(lines[2]).toMatch(/"code":"INVALID_ARGUMENT","message":"args.remove must be a list"/);
    expect(lines[3]).toMatch(/"ok":false/);
  });

  it('drops a request it cannot read or answer, and goes on', async () => {
    const out = await withBridge(`${stubs}
      print(request('this is not JSON'), #sent)
      print(request('{"id":"r6","op":"describe"}'), #sent)
      print(request('{"id":7,"op":"describe","replyPort":1}'), #sent)
      print(bridge.poll(env))`);
    expect(out.trim().split('\n')).toEqual(['true\t0', 'true\t0', 'true\t0', 'false']);
  });
});
