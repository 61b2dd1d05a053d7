/**
 * The name to look for in `ps`: the dext's CFBundleIdentifier or CFBundleExecutable. A `$(...)` value
 * is used only when `resolve` (the target's build settings) can expand it; it is never guessed.
 */
export function dextNameFromInfoPlist(text: string, resolve?: (value: string) => string | undefined): string | undefined {
  if (!/<key>\s*IOKitPersonalities\s*<\/key>/.test(text)) return undefined;
  const value = (key: string): string | undefined => {
    const m = new RegExp(`<key>\\s*${key}\\s*</key>\\s*<string>\\s*([^<]*?)\\s*</string>`).exec(text);
    if (!m || !m[1]) return undefined;
    if (!m[1].includes('$')) return m[1];
    const expanded = resolve?.(m[1]);
    return expanded && !expanded.includes('$') ? expanded : undefined;
  };
  return value('CFBundleIdentifier') ?? value('CFBundleExecutable');
}
