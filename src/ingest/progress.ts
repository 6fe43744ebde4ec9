/**
 * Progress of a bulk run on stderr: one line redrawn in place on a
 * terminal, a plain line every few seconds when stderr is a file or pipe
 * (logs should not fill with carriage returns).
 */
import type { LiveStats } from "./ingest.js";
import { count, formatDuration } from "./summary.js";

export interface ProgressOptions {
  /** Redraw in place (a terminal) or print plain lines. */
  tty: boolean;
  /** Time between updates (default 250 ms on a terminal, 5 s otherwise). */
  intervalMs?: number;
}

export interface ProgressReporter {
  /** Stops updating and clears the in-place line. */
  stop(): void;
}

/** The rate is measured over this recent window, so the ETA follows changes in speed. */
const RATE_WINDOW_MS = 15_000;

/** Starts reporting `live` to `stream` until `stop()`. */
export function startProgress(live: LiveStats, stream: NodeJS.WritableStream, options: ProgressOptions): ProgressReporter {
  const samples: Array<{ at: number; done: number }> = [{ at: Date.now(), done: 0 }];
  let drawn = false;
  const timer = setInterval(
    () => {
      const now = Date.now();
      samples.push({ at: now, done: live.tally.done });
      while (samples.length > 2 && now - samples[1]!.at > RATE_WINDOW_MS) samples.shift();
      const line = progressLine(live, samples[0]!, samples[samples.length - 1]!);
      if (options.tty) {
        // a line wider than the terminal wraps, and \r then redraws only its last row
        const columns = (stream as { columns?: number }).columns;
        stream.write(`\r\x1b[K${columns ? line.slice(0, columns - 1) : line}`);
        drawn = true;
      } else stream.write(`${line}\n`);
    },
    options.intervalMs ?? (options.tty ? 250 : 5_000),
  );
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}

/** One line: files done of the total, files/s, failures, skips, ETA. */
export function progressLine(live: LiveStats, from: { at: number; done: number }, to: { at: number; done: number }): string {
  const done = live.tally.done;
  const seconds = (to.at - from.at) / 1000;
  const rate = seconds > 0 ? (to.done - from.done) / seconds : 0;
  const total = live.discoveryDone ? live.discovered : live.total;
  const parts: string[] = [];
  if (total !== null) {
    const share = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : "";
    parts.push(`${count(done)} / ${count(total)} files${share}`);
  } else parts.push(`${count(done)} / ${count(live.discovered)}+ files`);
  parts.push(`${rate.toFixed(rate < 10 ? 1 : 0)} files/s`);
  parts.push(`${count(live.tally.failures)} failed`);
  if (live.tally.skipped) parts.push(`${count(live.tally.skipped)} skipped`);
  if (live.stopping) parts.push(`stopping, ${live.inFlight} in flight`);
  else if (total !== null && rate > 0 && total > done) parts.push(`ETA ${formatDuration(((total - done) / rate) * 1000)}`);
  parts.push(`elapsed ${formatDuration(Date.now() - live.startedAt)}`);
  return `imr ingest: ${parts.join(" · ")}`;
}
