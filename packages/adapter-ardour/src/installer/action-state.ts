import { TapeopError } from '@tapeop/core';

/**
 * Ardour's Lua action scripts are saved in <config>/ui_scripts as base64 of a Lua chunk that
 * rebuilds a table, one statement per field (gtk2_ardour/luainstance.cc, ScriptManager.save):
 *
 *   scripts = {} scripts[1] = {} scripts[1]["n"] = "Name" scripts[1]["s"] = "..." scripts[1]["f"] = "..."
 *
 * This module splits that chunk into its statements, grouped by slot, without evaluating it,
 * so tapeop can add or remove its own slot and leave every other byte as it was.
 */
export interface ActionState {
  /** The text before the first slot statement (normally "scripts = {} "). */
  head: string;
  /** Each slot's statements, exactly as they were in the text, in their original order. */
  slots: Array<{ slot: number; text: string }>;
}

/** Index just past a Lua string or long-bracket literal starting at `i`, or -1 when none starts. */
function skipLiteral(text: string, i: number): number {
  const c = text[i];
  if (c === '"' || c === "'") {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === c) return j + 1;
    }
    throw new TapeopError(
      'PARSE_ERROR',
      `Ardour's action script state has an unterminated string at ${i}`,
    );
  }
  if (c === '[') {
    const open = /^\[(=*)\[/.exec(text.slice(i, i + 64));
    if (!open) return -1;
    const close = `]${open[1]}]`;
    const end = text.indexOf(close, i + open[0].length);
    if (end < 0) {
      throw new TapeopError(
        'PARSE_ERROR',
        `Ardour's action script state has an unterminated long string at ${i}`,
      );
    }
    return end + close.length;
  }
  if (c === '-' && text[i + 1] === '-') {
    const long = /^--\[(=*)\[/.exec(text.slice(i, i + 64));
    if (long) {
      const end = text.indexOf(`]${long[1]}]`, i);
      return end < 0 ? text.length : end + long[1]!.length + 2;
    }
    const newline = text.indexOf('\n', i);
    return newline < 0 ? text.length : newline + 1;
  }
  return -1;
}

const SLOT_START = /^scripts\s*\[\s*(\d+)\s*\]/;

export function parseActionState(text: string): ActionState {
  const starts: Array<{ at: number; slot: number }> = [];
  let depth = 0;
  for (let i = 0; i < text.length; ) {
    const past = skipLiteral(text, i);
    if (past >= 0) {
      i = past;
      continue;
    }
    const c = text[i]!;
    if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth--;
    else if (depth === 0 && c === 's' && (i === 0 || /[\s;]/.test(text[i - 1]!))) {
      const match = SLOT_START.exec(text.slice(i, i + 40));
      if (match) starts.push({ at: i, slot: Number(match[1]) });
    }
    i++;
  }
  const head = text.slice(0, starts[0]?.at ?? text.length);
  const slots: ActionState['slots'] = [];
  starts.forEach((start, k) => {
    const piece = text.slice(start.at, starts[k + 1]?.at ?? text.length);
    const last = slots.at(-1);
    if (last && last.slot === start.slot) last.text += piece;
    else slots.push({ slot: start.slot, text: piece });
  });
  return { head, slots };
}

export function formatActionState(state: ActionState): string {
  return state.head + state.slots.map((s) => s.text).join('');
}

/** A Lua long-bracket literal that holds `text` whatever it contains. */
export function luaLongString(text: string): string {
  let level = 1;
  while (text.includes(`]${'='.repeat(level)}]`)) level++;
  const eq = '='.repeat(level);
  // A newline right after the opening bracket is dropped by Lua, so one is always added.
  return `[${eq}[\n${text}]${eq}]`;
}

/** The statements of one slot: a name, the source shown in Ardour, and the factory chunk. */
export function slotStatements(
  slot: number,
  name: string,
  source: string,
  factory: string,
): string {
  const s = `scripts[${slot}]`;
  return `${s} = {} ${s}["n"] = ${luaLongString(name)} ${s}["s"] = ${luaLongString(source)} ${s}["f"] = ${luaLongString(factory)} `;
}
