/** The `driverkit` attach configuration, as the adapter reads it (the architecture contract). */
export interface DriverKitAttachArguments {
  /** Bundle id or executable name of the dext. */
  readonly dext?: string;
  /** Attach to this process; skips discovery (a string when it comes from a ${command:...}). */
  readonly pid?: number | string;
  /**
   * Wait for the dext to start (it starts when a matching device appears). When it is not running,
   * lldb waits for its process by name and attaches before its first instruction (see `program`).
   */
  readonly waitFor?: boolean;
  /** With `waitFor`: instances already running are passed over; the session waits for the next start. */
  readonly ignoreRunning?: boolean;
  /** With `waitFor`: false waits with `ps` and attaches after the dext has started (default true). */
  readonly earlyAttach?: boolean;
  /** The dext's executable or `.dext` bundle as built, for lldb's target while it waits (default: found by name). */
  readonly program?: string;
  /** Seconds to wait with `waitFor` (default 60). */
  readonly timeout?: number;
  readonly lldbDapPath?: string;
  readonly runAsRoot?: boolean;
  readonly initCommands?: readonly string[];
  readonly attachCommands?: readonly string[];
  /** Stream the dext's unified-log lines into the Debug Console (default: on, macOS only). */
  readonly logStream?: boolean;
  /** The log command and its arguments; default `log stream --style ndjson ...` (tests use a stand-in). */
  readonly logCommand?: readonly string[];
  /** Kill the dext on disconnect (default false: the dext keeps running). */
  readonly terminateDebuggee?: boolean;
}

/** How the adapter process was started: the factory passes the lldb-dap settings on its command line. */
export interface AdapterOptions {
  readonly lldbDapPath?: string;
  readonly runAsRoot: boolean;
}

export function adapterOptions(argv: readonly string[], env: NodeJS.ProcessEnv): AdapterOptions {
  const value = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return {
    lldbDapPath: value('lldb-dap') ?? (env.DRIVERKIT_LLDB_DAP || undefined),
    runAsRoot: argv.includes('--run-as-root') || env.DRIVERKIT_RUN_AS_ROOT === '1',
  };
}
