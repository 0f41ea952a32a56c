/**
 * Where the CLI writes for people. Colors only on a TTY and never with NO_COLOR set
 * (https://no-color.org: any non-empty value); FORCE_COLOR=1 turns them on for a pipe.
 * Progress bars only when stderr is a TTY: logs and CI output stay clean.
 */

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

export interface Progress {
  /** Sets the amount done (same unit as the total). */
  update(done: number, label?: string): void;
  /** Clears the bar. */
  done(): void;
}

export interface Terminal {
  /** A line on stdout (nothing with --json: stdout then carries only the JSON document). */
  line(text?: string): void;
  /** A line on stderr: warnings and errors, always. */
  errorLine(text: string): void;
  style: Style;
  errorStyle: Style;
  /** A progress bar on stderr when it is a TTY; otherwise a bar that draws nothing. */
  progress(label: string, total: number): Progress;
  /** Writes raw text to stdout, as a command's product (--json output, an exported sheet). */
  raw(text: string): void;
}

export function colorsEnabled(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0')
    return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

const ansi = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;

export function createStyle(enabled: boolean): Style {
  if (!enabled) {
    const plain = (text: string) => text;
    return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  }
  return {
    bold: ansi(1, 22),
    dim: ansi(2, 22),
    red: ansi(31, 39),
    yellow: ansi(33, 39),
    green: ansi(32, 39),
    cyan: ansi(36, 39),
  };
}

const silentProgress: Progress = { update() {}, done() {} };

export function createTerminal(options: {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  json: boolean;
}): Terminal {
  const { stdout, stderr, env, json } = options;
  const style = createStyle(!json && colorsEnabled(stdout, env));
  const errorStyle = createStyle(colorsEnabled(stderr, env));
  let activeBar = false;
  const clearBar = () => {
    if (activeBar) {
      stderr.write('\r\u001b[2K');
      activeBar = false;
    }
  };
  return {
    line(text = '') {
      if (json) return;
      clearBar();
      stdout.write(`${text}\n`);
    },
    errorLine(text) {
      clearBar();
      stderr.write(`${text}\n`);
    },
    raw(text) {
      clearBar();
      stdout.write(text);
    },
    style,
    errorStyle,
    progress(label, total) {
      if (stderr.isTTY !== true || env.CI) return silentProgress;
      let lastDraw = 0;
      const draw = (done: number, text: string) => {
        const width = Math.max(10, Math.min(30, (stderr.columns ?? 80) - text.length - 20));
        const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
        const filled = Math.round(fraction * width);
        const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
        stderr.write(`\r\u001b[2K${text} [${bar}] ${Math.floor(fraction * 100)}%`);
        activeBar = true;
      };
      return {
        update(done, text = label) {
          const now = Date.now();
          if (now - lastDraw < 80 && done < total) return;
          lastDraw = now;
          draw(done, text);
        },
        done: clearBar,
      };
    },
  };
}
