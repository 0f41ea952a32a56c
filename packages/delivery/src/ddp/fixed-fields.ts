import { TapeopError } from '@tapeop/core';

// DDP descriptors (DDPID, DDPMS, the PQ descriptor) are records of fixed-width ASCII fields:
// text left-aligned and space-padded, numbers right-aligned, unset fields all spaces.

/** Where a record sits, so that every error names the file and the byte offset. */
export interface RecordPlace {
  file: string;
  /** Offset of the record's first byte in the file. */
  offset: number;
}

export function blankRecord(length: number): Buffer {
  return Buffer.alloc(length, 0x20);
}

/** Printable ASCII only: a control byte would corrupt a record that other tools parse by offset. */
export function putText(
  record: Buffer,
  offset: number,
  width: number,
  text: string | undefined,
  field: string,
): void {
  if (text === undefined || text === '') return;
  if (text.length > width) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `${field} "${text}" is ${text.length} characters long; the field holds ${width}`,
      { details: { field, width, value: text }, hint: `Shorten ${field} to ${width} characters.` },
    );
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `${field} "${text}" has the character ${JSON.stringify(text[i])} at position ${i + 1}; DDP fields take printable ASCII only`,
        {
          details: { field, value: text },
          hint: `Use plain ASCII letters, digits and punctuation in ${field}.`,
        },
      );
    }
    record[offset + i] = code;
  }
}

/** A whole number right-aligned in its field, padded with zeros (as Sonoris and HOFA write). */
export function putNumber(
  record: Buffer,
  offset: number,
  width: number,
  value: number | undefined,
  field: string,
): void {
  if (value === undefined) return;
  const digits = String(value);
  if (!Number.isInteger(value) || value < 0 || digits.length > width) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `${field} ${value} does not fit a ${width}-digit DDP number field`,
      { details: { field, width, value } },
    );
  }
  record.write(digits.padStart(width, '0'), offset, 'latin1');
}

/** The field's text without the padding; undefined when the field is blank. */
export function readText(record: Buffer, offset: number, width: number): string | undefined {
  const text = record.toString('latin1', offset, offset + width).replace(/[\s\0]+$/, '');
  const trimmed = text.replace(/^[\s\0]+/, '');
  return trimmed === '' ? undefined : trimmed;
}

/**
 * A number field. Writers pad with spaces (cue2ddp) or zeros (Sonoris, HOFA); both are read.
 * Blank gives undefined; anything but digits is an error naming the file, offset and field.
 */
export function readNumber(
  record: Buffer,
  place: RecordPlace,
  offset: number,
  width: number,
  field: string,
): number | undefined {
  const text = readText(record, offset, width);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw garbage(place, offset, field, record.subarray(offset, offset + width), 'digits');
  }
  return Number(text);
}

export function garbage(
  place: RecordPlace,
  offset: number,
  field: string,
  bytes: Buffer,
  expected: string,
): TapeopError {
  const at = place.offset + offset;
  return new TapeopError(
    'PARSE_ERROR',
    `${place.file}: byte ${at}: field ${field} holds ${describeBytes(bytes)}; expected ${expected}`,
    {
      details: { file: place.file, offset: at, field },
      hint: `The file is damaged or was not written as a DDP 2.00 ${place.file}; ask for a fresh copy of the DDP.`,
    },
  );
}

function describeBytes(bytes: Buffer): string {
  const printable = [...bytes].every((b) => b >= 0x20 && b <= 0x7e);
  return printable ? JSON.stringify(bytes.toString('latin1')) : `bytes ${bytes.toString('hex')}`;
}
