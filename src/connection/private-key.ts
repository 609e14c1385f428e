/**
 * A key-pair (SNOWFLAKE_JWT) admin login reads `private_key_file` and decrypts it with `private_key_file_pwd`.
 * The driver does that only while logging in, and its errors ("ENOENT", "bad decrypt") name neither the file nor
 * the setting. pat checks it up front, the way the driver will load it (node:crypto, PEM, the passphrase), and
 * says which setting in which file is wrong: exit 2 before anything is sent.
 */
import { createPrivateKey } from 'node:crypto';
import { BoundedReadError, readBoundedText } from '../config/bounded-read.js';
import { describeFsError, errnoCode } from '../kernel/errno.js';
import { ConfigError } from '../errors.js';
import type { ConnectionSettings, SettingField } from './types.js';

/** Why a private key cannot be used; `undefined` when it loads. The caller words the message. */
export type KeyProblem = 'passphrase-missing' | 'passphrase-wrong' | 'not-a-key';

/** PKCS#8 encrypted, or a traditional PEM with an encryption header. */
const ENCRYPTED_PEM = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

export function keyProblem(pem: string, passphrase: string | undefined): KeyProblem | undefined {
  // Without a passphrase OpenSSL 3 reports an encrypted key in ways that vary (e.g. "interrupted or cancelled").
  if (passphrase === undefined && ENCRYPTED_PEM.test(pem)) return 'passphrase-missing';
  try {
    createPrivateKey({ key: pem, format: 'pem', passphrase });
    return undefined;
  } catch (error) {
    const code = errnoCode(error);
    // OpenSSL 3 reports a wrong passphrase as a bad decrypt; no passphrase for an encrypted key as a missing one.
    if (code === 'ERR_MISSING_PASSPHRASE') return 'passphrase-missing';
    if (code === 'ERR_OSSL_BAD_DECRYPT' || code === 'ERR_OSSL_EVP_BAD_DECRYPT') return passphrase === undefined ? 'passphrase-missing' : 'passphrase-wrong';
    return 'not-a-key';
  }
}

/**
 * Throws ConfigError (exit 2) naming the connection (`source`) and the origin of the setting to fix when the
 * admin connection logs in with a key pair whose file is missing, unreadable, not a PEM private key, or
 * needs another passphrase.
 */
export async function checkPrivateKey(
  settings: ConnectionSettings,
  origins: Partial<Record<SettingField, string>>,
  source: string,
): Promise<void> {
  if ((settings.authenticator ?? '').toUpperCase() !== 'SNOWFLAKE_JWT' || settings.privateKeyFile === undefined) return;
  const file = settings.privateKeyFile;
  const fileOrigin = origins.privateKeyFile ?? 'private_key_file';
  const pwdOrigin = origins.privateKeyFilePwd ?? 'private_key_file_pwd';
  let pem: string;
  try {
    pem = await readBoundedText(file, 64 * 1024);
  } catch (error) {
    const why = error instanceof BoundedReadError ? (error.code === 'ENOTREG' ? 'it is not a regular file' : 'it is far too large for a key') : describeFsError(error);
    throw new ConfigError(
      `The admin connection (${source}) logs in with a key pair, but its private key file ${file} (${fileOrigin}) cannot be read: ${why}.`,
      undefined,
      `Fix ${fileOrigin}: it must name the PEM file holding the private key (e.g. rsa_key.p8), readable by you.`,
    );
  }
  const problem = keyProblem(pem, settings.privateKeyFilePwd);
  if (problem === undefined) return;
  const messages: Record<KeyProblem, [string, string]> = {
    'passphrase-missing': [
      `is encrypted, and no passphrase is set (private_key_file_pwd or SNOWFLAKE_PRIVATE_KEY_FILE_PWD)`,
      `Set private_key_file_pwd in the connection, or SNOWFLAKE_PRIVATE_KEY_FILE_PWD.`,
    ],
    'passphrase-wrong': [`cannot be decrypted with the passphrase from ${pwdOrigin}: wrong passphrase`, `Fix ${pwdOrigin}.`],
    'not-a-key': [`is not a PEM private key`, `Fix ${fileOrigin}: it must name the PEM private key file (-----BEGIN PRIVATE KEY----- or ENCRYPTED PRIVATE KEY).`],
  };
  const [what, hint] = messages[problem];
  throw new ConfigError(`The admin connection (${source}) logs in with a key pair, but its private key file ${file} (${fileOrigin}) ${what}.`, undefined, hint);
}
