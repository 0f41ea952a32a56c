import { TapeopError } from '@tapeop/core';

/** A mistake on the command line (exit code 2). The hint points at the command's help. */
export class UsageError extends TapeopError {
  constructor(message: string, options: { command?: string; hint?: string } = {}) {
    super('INVALID_ARGUMENT', message, {
      details: { usage: true, ...(options.command ? { command: options.command } : {}) },
      hint:
        options.hint ??
        `Run 'tapeop ${options.command ? `${options.command} ` : ''}--help' for the usage and examples.`,
    });
  }
}
