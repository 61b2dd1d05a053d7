// `npm start`: builds the extension and checks the bundled example driver with driverkit-check,
// the same analysis the language server runs inside VS Code.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status || 1);

process.stdout.write('Checking the example driver in examples/SampleDriver with driverkit-check:\n\n');
const check = spawnSync(process.execPath, ['dist/cli.js', 'examples/SampleDriver'], { stdio: 'inherit' });
process.stdout.write('\nTry a mistake: run `node dist/cli.js test/fixtures/broken` to see every rule fire.\n');
process.exit(check.status ?? 1);
