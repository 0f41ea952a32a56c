import { TapeopError } from '@tapeop/core';

// The parser for REAPER's OSC pattern configuration files (Default.ReaperOSC and copies of it).
// Grammar (the file's own comments): '#' starts a comment; a setting is "NAME value"; an action
// line is "ACTION_NAME" followed by patterns, each a flag letter and an address, where '@'
// stands for a target number.

export type OscFlag = 'n' | 'f' | 'b' | 't' | 'r' | 's' | 'i';

export interface OscPattern {
  action: string;
  flag: OscFlag;
  /** The address as written, e.g. "/track/@/fx/@/fxparam/@/value". */
  address: string;
  segments: string[];
  /** How many '@' targets the address has. */
  targets: number;
  line: number;
}

export interface OscPatternConfig {
  file: string;
  /** Settings such as DEVICE_TRACK_COUNT, as written. */
  settings: Map<string, string>;
  patterns: OscPattern[];
  byAction: Map<string, OscPattern[]>;
}

const FLAGS = new Set(['n', 'f', 'b', 't', 'r', 's', 'i']);
const ACTION_NAME = /^[A-Z][A-Z0-9_+-]*$/;

/** Parses a pattern file's text; `file` names it in error messages. */
export function parseOscPatternFile(text: string, file = 'pattern file'): OscPatternConfig {
  const settings = new Map<string, string>();
  const patterns: OscPattern[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, i) => {
    const lineNumber = i + 1;
    const hash = raw.indexOf('#');
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (line === '') return;
    const [name, ...rest] = line.split(/\s+/);
    if (!name || !ACTION_NAME.test(name)) {
      throw new TapeopError(
        'PARSE_ERROR',
        `${file}:${lineNumber}: "${name}" is not an action or setting name (capital letters, digits and _)`,
        {
          details: { file, line: lineNumber },
          hint: 'Each line starts with a name such as TRACK_VOLUME, then its patterns; comments start with #.',
        },
      );
    }
    if (rest.length === 0) return; // an action without patterns is ignored, as REAPER does
    const looksLikePattern = (token: string) => /^[a-z]\//.test(token);
    if (rest.length === 1 && !looksLikePattern(rest[0]!)) {
      settings.set(name, rest[0]!);
      return;
    }
    for (const token of rest) {
      const flag = token[0];
      if (!looksLikePattern(token) || !flag || !FLAGS.has(flag)) {
        throw new TapeopError(
          'PARSE_ERROR',
          `${file}:${lineNumber}: "${token}" is not a pattern: a pattern is a flag (n f b t r s i) followed by an address, like n/track/@/volume`,
          {
            details: { file, line: lineNumber, token },
          },
        );
      }
      const address = token.slice(1);
      const segments = address.split('/').slice(1);
      if (segments.some((s) => s === '')) {
        throw new TapeopError(
          'PARSE_ERROR',
          `${file}:${lineNumber}: "${token}" has an empty address part`,
          {
            details: { file, line: lineNumber, token },
          },
        );
      }
      patterns.push({
        action: name,
        flag: flag as OscFlag,
        address,
        segments,
        targets: segments.filter((s) => s === '@').length,
        line: lineNumber,
      });
    }
  });
  const byAction = new Map<string, OscPattern[]>();
  for (const p of patterns) byAction.set(p.action, [...(byAction.get(p.action) ?? []), p]);
  return { file, settings, patterns, byAction };
}

export interface OscMatch {
  pattern: OscPattern;
  /** The numbers each '@' stood for (a comma list gives several). */
  targets: number[][];
  /** The text each '@' stood for (an action's "_TAPEOP_BRIDGE", say). */
  raw: string[];
}

/** Finds the pattern an incoming address matches, with its target numbers. */
export function matchOscAddress(config: OscPatternConfig, address: string): OscMatch | undefined {
  const parts = address.split('/').slice(1);
  for (const pattern of config.patterns) {
    if (pattern.segments.length !== parts.length) continue;
    const targets: number[][] = [];
    const raw: string[] = [];
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const want = pattern.segments[i]!;
      const got = parts[i]!;
      if (want === '@') {
        raw.push(got);
        if (/^\d+(,\d+)*$/.test(got)) targets.push(got.split(',').map(Number));
        else if (pattern.action === 'ACTION' && /^_?[A-Za-z0-9_]+$/.test(got))
          targets.push([Number.NaN]);
        else ok = false;
      } else if (want !== got) ok = false;
    }
    if (ok) return { pattern, targets, raw };
  }
  return undefined;
}

/** Writes an address for a pattern with its '@' targets filled in. */
export function fillOscAddress(pattern: OscPattern, targets: Array<number | string>): string {
  let i = 0;
  return `/${pattern.segments.map((s) => (s === '@' ? String(targets[i++]) : s)).join('/')}`;
}

/** A numeric setting, or the default REAPER uses when the file leaves it out. */
export function oscSetting(config: OscPatternConfig, name: string, fallback: number): number {
  const value = Number(config.settings.get(name));
  return Number.isFinite(value) ? value : fallback;
}
