/**
 * Progress of a long run on a terminal: `xmbench: 1.250s of 10s emulated
 * (0.42x real time)` rewritten in place on stderr about every half second
 * of wall-clock time, and erased when the run ends. Shown only when stderr
 * is a terminal and `CI` is not set, so logs and pipes never get it. The
 * wall clock is read here, in the command line, to pace the display; it
 * never reaches the run, whose time is emulated only.
 *
 * @module
 */

/** A progress display: `update` while running, `done` at the end. */
export interface Progress {
  /** Reports the emulated time reached (µs) and the end (µs); redraws at most every 0.5 s. */
  readonly update: (nowUs: number, endUs: number) => void;
  /** Erases the line (when one was drawn). */
  readonly done: () => void;
}

/** Seconds, with up to three decimals: `1.25s`. */
function seconds(us: number): string {
  return `${Number((us / 1e6).toFixed(3))}s`;
}

/**
 * A progress display on stderr, or undefined when stderr is not a terminal
 * or `CI` is set.
 *
 * @param everyMs How often to redraw, in wall-clock milliseconds (default 500).
 * @returns The display, or undefined.
 */
export function terminalProgress(everyMs = 500): Progress | undefined {
  let ci: string | undefined;
  try {
    ci = Deno.env.get("CI");
  } catch {
    ci = undefined; // no env permission: assume not CI
  }
  if (!Deno.stderr.isTerminal() || (ci !== undefined && ci !== "")) return undefined;
  const enc = new TextEncoder();
  let start: number | undefined; // the first update: the run's start
  let last = 0;
  let drawn = false;
  return {
    update(nowUs, endUs) {
      const t = performance.now();
      if (start === undefined) {
        start = last = t;
        return;
      }
      if (t - last < everyMs) return;
      last = t;
      const speed = nowUs / 1000 / (t - start);
      const line = `xmbench: ${seconds(nowUs)} of ${seconds(endUs)} emulated (${
        speed.toFixed(2)
      }x real time)`;
      Deno.stderr.writeSync(enc.encode(`\r\x1b[K${line}`));
      drawn = true;
    },
    done() {
      if (drawn) Deno.stderr.writeSync(enc.encode("\r\x1b[K"));
      drawn = false;
    },
  };
}
