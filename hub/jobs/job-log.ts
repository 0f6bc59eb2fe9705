import type { TConfig } from "@tawkster/core/config";

/** Where a job writes its one-line reports: counts and error classes only, never content. */
export type TJobLog = { info(line: string): void; error(line: string): void };

/** A job log on stdout/stderr that honours TAWKSTER_LOG_LEVEL (info lines only at debug or info). */
export function createJobLog(level: TConfig["logLevel"]): TJobLog {
  const isInfoShown = level === "debug" || level === "info";
  return {
    info: (line) => {
      if (isInfoShown) console.log(line);
    },
    error: (line) => console.error(line),
  };
}
