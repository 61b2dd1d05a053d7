/**
 * Recorded macOS tool output for the System Extensions and Matching Status views, which run
 * `systemextensionsctl list` and `ioreg -a` on a Mac: here configured stand-ins print recordings of
 * the real formats, and the USB fixture driver is added to the workspace for ioreg to report on.
 */
import { chmodSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './codeServer';

const FIXTURES = join(REPO, 'test', 'fixtures');

/** Adds the USB driver to `workspace` and returns the user settings that point the views at the recordings. */
export function prepareSystemViews(workspace: string, scratch: string): Record<string, unknown> {
  cpSync(join(FIXTURES, 'usb-interface'), join(workspace, 'BulkPipe'), { recursive: true });
  // systemextensionsctl is one executable (machine setting): a script that prints the recording for `list`.
  const ctl = join(scratch, 'systemextensionsctl');
  writeFileSync(ctl, `#!/bin/sh\n[ "$1" = list ] && exec cat '${join(FIXTURES, 'systemextensions', 'list-e2e.txt')}'\nexit 64\n`);
  chmodSync(ctl, 0o755);
  return {
    'driverkit.systemExtensions.command': ctl,
    'driverkit.ioreg.command': ['cat', join(FIXTURES, 'ioreg', 'usb-matched.xml')],
  };
}
