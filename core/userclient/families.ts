/**
 * Each enum member's family: the names of the enum it belongs to (a selector list), which tells the
 * contract which dext's table a selector is for. The members of one enum share one set, so an enum
 * of n members costs one set of n, not n sets of n; a name declared in two copies of one header (the
 * app's and the dext's) shares the union of the two.
 */
const MAX_FAMILY = 4096;

export class EnumFamilies {
  private readonly byName = new Map<string, Set<string>>();
  private readonly byEnum = new Map<readonly string[], Set<string>>();
  private readonly unions = new Map<Set<string>, Map<Set<string>, Set<string>>>();

  add(name: string, siblings: readonly string[]): void {
    let shared = this.byEnum.get(siblings);
    if (!shared) this.byEnum.set(siblings, (shared = new Set(siblings.slice(0, MAX_FAMILY))));
    const set = this.byName.get(name);
    if (!set) this.byName.set(name, shared);
    else if (set !== shared && !isSubset(shared, set)) {
      let unions = this.unions.get(set);
      if (!unions) this.unions.set(set, (unions = new Map()));
      let union = unions.get(shared);
      if (!union) {
        union = new Set(set);
        for (const s of shared) if (union.size < MAX_FAMILY) union.add(s);
        unions.set(shared, union);
      }
      this.byName.set(name, union);
    }
  }

  get(name: string): ReadonlySet<string> | undefined {
    return this.byName.get(name);
  }
}

function isSubset(small: ReadonlySet<string>, big: ReadonlySet<string>): boolean {
  if (small.size > big.size) return false;
  for (const s of small) if (!big.has(s)) return false;
  return true;
}
