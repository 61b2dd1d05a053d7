/**
 * Finds an installed DriverKit SDK: the `driverkit.sdkPath` setting when it names a folder, else what
 * `xcrun` reports. Pure Node so the CLI and the tests use it too. xcrun only exists on macOS; on any
 * other system (or when Xcode is missing) the answer is simply "no SDK" and the bundled catalog is used.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../tools/runCommand';

/** Runs a command with an argument array and resolves with its standard output. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<string>;

export interface FindSdkOptions {
  /** The `driverkit.sdkPath` setting, when set. */
  readonly configured?: string;
  /**
   * The xcrun command, default "xcrun". A workspace-configured value must not be passed from an
   * untrusted workspace: the caller decides that, this module just runs what it is given.
   */
  readonly xcrun?: string;
  /** Replaces the real process launch (tests, recorded output). */
  readonly run?: CommandRunner;
}

/** xcrun answers in well under a second; a hung one must not hold up the language server. */
const XCRUN_TIMEOUT_MS = 5000;

/** Where an SDK keeps its frameworks. Xcode's DriverKit SDK nests them under System/DriverKit. */
export function frameworksFolder(sdkPath: string): string {
  const nested = join(sdkPath, 'System', 'DriverKit', 'System', 'Library', 'Frameworks');
  if (isFolder(nested)) return nested;
  // Some SDK copies (and older layouts) put the frameworks at the top level.
  const flat = join(sdkPath, 'System', 'Library', 'Frameworks');
  return isFolder(flat) ? flat : nested;
}

export async function findSdk(options: FindSdkOptions = {}): Promise<string | undefined> {
  if (options.configured && isFolder(options.configured)) return options.configured;
  const run: CommandRunner = options.run ?? ((command, args) => runCommand(command, args, { timeoutMs: XCRUN_TIMEOUT_MS }));
  try {
    const output = await run(options.xcrun ?? 'xcrun', ['--sdk', 'driverkit', '--show-sdk-path']);
    const path = output.trim().split('\n')[0]?.trim();
    return path && isFolder(path) ? path : undefined;
  } catch {
    // ENOENT (no xcrun on Linux), a non-zero exit (no DriverKit SDK installed) or a timeout.
    return undefined;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false; // a permission error: as good as absent
  }
}
