/** The service config's default file name. Light: main.ts needs it for `--help` without loading the config modules. */
export const DEFAULT_CONFIG_FILE = 'snowflake_config.json';
