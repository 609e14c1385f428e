/**
 * The floor: the least a script can do to get each networked command's job done with snowflake-sdk directly —
 * the same driver, loaded the same way (dynamic import), with the same connection options as
 * src/providers/snowflake/client.ts, the same statements, the same logins and logouts, and the same process exit.
 * It imports nothing from pat.
 *
 *   node dist/bench/floor.js create <name>     ADD (admin), write the secret into the config
 *   node dist/bench/floor.js rotate            ROTATE (admin), write the secret, log in with it and SELECT
 *   node dist/bench/floor.js list              SHOW USER PROGRAMMATIC ACCESS TOKENS (admin), print the rows
 *   node dist/bench/floor.js test-connection   log in with the config's PAT and SELECT
 *   node dist/bench/floor.js query <sql>       run one statement (admin), print the rows (the floor for inventory)
 *
 * The config is ./snowflake_config.json; the admin connection comes from SNOWFLAKE_ACCOUNT/USER/PASSWORD/HOST/
 * PORT/PROTOCOL, as the benchmark's environment sets them.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Driver = typeof import('snowflake-sdk');
type Connection = ReturnType<Driver['createConnection']>;
type Rows = Record<string, unknown>[];

interface Config {
  user: string;
  account: string;
  url: string;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  pat?: string;
  pat_name?: string;
  [key: string]: unknown;
}

const CONFIG = 'snowflake_config.json';
const CONTEXT = 'SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ACCOUNT()';
const TIMEOUT_MS = 30_000;

async function loadDriver(): Promise<Driver> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.SF_TELEMETRY_DISABLE_CONNECTION_SHAPE ??= 'true';
  process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
  process.env.SNOWFLAKE_DISABLE_MINICORE ??= 'true';
  const module = await import('snowflake-sdk');
  const driver = (module.default ?? module) as Driver;
  const silent = () => {};
  driver.configure({ logLevel: 'OFF', customLogger: { error: silent, warn: silent, info: silent, debug: silent, trace: silent } } as never);
  return driver;
}

function common(): Record<string, unknown> {
  return { application: 'pat_cli', sfRetryMaxLoginRetries: 0, timeout: TIMEOUT_MS, disableQueryContextCache: true };
}

function adminOptions(): Record<string, unknown> {
  const env = process.env;
  return {
    account: env.SNOWFLAKE_ACCOUNT,
    accessUrl: `${env.SNOWFLAKE_PROTOCOL ?? 'https'}://${env.SNOWFLAKE_HOST}:${env.SNOWFLAKE_PORT}`,
    username: env.SNOWFLAKE_USER,
    ...common(),
    authenticator: 'SNOWFLAKE',
    password: env.SNOWFLAKE_PASSWORD,
  };
}

function patOptions(config: Config, token: string): Record<string, unknown> {
  const url = new URL(config.url);
  const options: Record<string, unknown> = {
    account: config.account,
    accessUrl: `${url.protocol}//${url.host}`,
    username: config.user,
    role: config.role,
    warehouse: config.warehouse,
    database: config.database,
    schema: config.schema,
    ...common(),
    authenticator: 'PROGRAMMATIC_ACCESS_TOKEN',
    token,
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options;
}

async function session<T>(driver: Driver, options: Record<string, unknown>, work: (run: (sql: string) => Promise<Rows>) => Promise<T>): Promise<T> {
  const connection: Connection = driver.createConnection(options as never);
  await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
  const run = (sqlText: string) =>
    new Promise<Rows>((resolve, reject) =>
      connection.execute({ sqlText, complete: (error, _s, rows) => (error ? reject(error) : resolve((rows ?? []) as Rows)) }),
    );
  try {
    return await work(run);
  } finally {
    await new Promise<void>((resolve) => connection.destroy(() => resolve()));
  }
}

function readConfig(): Config {
  return JSON.parse(readFileSync(CONFIG, 'utf8')) as Config;
}

function saveSecret(config: Config, name: string, secret: string): void {
  const { private_key_file: _dropped, ...rest } = config;
  writeFileSync(CONFIG, JSON.stringify({ ...rest, pat_name: name, pat: secret }, null, 2) + '\n', { mode: 0o600 });
}

async function main(command: string | undefined, arg: string | undefined): Promise<string> {
  const config = readConfig();
  const driver = await loadDriver();
  switch (command) {
    case 'create': {
      const sql = `ALTER USER ${config.user} ADD PROGRAMMATIC ACCESS TOKEN ${arg} ROLE_RESTRICTION = '${config.role}' DAYS_TO_EXPIRY = 90`;
      const row = (await session(driver, adminOptions(), (run) => run(sql)))[0]!;
      saveSecret(config, String(row.token_name), String(row.token_secret));
      return `Created token ${String(row.token_name)}`;
    }
    case 'rotate': {
      const sql = `ALTER USER ${config.user} ROTATE PROGRAMMATIC ACCESS TOKEN ${config.pat_name}`;
      const row = (await session(driver, adminOptions(), (run) => run(sql)))[0]!;
      const secret = String(row.token_secret);
      saveSecret(config, String(row.token_name), secret);
      const context = (await session(driver, patOptions(config, secret), (run) => run(CONTEXT)))[0]!;
      return `Rotated token ${String(row.token_name)}; verified as ${String(context['CURRENT_ROLE()'])}`;
    }
    case 'list': {
      const rows = await session(driver, adminOptions(), (run) => run(`SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER ${config.user}`));
      return rows.map((r) => `${String(r.name)}  ${String(r.status)}  ${String(r.expires_at)}`).join('\n');
    }
    case 'test-connection': {
      const context = (await session(driver, patOptions(config, config.pat!), (run) => run(CONTEXT)))[0]!;
      return Object.entries(context).map(([k, v]) => `${k} ${String(v)}`).join('\n');
    }
    case 'query': {
      const rows = await session(driver, adminOptions(), (run) => run(String(arg)));
      return rows.map((r) => Object.values(r).map(String).join('  ')).join('\n');
    }
    default:
      throw new Error(`unknown floor command ${command}`);
  }
}

let code = 0;
try {
  process.stdout.write(`${await main(process.argv[2], process.argv[3])}\n`);
} catch (error) {
  process.stderr.write(`floor: ${error instanceof Error ? error.message : String(error)}\n`);
  code = 1;
}
process.stdout.write('', () => process.exit(code));
