/**
 * Recorded macOS output for Diagnose Activation, which runs `log show --style ndjson` and reads the
 * system extensions database on a Mac: here configured stand-ins print recordings of the real
 * formats — a kernel refusing the dext's entitlements, and a database with stuck entries — for the
 * Build and Debug dext of the e2e workspace.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './codeServer';
import { BUILT_BUNDLE } from './buildAndDebugProject';

const FIXTURES = join(REPO, 'test', 'fixtures', 'activation');

/** The user settings that point Diagnose Activation at the recordings (stand-ins written to `scratch`). */
export function prepareActivationDoctor(scratch: string): Record<string, unknown> {
  // `log` is one executable (machine setting): `log show …` prints the recording, retold for the e2e dext.
  const log = join(scratch, 'log');
  const recording = join(FIXTURES, 'entitlements-check-failed.ndjson');
  writeFileSync(log, `#!/bin/sh\n[ "$1" = show ] && exec sed 's/com\\.example\\.driver/${BUILT_BUNDLE}/g' '${recording}'\nexit 64\n`);
  chmodSync(log, 0o755);
  return {
    'driverkit.logs.command': log,
    'driverkit.activation.databaseCommand': ['cat', join(FIXTURES, 'db-stuck.plist')],
  };
}
