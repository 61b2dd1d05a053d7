/**
 * How the client starts the server process (dist/server.js), besides the LSP transport. No imports:
 * the server's boot file (server/src/boot.ts) reads this before anything else is loaded.
 */

/** `--code-cache=<folder>`: where the server keeps its V8 code cache (a folder only this user can write). */
export const CODE_CACHE_ARGUMENT = '--code-cache=';

/**
 * Environment the server does without. NODE_EXTRA_CA_CERTS makes node read and parse a certificate
 * bundle as it starts (about 30 ms on the project's machines); the server never opens a network
 * connection. A variable set to undefined is left out of the child's environment.
 */
export const SERVER_ENVIRONMENT: Readonly<Record<string, undefined>> = { NODE_EXTRA_CA_CERTS: undefined };

/** What became of the code cache at this start; the boot file leaves it on `globalThis` under this key for the server to log. */
export const CODE_CACHE_STATUS = Symbol.for('driverkit.codeCacheStatus');

/** `off`: no folder given; `absent`: none yet (written after start-up); `rejected`: made by another V8 or bundle (written anew). */
export type CodeCacheStatus = 'off' | 'absent' | 'rejected' | 'accepted';
