/** Which DriverKit SDK the server uses: told once it is known (the client's status bar shows it). */
import { NotificationType } from 'vscode-jsonrpc';

export interface SdkStatus {
  /** The SDK folder in use, or undefined for the bundled catalog only. */
  readonly path?: string;
  readonly classes: number;
  readonly headers: number;
  readonly fromCache: boolean;
  readonly milliseconds: number;
}

export const SdkStatusNotification = new NotificationType<SdkStatus>('driverkit/sdkStatus');
