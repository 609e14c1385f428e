// Imported before snowflake-sdk: ESM evaluates imports first, so these must live in their own module.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.SF_TELEMETRY_DISABLE_CONNECTION_SHAPE = '1';
export {};
