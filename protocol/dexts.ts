/**
 * `driverkit/dexts`: what the workspace's projects say about its driver extensions, answered by the
 * server from its own parsed Info.plists, entitlements and Xcode projects. The client never reads
 * those files itself: the System Extensions and Matching Status views, Build and Debug, the debug
 * configuration, the log commands and the clangd configuration all ask this.
 *
 * Files are URIs; places in a file are LSP positions (line and UTF-16 character, zero-based).
 */
import { RequestType } from 'vscode-jsonrpc';
import type { DextPersonality } from '../core/workspace/dextPersonalities';
import type { DextValue as CoreDextValue, DextVersion as CoreDextVersion, VersionKey } from '../core/workspace/dextVersion';
import type { DextBuildSettings } from '../core/workspace/dextBuildSettings';
import type { DextDescription } from '../core/workspace/workspaceDexts';

export type { DextPersonality, VersionKey };

export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A resolved value of the Info.plist, and where it is written (no position when the build generates it). */
export type DextValue = Omit<CoreDextValue, 'offset'> & { readonly position?: Position };

export type DextVersion = Omit<CoreDextVersion, 'shortVersion' | 'bundleVersion'> & {
  readonly shortVersion: DextValue;
  readonly bundleVersion: DextValue;
};

/** A dext as core describes it (core/workspace/workspaceDexts.ts), its files as URIs and positions. */
export type WorkspaceDext = Omit<DextDescription, 'infoPlist' | 'version' | 'entitlements' | 'project'> & {
  /** The dext's Info.plist. */
  readonly infoPlist: string;
  readonly version?: DextVersion;
  /** The entitlements it is signed with. */
  readonly entitlements?: string;
  /** The `.xcodeproj` that builds it (its target is `target`), when a project names this Info.plist. */
  readonly project?: string;
};

/** What a clangd configuration takes from an Xcode project (core/workspace/dextBuildSettings.ts). */
export interface XcodeProjectInfo {
  /** The `.xcodeproj` folder. */
  readonly project: string;
  /** Its first driver-extension target with its Debug settings; undefined when it has none. */
  readonly dextTarget?: NonNullable<DextBuildSettings['target']>;
}

export interface DextsParams {
  /** Only the dext of this Info.plist. */
  readonly infoPlist?: string;
}

export interface DextsResult {
  /** In a stable order (by path); the first is "the workspace's dext" where one is needed. */
  readonly dexts: readonly WorkspaceDext[];
  readonly projects: readonly XcodeProjectInfo[];
  /** Info.plists that declare personalities but cannot be read as property lists. */
  readonly unreadable: ReadonlyArray<{ readonly infoPlist: string; readonly message: string }>;
}

export const DextsRequest = new RequestType<DextsParams, DextsResult, void>('driverkit/dexts');
