import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs a Lua chunk in the real Lua 5.4 interpreter (Debian's lua5.4, installed by .ci/run) and
 * returns what it printed. `files` are written next to it first.
 */
export async function runLua(
  code: string,
  files: Record<string, string | Buffer> = {},
): Promise<string> {
  return (await runLuaBytes(code, files)).toString('utf8');
}

/** runLua, with the output as bytes (for Lua that writes binary data such as bytecode). */
export async function runLuaBytes(
  code: string,
  files: Record<string, string | Buffer> = {},
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'tapeop-ardour-lua-'));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    await writeFile(join(dir, 'main.lua'), code);
    const { stdout } = await run('lua5.4', [join(dir, 'main.lua')], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'buffer',
    });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Lua that saves a table of action scripts the way Ardour's ScriptManager does (one assignment
 * per field, strings in %q form, the factory as string.dump bytecode), for realistic fixtures.
 */
export const SAVE_ACTION_STATE = `
local function q(v)
  if type(v) == 'number' then return tostring(v) end
  return string.format('%q', v)
end
function save_action_state(scripts)
  local out = { 'scripts = {} ' }
  local slots = {}
  for k in pairs(scripts) do slots[#slots + 1] = k end
  table.sort(slots)
  for _, i in ipairs(slots) do
    local s = scripts[i]
    out[#out + 1] = 'scripts[' .. i .. '] = {} '
    out[#out + 1] = 'scripts[' .. i .. ']["n"] = ' .. q(s.n) .. ' '
    out[#out + 1] = 'scripts[' .. i .. ']["s"] = ' .. q(s.s) .. ' '
    out[#out + 1] = 'scripts[' .. i .. ']["f"] = ' .. q(string.dump(load(s.f), true)) .. ' '
  end
  return table.concat(out)
end
`;
