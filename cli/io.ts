/**
 * What a command writes to: the io `runCli` is given (the real process, or a test's buffers). Its own
 * module so that the command modules and `main.ts`, which runs them, do not import each other.
 */
import type { Terminal } from './terminal';

interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Absent for pipes and tests: no colours, no progress bar. */
  readonly terminal?: Terminal;
}

export type { CliIo };
