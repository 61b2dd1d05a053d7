/**
 * What the client tells the server when it starts it (`initializationOptions` of `initialize`): the
 * user's settings the server reads once (a change restarts the server) and where it may cache.
 */

export interface InitializationOptions {
  /** `driverkit.diagnostics.enable`. */
  readonly diagnostics: boolean;
  /** `driverkit.index.excludeFolders`: folder names the index skips besides the built-in ones. */
  readonly excludeFolders: readonly string[];
  /** `driverkit.sdkPath`; empty asks xcrun. */
  readonly sdkPath: string;
  /** A folder private to the user for the installed SDK's index. */
  readonly cacheDir?: string;
  /** Whether the workspace is trusted: an untrusted workspace's own settings never choose a path. */
  readonly trusted: boolean;
  /** Where the signing checks find provisioning profiles, and the codesign that reads built bundles. */
  readonly signing: SigningOptions;
  /** `driverkit.hid.inlayHints` (its changes arrive as `workspace/didChangeConfiguration`). */
  readonly hidInlayHints: boolean;
}

export interface SigningOptions {
  /** `driverkit.signing.profileFolders`, `~` not yet expanded. */
  readonly profileFolders: readonly string[];
  /** `driverkit.signing.codesignCommand`; empty: `codesign` on macOS, none elsewhere. */
  readonly codesign: string;
}

/**
 * The options as sent, each checked for its type: what is missing or of another type takes the
 * default (no options at all is a client without settings, such as the tests' and `driverkit-check`'s).
 */
export function readInitializationOptions(value: unknown): InitializationOptions {
  const options = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const excluded = Array.isArray(options.excludeFolders) ? options.excludeFolders.filter((f): f is string => typeof f === 'string') : [];
  return {
    diagnostics: options.diagnostics !== false,
    excludeFolders: excluded,
    sdkPath: typeof options.sdkPath === 'string' ? options.sdkPath : '',
    ...(typeof options.cacheDir === 'string' && options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    trusted: options.trusted !== false,
    signing: readSigningOptions(options.signing),
    hidInlayHints: options.hidInlayHints !== false,
  };
}

function readSigningOptions(value: unknown): SigningOptions {
  const options = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const folders = Array.isArray(options.profileFolders) ? options.profileFolders.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [];
  return { profileFolders: folders, codesign: typeof options.codesign === 'string' ? options.codesign.trim() : '' };
}
