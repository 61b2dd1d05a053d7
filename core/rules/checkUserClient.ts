/** Runs the userclient.* rules over the app calls of one file that reach a dext's dispatch table (core/userclient links them). */
import type { Finding } from './finding';
import { USERCLIENT_RULES } from './ruleCatalog';
import type { ContractLink } from '../userclient/contract';

export function checkUserClient(path: string, links: readonly ContractLink[]): Finding[] {
  if (links.length === 0) return [];
  return USERCLIENT_RULES.flatMap((rule) => rule.check({ path, links }));
}
