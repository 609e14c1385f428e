/** A sink refused or failed a delivery. The message names the sink and the service's answer, never the secret. */
import { FailureError } from '../../errors.js';

export class SinkError extends FailureError {
  constructor(message: string, hint?: string, code?: string) {
    super(message, hint, code);
  }
}

/** Messages from SDKs can echo request bodies: cut anything that contains the secret, and keep one line. */
export function describeSdkError(error: unknown, secret: string): string {
  const status = (error as { status?: number; statusCode?: number; $metadata?: { httpStatusCode?: number }; code?: number | string }) ?? {};
  const code = status.status ?? status.statusCode ?? status.$metadata?.httpStatusCode ?? status.code;
  const name = error instanceof Error ? error.name : 'Error';
  let message = error instanceof Error ? error.message : String(error);
  if (secret && message.includes(secret)) message = '(message withheld: it contained the secret)';
  message = message.split('\n')[0]?.slice(0, 300) ?? '';
  return `${code !== undefined ? `HTTP ${code} ` : ''}${name}: ${message}`;
}
