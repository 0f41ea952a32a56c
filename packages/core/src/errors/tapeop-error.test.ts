import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger, noopLogger } from '../logging/logger.js';
import { errorCodes, isTapeopError, TapeopError, toTapeopError } from './tapeop-error.js';

describe('TapeopError', () => {
  it('carries a stable code, details, a hint and the cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new TapeopError('DAW_UNREACHABLE', 'REAPER does not answer on 127.0.0.1:8080', {
      details: { host: '127.0.0.1', port: 8080 },
      hint: 'Enable the web interface in REAPER: Preferences → Control/OSC/web.',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TapeopError');
    expect(error.code).toBe('DAW_UNREACHABLE');
    expect(error.cause).toBe(cause);
    expect(error.fullMessage).toBe(
      'REAPER does not answer on 127.0.0.1:8080\nEnable the web interface in REAPER: Preferences → Control/OSC/web.',
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'DAW_UNREACHABLE',
      message: 'REAPER does not answer on 127.0.0.1:8080',
      hint: 'Enable the web interface in REAPER: Preferences → Control/OSC/web.',
      details: { host: '127.0.0.1', port: 8080 },
    });
  });

  it('has the codes the brief names', () => {
    for (const code of [
      'SCHEMA_INVALID',
      'FILE_NOT_FOUND',
      'ADAPTER_NOT_FOUND',
      'DAW_UNREACHABLE',
      'DAW_REJECTED',
      'TIMEOUT',
      'UNSUPPORTED',
    ]) {
      expect(errorCodes).toContain(code);
    }
  });

  it('is recognized by code', () => {
    const error = new TapeopError('TIMEOUT', 'no reply');
    expect(isTapeopError(error)).toBe(true);
    expect(isTapeopError(error, 'TIMEOUT')).toBe(true);
    expect(isTapeopError(error, 'UNSUPPORTED')).toBe(false);
    expect(isTapeopError(new Error('x'))).toBe(false);
  });

  it('wraps foreign errors', () => {
    const wrapped = toTapeopError(new Error('EACCES'), 'IO_ERROR', 'cannot write session.json');
    expect(wrapped.code).toBe('IO_ERROR');
    expect(wrapped.message).toBe('cannot write session.json: EACCES');
    const same = new TapeopError('TIMEOUT', 'x');
    expect(toTapeopError(same)).toBe(same);
    expect(toTapeopError('text').code).toBe('INTERNAL');
  });
});

describe('loggers', () => {
  it('hand records with namespaces to a sink', () => {
    const logger = createMemoryLogger();
    logger.child('session').child('scan').warn('odd chunk', { offset: 36 });
    expect(logger.records).toEqual([
      {
        level: 'warn',
        namespace: 'tapeop:session:scan',
        message: 'odd chunk',
        fields: { offset: 36 },
      },
    ]);
  });

  it('can be silent', () => {
    expect(() => noopLogger.child('x').error('nothing')).not.toThrow();
    const lines: string[] = [];
    createLogger((r) => lines.push(`${r.level} ${r.message}`)).info('hello');
    expect(lines).toEqual(['info hello']);
  });
});
