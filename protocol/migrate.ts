/**
 * Migrate to DriverKit: the client asks for the dext skeleton of the kext class at a position and
 * writes its files into a folder next to the kext's source.
 */
import { RequestType } from 'vscode-jsonrpc';

export const MIGRATE_TO_DRIVERKIT_COMMAND = 'driverkit.migrateToDriverKit';

export interface MigrateParams {
  /** A kext source's URI. */
  readonly uri: string;
  /** Where the cursor is (a class name, or inside the class). */
  readonly position: { readonly line: number; readonly character: number };
}

export interface MigrateReply {
  readonly className: string;
  /** The folder the skeleton goes to: `<Class>DriverKit` beside the source that declares the class. */
  readonly folderUri: string;
  /** Relative path (inside the folder) → text. */
  readonly files: readonly { readonly path: string; readonly text: string }[];
}

/** The skeleton, or null when no kext class is at the position. */
export const MigrateRequest = new RequestType<MigrateParams, MigrateReply | null, void>('driverkit/migrateToDriverKit');
