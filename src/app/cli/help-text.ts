/**
 * The environment-variable sections of `--help`, kept in one place so every command documents the same
 * variables the same way (docs/contract.md, commands and options lists them; `resolveConfig` and the commands read them).
 */

const KEYS = `  BINANCE_API_KEY, BINANCE_API_SECRET
                         venue API key pair: both or neither (with --venue sim a pair is generated when unset)`;

export const ENV_HELP = Object.freeze({
  run: `Environment:
  EXECUTION_ENABLED      "true" or "false" (default: false); orders also need the kill switch armed
  ${KEYS.trimStart()}
  TAPELINE_ADMIN_TOKEN   bearer token for POST /api/kill-switch (unset: that endpoint answers 403)
  TAPELINE_READ_TOKEN    token for /ws, the dashboard and /api/* (required with --host beyond loopback)
  TAPELINE_TLS_CERT, TAPELINE_TLS_KEY
                         PEM certificate and key: serve https/wss (both or neither)
  TAPELINE_NATS_PASSWORD password of --nats-user (kept off the command line, which ps shows)
  TAPELINE_PORT          like --port
  TAPELINE_DATA_DIR      like --data-dir
  TAPELINE_DEBUG=1       print stack traces with errors`,
  admin: `Environment:
  TAPELINE_DATA_DIR      the default socket is <TAPELINE_DATA_DIR>/admin.sock (default: ./var/admin.sock)

Exit status: 0 when the reply has "ok":true, 1 when "ok":false or the supervisor is unreachable, 2 on usage errors.`,
  sim: `Environment:
  ${KEYS.trimStart()}
                         (--api-key / --api-secret win; prefer the environment, command lines are visible in ps)`,
  replay: `Environment:
  TAPELINE_NATS_PASSWORD password of --nats-user
  TAPELINE_DEBUG=1       print stack traces with errors`,
});
