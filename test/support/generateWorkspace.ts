/** Writes a whole generated DriverKit workspace to disk, for the index benchmark and tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCpp, generateIig, methodCountFor } from './generate';

export interface GeneratedWorkspace {
  readonly root: string;
  /** Every source the index should read (sorted). */
  readonly iigFiles: readonly string[];
  readonly cppFiles: readonly string[];
  /** Files under build/ folders, which the index must skip. */
  readonly skippedFiles: readonly string[];
}

/**
 * Writes `files` DriverKit sources under `dir` (half .iig, half .cpp, 100–300 lines each; class
 * names Driver0..DriverN) spread over a few subfolders, plus `build/` folders of junk that the index
 * must skip. Every .iig has its .cpp partner (an odd count leaves the last .iig without one).
 */
export function generateWorkspace(dir: string, files: number): GeneratedWorkspace {
  const iigFiles: string[] = [];
  const cppFiles: string[] = [];
  const skippedFiles: string[] = [];
  const folders = ['Drivers/Audio', 'Drivers/Audio/Engines', 'Drivers/USB', 'Drivers/HID', 'Shared/Services', 'Shared'];
  const write = (path: string, text: string | Buffer): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };
  const drivers = Math.ceil(files / 2);
  for (let i = 0; i < drivers; i++) {
    const className = `Driver${i}`;
    const folder = join(dir, folders[i % folders.length]);
    const iigLines = 100 + ((i * 37) % 101); // 100..200
    const cppLines = Math.min(300, iigLines + 40 + ((i * 53) % 61)); // up to 300
    const count = methodCountFor(iigLines);
    const iigPath = join(folder, `${className}.iig`);
    write(iigPath, generateIig(iigLines, className, count));
    iigFiles.push(iigPath);
    if (iigFiles.length + cppFiles.length < files) {
      const cppPath = join(folder, `${className}.cpp`);
      write(cppPath, generateCpp(cppLines, className, count));
      cppFiles.push(cppPath);
    }
  }
  // Build output and tool folders: junk that would be slow or wrong to index.
  const junk = (path: string, text: string | Buffer): void => {
    write(path, text);
    if (/\.(iig|cpp)$/.test(path)) skippedFiles.push(path);
  };
  const garbage = Array.from({ length: 2000 }, (_, k) => `)}]{ ${'x'.repeat(k % 60)} @@ #if ( /* ${k}`).join('\n');
  for (let j = 0; j < 10; j++) {
    junk(join(dir, 'build', 'Release', 'DerivedSources', `Driver${j}.iig`), generateIig(150, `Driver${j}`, 1)); // duplicate classes
    junk(join(dir, 'build', 'Release', 'DerivedSources', `Junk${j}.cpp`), garbage);
    junk(join(dir, 'build', 'Intermediates', `Object${j}.o`), Buffer.alloc(4096, j));
  }
  junk(join(dir, 'Drivers', 'USB', 'build', 'Stale.cpp'), garbage);
  junk(join(dir, 'build', 'Release', 'Binary.iig'), Buffer.from([0, 1, 2, 3, 0, 255]));
  junk(join(dir, 'README.md'), '# Generated DriverKit workspace\n');
  return { root: dir, iigFiles: iigFiles.sort(), cppFiles: cppFiles.sort(), skippedFiles: skippedFiles.sort() };
}
