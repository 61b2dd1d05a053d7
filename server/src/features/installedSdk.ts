/**
 * Finds and indexes an installed DriverKit SDK at start-up (the setting, else xcrun), with a progress
 * notification, then lays its classes over the bundled catalog and tells the client what is in use
 * (for the status bar). Without an SDK — always on Linux — the bundled catalog stays.
 */
import type { Connection } from 'vscode-languageserver';
import type { Parser } from 'web-tree-sitter';
import { indexSdk } from '../../../core/sdk/sdkIndexer';
import { findSdk } from '../../../core/sdk/sdkLocator';
import { SdkStatusNotification, type SdkStatus } from '../../../protocol/sdkStatus';
import type { FeatureContext } from './context';

export interface SdkOptions {
  /** The SDK folder the user's settings name (never an untrusted workspace's own setting). */
  readonly configuredPath?: string;
  /** Where the installed SDK's index is cached. */
  readonly cacheDir?: string;
  readonly allowXcrun: boolean;
}

export async function loadInstalledSdk(connection: Connection, context: FeatureContext, parser: Parser, options: SdkOptions): Promise<SdkStatus> {
  const started = Date.now();
  const path = await findSdk({ configured: options.configuredPath, run: options.allowXcrun ? undefined : () => Promise.reject(new Error('xcrun disabled')) });
  if (!path) {
    const status: SdkStatus = { classes: context.workspace.catalog.size, headers: 0, fromCache: false, milliseconds: Date.now() - started };
    void connection.sendNotification(SdkStatusNotification, status);
    return status;
  }
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('DriverKit', 0, `Indexing the DriverKit SDK at ${path}…`, false);
  try {
    const index = await indexSdk(parser, path, {
      cacheDir: options.cacheDir,
      onProgress: (done, total) => {
        if (done % 25 === 0 || done === total) progress?.report(Math.round((done / total) * 100), `${done}/${total} headers`);
      },
    });
    context.workspace.catalog = context.workspace.catalog.withInstalled(index.classes, index);
    context.workspace.sdkPath = path;
    const status: SdkStatus = { path, classes: index.classes.length, headers: index.headers, fromCache: index.fromCache, milliseconds: Date.now() - started };
    connection.console.info(`DriverKit SDK ${path}: ${index.classes.length} classes from ${index.headers} headers${index.fromCache ? ' (cached)' : ''} in ${status.milliseconds} ms.`);
    void connection.sendNotification(SdkStatusNotification, status);
    return status;
  } finally {
    progress?.done();
  }
}
