/**
 * @module scripts/deploy/progress
 * Progress of long work, as kubectl-like tools show it: lines that stay (a condition changed,
 * an object applied) and, on a terminal only, one live status line rewritten in place with the
 * elapsed time. A pipe or a CI log gets the lasting lines alone, no carriage returns.
 */

export interface Progress {
  /** A line that stays. */
  line(text: string): void;
  /** The live status line (TTY only; ignored otherwise). */
  status(text: string): void;
  /** Clears the live status line. */
  done(): void;
}

export interface ProgressOptions {
  readonly stream: { write(text: string): unknown };
  readonly isTTY: boolean;
}

const CLEAR_LINE = '\r\u001b[2K';

export function createProgress({ stream, isTTY }: ProgressOptions): Progress {
  let isStatusShown = false;
  const clear = (): void => {
    if (isStatusShown) stream.write(CLEAR_LINE);
    isStatusShown = false;
  };
  return {
    line(text) {
      clear();
      stream.write(`${text}\n`);
    },
    status(text) {
      if (!isTTY) return;
      stream.write(`${CLEAR_LINE}${text}`);
      isStatusShown = true;
    },
    done: clear,
  };
}

/** Progress that only keeps lines, through a write function (tests, and --output json|yaml|name). */
export function linesProgress(write: (text: string) => void): Progress {
  return createProgress({ stream: { write }, isTTY: false });
}
