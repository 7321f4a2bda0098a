/**
 * What a command writes to and how it ends: the io `runCli` is given (the real process, or a test's
 * buffers), and where a command's exit code goes. Its own module so that the command modules and
 * `main.ts`, which composes them, do not import each other.
 */
import type { Terminal } from './terminal';

interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Absent for pipes and tests: no colours, no progress bar. */
  readonly terminal?: Terminal;
}

/** What each command module registers its commander subcommand with. */
interface CliContext {
  readonly io: CliIo;
  /** Records the exit code of the command that ran (`runCli` returns it). */
  exit(code: number): void;
}

export type { CliContext, CliIo };
