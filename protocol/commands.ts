/**
 * Commands the server names in what it sends (code lenses) and the client registers. Their
 * arguments travel as JSON: a file is its URI string.
 */

/** Build, activate, wait for and attach to the dext of an Info.plist (argument: its URI). */
export const BUILD_AND_DEBUG_COMMAND = 'driverkit.buildAndDebug';

/** Attach to the running dext of an Info.plist, without building (argument: its URI). */
export const ATTACH_TO_DEXT_COMMAND = 'driverkit.attachToDext';

/** Open a provisioning profile as a readable document (argument: the profile file's path). */
export const SHOW_PROVISIONING_PROFILE_COMMAND = 'driverkit.showProvisioningProfile';

/**
 * Show the app calls that reach a dispatch entry as references (a code lens above the entry).
 * Arguments: the dext source's URI, the entry's position, and the calls' locations, as LSP JSON.
 */
export const SHOW_APP_CALLERS_COMMAND = 'driverkit.showAppCallers';

export interface ShowAppCallersArguments {
  readonly uri: string;
  readonly position: { readonly line: number; readonly character: number };
  readonly locations: readonly { readonly uri: string; readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } } }[];
}
