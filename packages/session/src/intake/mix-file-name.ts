/**
 * What a studio's file name says about a mix: `01 - Song Title (Master v3).wav`,
 * `01_Song_Title_MIX_v2_24b96k.wav`, `A1 Song.wav`, `Song Title FINAL_v2 2024-03-15.aif`, ...
 * A best reading of a human convention, never an error: what is not recognized stays in the
 * title, and a metadata sheet can correct it.
 */
export interface MixFileName {
  /** The file name as given (without folders). */
  fileName: string;
  /** Track number, from `01 - `, `01_`, `01.`, `Track 01`, `1-01` (disc-track). */
  trackNumber: number | undefined;
  /** Disc number, from `1-01 Song` or `CD2-03 Song`. */
  discNumber: number | undefined;
  /** Vinyl side and position, from `A1 Song`, `B2 - Song`. */
  vinyl: { side: string; position: number } | undefined;
  /** Artist, from `Artist - 01 - Title` or a leading `Artist - ` matching `options.artist`. */
  artist: string | undefined;
  /** The song title: `(Instrumental)`, `(Radio Edit)`, `(feat. X)` stay in it. */
  title: string;
  /** Lower case, no accents or punctuation: the form titles are matched in. */
  titleKey: string;
  /** The version as written: 'Master v3', 'MIX v2', 'FINAL v2', 'v3 2024-03-15'. */
  versionLabel: string | undefined;
  /** The number in the version label (v3 → 3, 'Mix 2' → 2, v1.2 → 1.2). */
  versionNumber: number | undefined;
  /** The label says final (FINAL, Final Mix, FINAL_v2). */
  isFinal: boolean;
  /** A date in the name, as YYYY-MM-DD. */
  date: string | undefined;
  /** Resolution written in the name (`24b96k`, `_24-96`, `16-44.1`, `32f`): a hint only. */
  formatHint: { bitDepth?: number; sampleRate?: number; float?: boolean } | undefined;
}

export interface ParseMixFileNameOptions {
  /** The album artist: a leading `Artist - ` equal to it is taken off the title. */
  artist?: string;
}

/** Words that say which version of a mix a file is, not what the song is called. */
const VERSION_WORDS = new Set([
  'mix',
  'mixed',
  'mixdown',
  'master',
  'mastered',
  'premaster',
  'pre-master',
  'premastered',
  'mstr',
  'final',
  'print',
  'bounce',
  'approved',
  'main',
  'stereo',
  'version',
  'ver',
  'rev',
  'revision',
  'take',
  'update',
  'updated',
]);
/** Version words that a number may follow: `Mix 2`, `Version 3`. */
const NUMBERED_WORDS = new Set([
  'mix',
  'master',
  'final',
  'print',
  'bounce',
  'version',
  'ver',
  'rev',
  'revision',
  'take',
  'update',
]);
const VERSION_TOKEN =
  /^(?:v|ver|version|rev|take|mix|master|print|bounce|final|update)[-.]?\d+(?:\.\d+)?$/i;
const RATE_VALUES: Record<string, number> = {
  '44': 44100,
  '44.1': 44100,
  '44,1': 44100,
  '48': 48000,
  '88': 88200,
  '88.2': 88200,
  '88,2': 88200,
  '96': 96000,
  '176': 176400,
  '176.4': 176400,
  '176,4': 176400,
  '192': 192000,
};
/** `24-96`, `24b96k`, `24bit_96kHz`, `16-44.1`, `24 96`, `32f-48k`: bit depth with rate. */
const DEPTH_AND_RATE =
  /(?<![\w.])(16|24|32)(f|fp|float)?(?:b|bit)?[\s\-_/]*(44[.,]1|44k1|44|48|88[.,]2|88|96|176[.,]4|176|192)(?:k(?:hz)?)?(?![\w.])/gi;
const DEPTH_ONLY = /^(16|20|24|32|64)(b|bit|bits|f|fp|float|bit-float)$/i;
const RATE_ONLY = /^(?:(44[.,]1|48|88[.,]2|96|176[.,]4|192)(?:k|khz)|(44k1|88k2|176k4))$/i;
const STRIP_CHARS = /^[\s\-–—_.,;:]+|[\s\-–—_,;:]+$/g;

/** Reads a mix's file name the way studios write them. */
export function parseMixFileName(
  fileName: string,
  options: ParseMixFileNameOptions = {},
): MixFileName {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  let stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const formatHint: NonNullable<MixFileName['formatHint']> = {};
  const versionParts: string[] = [];
  let date: string | undefined;

  // Underscores are spaces in studio names; a name made only of dots ('Song.Title.v2') too.
  stem = stem.replace(/_/g, ' ');
  if (!/\s/.test(stem) && (stem.match(/\./g)?.length ?? 0) >= 2) {
    stem = stem.replace(/\.(?!\d)/g, ' ');
  }
  stem = stem.replace(DEPTH_AND_RATE, (_match, depth: string, float?: string, rate?: string) => {
    formatHint.bitDepth = Number(depth);
    if (float) formatHint.float = true;
    formatHint.sampleRate = RATE_VALUES[(rate ?? '').toLowerCase().replace('k', '.')] ?? undefined;
    return ' ';
  });
  stem = stem.replace(/\s+/g, ' ').trim();

  // Leading track information.
  let artist: string | undefined;
  if (options.artist) {
    const prefix = new RegExp(`^${escapeRegExp(options.artist)}\\s*[-–—]\\s*`, 'i');
    if (prefix.test(stem)) {
      artist = options.artist;
      stem = stem.replace(prefix, '');
    }
  }
  const leading = readLeading(stem);
  stem = leading.rest;
  artist ??= leading.artist;
  const { trackNumber, discNumber, vinyl } = leading;

  // Bracketed groups that hold only version words move to the version label.
  stem = stem.replace(/\s*[([]([^()[\]]*)[)\]]/g, (group: string, inner: string) => {
    const tokens = inner.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) return ' ';
    const read = readVersionTokens(tokens, 0);
    if (read.taken !== tokens.length) return group;
    versionParts.push(...read.parts);
    date ??= read.date;
    mergeHint(formatHint, read.formatHint);
    return ' ';
  });

  // ' - ' separated segments: trailing ones made only of version words are the version.
  const segments = stem.split(/\s[-–—]\s/).map((s) => s.trim());
  while (segments.length > 1) {
    const tokens = segments[segments.length - 1]!.split(/\s+/).filter(Boolean);
    const read = readVersionTokens(tokens, 0);
    if (tokens.length === 0 || read.taken !== tokens.length) break;
    segments.pop();
    versionParts.unshift(...read.parts);
    date ??= read.date;
    mergeHint(formatHint, read.formatHint);
  }
  const tokens = segments.join(' - ').split(/\s+/).filter(Boolean);

  // Trailing version words, read from the end; never the whole title.
  const tail: string[] = [];
  let end = tokens.length;
  while (end > 1) {
    const one = classifyToken(tokens[end - 1]!);
    const number = /^\d+$/.test(tokens[end - 1]!);
    if (number && end > 2 && NUMBERED_WORDS.has(tokens[end - 2]!.toLowerCase())) {
      tail.unshift(tokens[end - 2]!, tokens[end - 1]!);
      end -= 2;
      continue;
    }
    if (!one) break;
    if (one.kind === 'date') date ??= one.date;
    else if (one.kind === 'format') mergeHint(formatHint, one.hint);
    if (one.kind !== 'format') tail.unshift(tokens[end - 1]!);
    end -= 1;
  }
  // A leading date: '240315 Song Title'.
  let start = 0;
  const leadingDate = end > 1 ? classifyToken(tokens[0]!) : undefined;
  if (leadingDate?.kind === 'date') {
    date = leadingDate.date;
    versionParts.unshift(tokens[0]!);
    start = 1;
  }
  versionParts.push(...tail);

  let title = tokens.slice(start, end).join(' ').replace(STRIP_CHARS, '').trim();
  if (!title)
    title =
      base
        .replace(/\.[A-Za-z0-9]{1,5}$/, '')
        .replace(/_/g, ' ')
        .trim() || base;
  const versionLabel = versionParts.join(' ').trim() || undefined;
  return {
    fileName: base,
    trackNumber,
    discNumber,
    vinyl,
    artist,
    title,
    titleKey: titleKey(title),
    versionLabel,
    versionNumber: versionLabel ? versionNumberOf(versionLabel) : undefined,
    isFinal: versionLabel ? /\bfinal/i.test(versionLabel) : false,
    date,
    formatHint: Object.keys(formatHint).length > 0 ? formatHint : undefined,
  };
}

interface Leading {
  rest: string;
  trackNumber?: number;
  discNumber?: number;
  vinyl?: { side: string; position: number };
  artist?: string;
}

/** The ways studios put the track in front of the title, tried in this order. */
const LEADING_PATTERNS: Array<[RegExp, (m: RegExpExecArray, stem: string) => Leading]> = [
  // 'Artist - 03 - Title'
  [
    /^(.+?)\s[-–—]\s(\d{1,3})\s[-–—]\s(.+)$/,
    (m) => ({ artist: m[1]!.trim(), trackNumber: Number(m[2]), rest: m[3]! }),
  ],
  // '1-03 Title', 'CD2-01 Title' (disc and track)
  [
    /^(?:CD|Disc|Disk)?\s?(\d{1,2})[-.](\d{1,3})(?:\s*[-–—.]\s*|\s+)(?=\S)/i,
    (m, stem) => ({
      discNumber: Number(m[1]),
      trackNumber: Number(m[2]),
      rest: stem.slice(m[0].length),
    }),
  ],
  // 'Track 07 - Title'
  [
    /^(?:track|trk|tr)\s*\.?\s*(\d{1,3})\b\s*[-–—.)]?\s*/i,
    (m, stem) => ({ trackNumber: Number(m[1]), rest: stem.slice(m[0].length) }),
  ],
  // 'A1 Title' (vinyl side and position)
  [
    /^([A-H])(\d{1,2})(?:\s*[-–—.)]\s*|\s+)(?=\S)/,
    (m, stem) => ({
      vinyl: { side: m[1]!, position: Number(m[2]) },
      rest: stem.slice(m[0].length),
    }),
  ],
  // '01 - Title', '01. Title', '01 Title', '1) Title'
  [
    /^(\d{1,3})(?:\s*[-–—.)]\s*|\s+|(?=[A-Za-z]))(?=\S)/,
    (m, stem) => ({ trackNumber: Number(m[1]), rest: stem.slice(m[0].length) }),
  ],
];

function readLeading(stem: string): Leading {
  for (const [pattern, read] of LEADING_PATTERNS) {
    const match = pattern.exec(stem);
    if (match) return read(match, stem);
  }
  return { rest: stem };
}

type TokenKind =
  | { kind: 'version' }
  | { kind: 'date'; date: string }
  | { kind: 'format'; hint: NonNullable<MixFileName['formatHint']> };

function classifyToken(token: string): TokenKind | undefined {
  const lower = token.toLowerCase();
  if (VERSION_WORDS.has(lower) || VERSION_TOKEN.test(token)) return { kind: 'version' };
  const date = readDate(token);
  if (date) return { kind: 'date', date };
  const depth = DEPTH_ONLY.exec(token);
  if (depth) {
    const float = /f/i.test(depth[2]!) && !/^bits?$/i.test(depth[2]!);
    return { kind: 'format', hint: { bitDepth: Number(depth[1]), ...(float ? { float } : {}) } };
  }
  const rate = RATE_ONLY.exec(token);
  if (rate) {
    const key = (rate[1] ?? rate[2]!).toLowerCase().replace('k', '.');
    const sampleRate = RATE_VALUES[key];
    if (sampleRate) return { kind: 'format', hint: { sampleRate } };
  }
  return undefined;
}

/** Reads version tokens from `from`; `taken` says how many were version words. */
function readVersionTokens(
  tokens: string[],
  from: number,
): {
  taken: number;
  parts: string[];
  date: string | undefined;
  formatHint: MixFileName['formatHint'];
} {
  const parts: string[] = [];
  const hint: NonNullable<MixFileName['formatHint']> = {};
  let date: string | undefined;
  let i = from;
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    const kind = classifyToken(token);
    const numberAfterWord =
      /^\d+(?:\.\d+)?$/.test(token) && i > from && NUMBERED_WORDS.has(tokens[i - 1]!.toLowerCase());
    if (!kind && !numberAfterWord) break;
    if (kind?.kind === 'date') date ??= kind.date;
    if (kind?.kind === 'format') mergeHint(hint, kind.hint);
    else parts.push(token);
  }
  return { taken: i - from, parts, date, formatHint: hint };
}

function mergeHint(
  into: NonNullable<MixFileName['formatHint']>,
  from: MixFileName['formatHint'],
): void {
  if (!from) return;
  if (from.bitDepth !== undefined) into.bitDepth = from.bitDepth;
  if (from.sampleRate !== undefined) into.sampleRate = from.sampleRate;
  if (from.float) into.float = true;
}

/** YYYY-MM-DD, YYYYMMDD, YYYY.MM.DD, DD.MM.YYYY or YYMMDD, when it is a real date. */
const DATE_PATTERNS: Array<[RegExp, (m: RegExpExecArray) => [number, number, number]]> = [
  [/^((?:19|20)\d\d)[-.]?(\d\d)[-.]?(\d\d)$/, (m) => [Number(m[1]), Number(m[2]), Number(m[3])]],
  [/^(\d\d)[-.](\d\d)[-.]((?:19|20)\d\d)$/, (m) => [Number(m[3]), Number(m[2]), Number(m[1])]],
  [/^(\d\d)(\d\d)(\d\d)$/, (m) => [2000 + Number(m[1]), Number(m[2]), Number(m[3])]],
];

function readDate(token: string): string | undefined {
  for (const [pattern, read] of DATE_PATTERNS) {
    const match = pattern.exec(token);
    if (match) return isoDate(...read(match));
  }
  return undefined;
}

/** 'YYYY-MM-DD' for a real date, undefined for one like February 30. */
export function isoDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}

function versionNumberOf(label: string): number | undefined {
  const pattern =
    /(?:^|[^a-z])(?:v|ver|version|rev|revision|take|mix|master|print|bounce|final|update)[\s.-]?(\d+(?:\.\d+)?)(?![\d-])/gi;
  let found: number | undefined;
  for (const match of label.matchAll(pattern)) found = Number(match[1]);
  return found;
}

/** Lower case, accents and punctuation removed, '&' as 'and': how titles are compared. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
