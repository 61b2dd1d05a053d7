/**
 * A lookup that remembers each name it was asked and what it answered. What was derived from its
 * answers (a file's never-compiled regions, a .iig's masked attributes) still holds later while the
 * lookup answers every one of those names the same way (a header may have changed meanwhile).
 */
export function recording<V>(lookup: (name: string) => V, asked: Map<string, V>): (name: string) => V {
  return (name) => {
    const answer = lookup(name);
    asked.set(name, answer);
    return answer;
  };
}

/** Whether `lookup` answers every name of `asked` as it did then. */
export function answersAsBefore<V>(asked: ReadonlyMap<string, V>, lookup: (name: string) => V): boolean {
  for (const [name, answer] of asked) if (lookup(name) !== answer) return false;
  return true;
}
