import { EAN_SHAPE, isEan13, parseEan } from '../identifiers/ean.js';
import { ISRC_SHAPE, isIsrc, normalizeIsrc, parseIsrc } from '../identifiers/isrc.js';
import { isSongId } from '../identifiers/song-id.js';
import { isUlid } from '../identifiers/ulid.js';

/** tapeop's own string formats: the check, and what to say when a value fails it. */
export const customFormats: Record<
  string,
  { validate: (value: string) => boolean; explain: (value: string) => string }
> = {
  isrc: {
    validate: isIsrc,
    explain(value) {
      const parsed = parseIsrc(value);
      if (parsed.ok) {
        return `is not an ISRC as stored (${ISRC_SHAPE}, no hyphens); write it as "${parsed.isrc}"`;
      }
      const normalized = normalizeIsrc(value);
      const detail = normalized.length === 12 ? `: ${parsed.reason}` : '';
      return `is not an ISRC (${ISRC_SHAPE})${detail}`;
    },
  },
  ean: {
    validate: isEan13,
    explain(value) {
      const parsed = parseEan(value);
      if (parsed.ok) return `is not a UPC/EAN as stored (13 digits); write it as "${parsed.ean}"`;
      return `is not a UPC/EAN (${EAN_SHAPE}): it ${parsed.reason}`;
    },
  },
  ulid: {
    validate: isUlid,
    explain: () =>
      'is not a ULID (26 characters of Crockford base32, e.g. 01JD3Q7Z8X9K2M4N6P8R0T2V4W)',
  },
  'song-id': {
    validate: isSongId,
    explain: () =>
      "is not a song id (letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters)",
  },
};

/** Messages for the standard formats tapeop uses. */
export const standardFormatMessages: Record<string, string> = {
  'date-time': 'is not an ISO 8601 date and time with a time zone (e.g. 2026-11-24T10:30:00Z)',
  date: 'is not a date (YYYY-MM-DD)',
};
