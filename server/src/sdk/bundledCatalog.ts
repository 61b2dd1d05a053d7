/** The catalog shipped with the extension. */
import { BUILTIN_CLASSES } from './builtinClasses';
import { SdkCatalog } from './sdkCatalog';

let bundled: SdkCatalog | undefined;

export function bundledCatalog(): SdkCatalog {
  bundled ??= new SdkCatalog(BUILTIN_CLASSES);
  return bundled;
}
