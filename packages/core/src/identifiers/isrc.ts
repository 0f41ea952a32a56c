// ISRC: IFPI ISRC Handbook / Bulletin 2015/01. 12 characters, shown as CC-XXX-YY-NNNNN:
// country (2 letters), registrant (3 letters or digits), year (2 digits), designation (5 digits).

export const ISRC_SHAPE = '12 characters: 2 letters, 3 letters or digits, 2 digits, 5 digits';

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/;

export interface IsrcParts {
  country: string;
  registrant: string;
  year: string;
  designation: string;
}

export type IsrcResult =
  | { ok: true; isrc: string; parts: IsrcParts }
  | { ok: false; input: string; reason: string };

/** Upper case, without the "ISRC" prefix, hyphens, dots, spaces or underscores. Does not validate. */
export function normalizeIsrc(input: string): string {
  const upper = input.trim().toUpperCase();
  const compact = (text: string) => text.replace(/[\s\-._]/g, '');
  const prefix = /^ISRC[:\s]*/.exec(upper);
  if (!prefix) return compact(upper);
  const rest = compact(upper.slice(prefix[0].length));
  // An Icelandic code (IS) whose registrant starts with RC begins with "ISRC" itself: it is a
  // prefix only when what follows it is not the rest of a 12-character code.
  return compact(upper).length === 12 && rest.length !== 12 ? compact(upper) : rest;
}

/** True for a normalized ISRC (as stored in tapeop documents). */
export function isIsrc(value: string): boolean {
  return ISRC.test(value);
}

/** Normalizes and validates; the failure says which part is wrong and how to fix it. */
export function parseIsrc(input: string): IsrcResult {
  const isrc = normalizeIsrc(input);
  if (ISRC.test(isrc)) {
    return {
      ok: true,
      isrc,
      parts: {
        country: isrc.slice(0, 2),
        registrant: isrc.slice(2, 5),
        year: isrc.slice(5, 7),
        designation: isrc.slice(7),
      },
    };
  }
  return { ok: false, input, reason: explain(isrc) };
}

function explain(isrc: string): string {
  if (isrc.length !== 12) {
    return `has ${isrc.length} characters without hyphens; an ISRC has ${ISRC_SHAPE}`;
  }
  const country = isrc.slice(0, 2);
  if (!/^[A-Z]{2}$/.test(country)) {
    return `country code "${country}" must be 2 letters${confusable(country, 'letters')}`;
  }
  const registrant = isrc.slice(2, 5);
  if (!/^[A-Z0-9]{3}$/.test(registrant)) {
    return `registrant code "${registrant}" must be 3 letters or digits`;
  }
  const year = isrc.slice(5, 7);
  if (!/^[0-9]{2}$/.test(year))
    return `year "${year}" must be 2 digits${confusable(year, 'digits')}`;
  const designation = isrc.slice(7);
  return `designation code "${designation}" must be 5 digits${confusable(designation, 'digits')}`;
}

/** O/0 and I/1 are the usual typing mistakes in ISRCs. */
function confusable(part: string, wanted: 'letters' | 'digits'): string {
  if (wanted === 'digits' && /[OI]/.test(part))
    return ' (check for the letter O or I typed for 0 or 1)';
  if (wanted === 'letters' && /[01]/.test(part))
    return ' (check for 0 or 1 typed for the letter O or I)';
  return '';
}

/** `GBAAA2400001` to the display form `GB-AAA-24-00001`. */
export function formatIsrc(isrc: string): string {
  const n = normalizeIsrc(isrc);
  if (!ISRC.test(n)) return isrc;
  return `${n.slice(0, 2)}-${n.slice(2, 5)}-${n.slice(5, 7)}-${n.slice(7)}`;
}
