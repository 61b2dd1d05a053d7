/** Entry point of dist/debugAdapter.js: the DriverKit debug adapter, speaking DAP over stdio. */
import { adapterOptions } from './attachConfig';
import { DriverKitSession } from './driverkitSession';

const session = new DriverKitSession(adapterOptions(process.argv.slice(2), process.env));
session.setRunAsServer(false);
session.start(process.stdin, process.stdout);
// VS Code ends an adapter that does not exit by itself with a signal: lldb-dap and its debug server go too.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => session.shutdown());
