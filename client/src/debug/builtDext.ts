/**
 * The dext's newest copy on disk, for lldb to wait for it by name before it runs (the adapter's
 * `program`): built in the workspace or `driverkit.crashReports.symbolFolders`, in Xcode's
 * DerivedData, else (macOS) installed in /Library/SystemExtensions.
 */
import { locateDextCopies } from '../../../core/dext/locate';
import { symbolFolders } from '../crashReports/crashReportFolders';

export async function newestDextCopy(dext: string): Promise<string | undefined> {
  const [best] = await locateDextCopies(dext, { roots: symbolFolders() }).catch(() => []);
  return best?.bundle ?? best?.executable;
}
