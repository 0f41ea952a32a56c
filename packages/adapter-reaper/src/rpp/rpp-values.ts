import type { RppProblem } from './rpp-problem.js';
import type { RppField } from './rpp-tree.js';

/**
 * Reads numbers out of fields for the project model. A value that is not a number is reported
 * (with its line) and the default used: REAPER itself reads such a value as 0 or its default,
 * and one odd value never stops a read.
 */
export class RppValueReader {
  constructor(private readonly problems: RppProblem[]) {}

  number(field: RppField | undefined, index: number, fallback: number): number {
    const token = field?.params[index];
    if (field === undefined || token === undefined) return fallback;
    const value = Number(token);
    if (token.trim() !== '' && Number.isFinite(value)) return value;
    this.problems.push({
      code: 'bad-value',
      severity: 'warning',
      line: field.line,
      message: `${field.name}: value ${index + 1} is "${token}", not a number; ${fallback} is used`,
    });
    return fallback;
  }

  flag(field: RppField | undefined, index: number, fallback = false): boolean {
    return this.number(field, index, fallback ? 1 : 0) !== 0;
  }
}
