/**
 * Runs the userclient.* rules over one file: its app calls (those that reach a dext's dispatch
 * table, core/userclient links them, and all of them for IOKit's own limits), or a dext file's
 * dispatch tables and the handlers in it that linked calls reach.
 */
import type { Finding } from './finding';
import { USERCLIENT_RULES } from './ruleCatalog';
import type { UserClientContext } from './userclient/contractRules';
import type { ContractLink } from '../userclient/contract';

export function checkUserClient(path: string, links: readonly ContractLink[], more: Omit<UserClientContext, 'path' | 'links'> = {}): Finding[] {
  if (links.length === 0 && !more.calls?.length && !more.entries?.length && !more.writes?.length) return [];
  const context: UserClientContext = { path, links, ...more };
  return USERCLIENT_RULES.flatMap((rule) => rule.check(context));
}
