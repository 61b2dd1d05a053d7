/**
 * Gathering what the activation doctor reads: the unified log around the activation (`log show
 * --style ndjson` with the safe predicate), `systemextensionsctl list`, the system extensions
 * database (a command that prints it as XML: `plutil -convert xml1 -o - …/db.plist`, as the file is
 * often binary) and the host app's quarantine attribute (`xattr -p`). Every program is the
 * caller's (settings), run through `run` without a shell; one that fails becomes a note of the
 * report, never an exception.
 */
import { activationLogShowArgs, type ActivationSubject } from './activationLog';
import { diagnoseActivation, type ActivationInputs, type ActivationReport } from './activationReport';
import { quarantineReadArgs } from './quarantine';

export interface ActivationCommands {
  /** The `log` executable; undefined: the log is not read. */
  readonly log?: string;
  /** How far back `log show` looks (`10m`, `1h`). */
  readonly logWindow?: string;
  readonly systemExtensionsCtl?: string;
  /** Program and arguments that print the extensions database as an XML property list. */
  readonly database?: readonly string[];
  readonly xattr?: string;
}

/** Runs a program with arguments (no shell) and gives its standard output; rejects when it fails. */
export type CommandRunner = (program: string, args: readonly string[]) => Promise<string>;

export const DEFAULT_DATABASE_COMMAND: readonly string[] = ['plutil', '-convert', 'xml1', '-o', '-', '/Library/SystemExtensions/db.plist'];

export interface CollectedActivation {
  readonly inputs: ActivationInputs;
  /** What could not be collected, one sentence each. */
  readonly notes: readonly string[];
}

export async function collectActivation(subject: ActivationSubject, hostApp: string | undefined, commands: ActivationCommands, run: CommandRunner): Promise<CollectedActivation> {
  const notes: string[] = [];
  const attempt = async (what: string, program: string | undefined, args: readonly string[]): Promise<string | undefined> => {
    if (!program) return undefined;
    try {
      return await run(program, args);
    } catch (error) {
      notes.push(`${what} could not be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}.`);
      return undefined;
    }
  };
  const [log, list, database, quarantine] = await Promise.all([
    attempt('The unified log', commands.log, activationLogShowArgs(subject, commands.logWindow)),
    attempt('systemextensionsctl list', commands.systemExtensionsCtl, ['list']),
    attempt('The system extensions database', commands.database?.[0], commands.database?.slice(1) ?? []),
    hostApp ? quarantineOf(hostApp, commands.xattr, run) : Promise.resolve(undefined),
  ]);
  return {
    inputs: {
      subject,
      ...(log !== undefined ? { log } : {}),
      ...(list !== undefined ? { systemExtensionsList: list } : {}),
      ...(database !== undefined ? { database } : {}),
      ...(quarantine !== undefined ? { quarantine } : {}),
      ...(hostApp ? { hostApp } : {}),
    },
    notes,
  };
}

/** `xattr -p` exits 1 with "No such xattr" when the app has none: that is an answer (empty), not a failure. */
async function quarantineOf(app: string, xattr: string | undefined, run: CommandRunner): Promise<string | undefined> {
  if (!xattr) return undefined;
  try {
    return await run(xattr, quarantineReadArgs(app));
  } catch (error) {
    return /No such xattr/i.test(error instanceof Error ? error.message : '') ? '' : undefined;
  }
}

/** Collects and diagnoses in one step; collection notes join the report's. */
export async function runActivationDoctor(subject: ActivationSubject, hostApp: string | undefined, commands: ActivationCommands, run: CommandRunner): Promise<ActivationReport> {
  const collected = await collectActivation(subject, hostApp, commands, run);
  const report = diagnoseActivation(collected.inputs);
  return { ...report, notes: [...collected.notes, ...report.notes] };
}
