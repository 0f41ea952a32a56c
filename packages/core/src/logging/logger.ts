export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

/**
 * Libraries never print: they log through this interface, and the application decides where
 * the lines go (a terminal, a file, the hub's clients) and which levels it keeps.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines carry `namespace` (e.g. 'adapter-reaper'). */
  child(namespace: string): Logger;
}

const noop = (): void => {};

export const noopLogger: Logger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => noopLogger,
};

export interface LogRecord {
  level: LogLevel;
  namespace: string;
  message: string;
  fields: LogFields | undefined;
}

/** A logger that hands every record to `sink`; apps and tests build on it. */
export function createLogger(sink: (record: LogRecord) => void, namespace = 'tapeop'): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void =>
      sink({ level, namespace, message, fields });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (child) => createLogger(sink, `${namespace}:${child}`),
  };
}

/** A logger that keeps its records in memory, for tests and for reports. */
export function createMemoryLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  return Object.assign(
    createLogger((r) => records.push(r)),
    { records },
  );
}
