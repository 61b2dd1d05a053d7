/** Runs the DriverKit debug adapter as its own process, passing the lldb-dap settings on its command line. */
import * as vscode from 'vscode';

export function activateDebugAdapterFactory(context: vscode.ExtensionContext): vscode.Disposable {
  const factory: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor(session) {
      const config = session.configuration;
      const args = [context.asAbsolutePath('dist/debugAdapter.js')];
      // lldb-dap is started at `initialize`, before the attach configuration reaches the adapter.
      if (typeof config.lldbDapPath === 'string' && config.lldbDapPath) args.push(`--lldb-dap=${config.lldbDapPath}`);
      if (config.runAsRoot === true) args.push('--run-as-root');
      return new vscode.DebugAdapterExecutable(process.execPath, args, { env: { ELECTRON_RUN_AS_NODE: '1' } });
    },
  };
  return vscode.debug.registerDebugAdapterDescriptorFactory('driverkit', factory);
}
