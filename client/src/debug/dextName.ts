/** The name to look for in `ps`: the dext's CFBundleExecutable or bundle id, when written literally. */
export function dextNameFromInfoPlist(text: string): string | undefined {
  if (!/<key>\s*IOKitPersonalities\s*<\/key>/.test(text)) return undefined;
  const value = (key: string): string | undefined => {
    const m = new RegExp(`<key>\\s*${key}\\s*</key>\\s*<string>\\s*([^<]*?)\\s*</string>`).exec(text);
    return m && !m[1].includes('$') ? m[1] : undefined;
  };
  return value('CFBundleIdentifier') ?? value('CFBundleExecutable');
}
