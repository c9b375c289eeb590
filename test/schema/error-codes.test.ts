/**
 * Codes are data: every code in ERROR_CODES has a row here saying which test triggers it through a real surface
 * (the test file must name the code it asserts), or why no user can meet it (`internal`), or that it is a known
 * gap (`gap`: reachable by a user, no test yet — listed so the gap is visible and cannot grow unnoticed). A code
 * literal anywhere in src/ that is not in the union fails here too (the type checker covers typed sites).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, type ErrorCode } from '../../src/schema/errors.js';

type Row = { test: string } | { internal: string } | { gap: string };

const ROWS: Record<ErrorCode, Row> = {
  TL_CLUSTER_JOURNAL_UNAVAILABLE: { test: 'test/runtime/nats/order-journal-stream.test.ts' },
  TL_CLUSTER_LEASE_TTL_TOO_SHORT: { test: 'test/runtime/nats/leader-lease.test.ts' },
  TL_CLUSTER_REST_BUDGET_UNAVAILABLE: { test: 'test/runtime/nats/rest-budget.test.ts' },
  TL_CLUSTER_STALE_LEADER: { test: 'test/app/cluster/risk-leader-failover.test.ts' },
  TL_CLUSTER_TAPE_STREAM_MISSING: { test: 'test/venues/tape/tape-stream.test.ts' },
  TL_BACKTEST_BAD_FILTERS: { test: 'test/app/backtest/backtest-cli.test.ts' },
  TL_BACKTEST_EMPTY_TAPE: { test: 'test/app/backtest/backtest-cli.test.ts' },
  TL_BACKTEST_EMPTY_RANGE: { test: 'test/app/backtest/backtest-empty-run.test.ts' },
  TL_BACKTEST_NO_SYMBOL: { test: 'test/app/backtest/backtest-empty-run.test.ts' },
  TL_BACKTEST_NO_SESSION: { test: 'test/app/backtest/compare-live.test.ts' },
  TL_BACKTEST_NO_FILTERS: { test: 'test/app/backtest/backtest-cli.test.ts' },
  TL_BACKTEST_OUT_OF_ORDER: { test: 'test/app/backtest/symbol-backtest.test.ts' },
  TL_BACKTEST_CLOCK_OFFSET: { test: 'test/app/backtest/symbol-backtest.test.ts' },
  TL_BACKTEST_FAILED: {
    internal: 'wraps a backtest worker failure that carried no code of its own (a bug, not bad input)',
  },
  TL_RISK_UNKNOWN: {
    internal: 'a refused signal whose verdict carried no code: the backtest records it rather than drop it',
  },
  TL_BACKTEST_UNKNOWN_ORDER: {
    internal: 'a counted warning if the paper venue reports an order the composition never placed (consistency check)',
  },
  TL_BACKTEST_FILL_WITHOUT_DETAIL: {
    internal:
      'a counted warning if a fill arrives without its fill detail (consistency check between two of our modules)',
  },
  TL_ACTOR_FAILED: { test: 'test/app/supervisor.test.ts' },
  TL_ACTOR_HUNG: { test: 'test/app/supervisor.test.ts' },
  TL_ACTOR_TIMEOUT: { test: 'test/app/supervisor-refusals.test.ts' },
  TL_ACTOR_UNAVAILABLE: { test: 'test/app/supervisor-refusals.test.ts' },
  TL_ACTOR_UNKNOWN: { test: 'test/app/admin/admin-server.test.ts' },
  TL_ADMIN_BAD_REPLY: { test: 'test/app/cli/cli-admin.test.ts' },
  TL_ADMIN_BAD_REQUEST: { test: 'test/app/admin/admin-protocol.test.ts' },
  TL_ADMIN_LINE_TOO_LONG: { test: 'test/app/admin/admin-server.test.ts' },
  TL_ADMIN_LISTEN_FAILED: { test: 'test/app/admin/socket-file.test.ts' },
  TL_ADMIN_SOCKET_IN_USE: { test: 'test/app/admin/admin-server.test.ts' },
  TL_ADMIN_TIMEOUT: { test: 'test/app/admin/admin-server.test.ts' },
  TL_ADMIN_UNKNOWN_COMMAND: { test: 'test/app/admin/admin-protocol.test.ts' },
  TL_ADMIN_UNREACHABLE: { test: 'test/app/admin/admin-server.test.ts' },
  TL_BENCH_SKIP: {
    internal: 'bench only: a bench case that cannot run here (recorded data absent) is reported as skipped',
  },
  TL_CHANNEL_CORRUPT: {
    internal: 'a ring frame length outside the ring: only memory corruption or a runtime bug produces it',
  },
  TL_CHANNEL_FRAME_TOO_LARGE: { test: 'test/runtime/channel/ring-buffer.test.ts' },
  TL_CLI_USAGE: { test: 'test/app/cli/cli-usage.test.ts' },
  TL_CODEC_INVALID: { test: 'test/actors/ingest/ingest-pipeline.test.ts' },
  TL_CONFIG_INVALID: { test: 'test/actors/symbol/strategy/symbol-actor-signals.test.ts' },
  TL_EXECUTION_PARAMS_INVALID: { test: 'test/actors/execution/execution-params.test.ts' },
  TL_EXEC_BLOCKED: { test: 'test/actors/execution/execution-venue.test.ts' },
  TL_EXEC_DUPLICATE_DECISION: { test: 'test/actors/execution/execution-venue.test.ts' },
  TL_EXEC_EXPIRED: { test: 'test/actors/execution/user-events.test.ts' },
  TL_EXEC_HEDGE_MODE: { test: 'test/actors/execution/user-events.test.ts' },
  TL_EXEC_STP_EXPIRED: { test: 'test/actors/execution/order-transport.test.ts' },
  TL_GATEWAY_DASHBOARD_MISSING: {
    internal: 'a broken build (dist/ without the dashboard files); npm run build copies them',
  },
  TL_GATEWAY_EXPOSED_NO_TOKEN: { test: 'test/actors/gateway/gateway-credentials.test.ts' },
  TL_GATEWAY_TLS_INCOMPLETE: { test: 'test/actors/gateway/gateway-access.test.ts' },
  TL_GATEWAY_TLS_INVALID: { test: 'test/actors/gateway/gateway-credentials.test.ts' },
  TL_GATEWAY_UNAUTHORIZED: { test: 'test/actors/gateway/gateway-credentials.test.ts' },

  TL_CLUSTER_BAD_ROLES: { test: 'test/app/cluster/cluster-options.test.ts' },
  TL_CLUSTER_SCHEMA_MISMATCH: { test: 'test/app/cluster/cluster-nodes.test.ts' },
  TL_NATS_AUTH_REFUSED: { test: 'test/app/cluster/run-nats-credentials.test.ts' },
  TL_NATS_BAD_CREDENTIAL: { test: 'test/app/cluster/cluster-options.test.ts' },
  TL_NATS_BAD_URL: { test: 'test/runtime/nats/nats-connect.test.ts' },
  TL_NATS_UNREACHABLE: { test: 'test/runtime/nats/nats-connect.test.ts' },
  TL_GATEWAY_LISTEN_FAILED: { test: 'test/app/cli/cli-port-in-use.test.ts' },
  TL_GATEWAY_NO_SUPERVISOR: { internal: 'a wiring bug: the supervisor always hands the gateway its API port' },
  TL_HTTP_BAD_BODY: { test: 'test/actors/gateway/kill-switch-and-channels.test.ts' },
  TL_HTTP_BODY_TOO_LARGE: { test: 'test/actors/gateway/kill-switch-and-channels.test.ts' },
  TL_HTTP_METHOD: { test: 'test/actors/gateway/kill-switch-and-channels.test.ts' },
  TL_HTTP_NOT_FOUND: { test: 'test/actors/gateway/gateway.test.ts' },
  TL_INGEST_BAD_COMMAND: { test: 'test/actors/ingest/ingest-sim.test.ts' },
  TL_INGEST_MALFORMED_FRAME: { test: 'test/actors/ingest/ingest-pipeline.test.ts' },
  TL_INTERNAL: { test: 'test/app/admin/admin-protocol.test.ts' },
  TL_KILL_SWITCH_ARM_OVER_HTTP: { test: 'test/actors/gateway/kill-switch-and-channels.test.ts' },
  TL_KILL_SWITCH_ARM_REFUSED: { test: 'test/actors/risk/gates-property.test.ts' },
  TL_KILL_SWITCH_NO_TOKEN: { test: 'test/actors/gateway/gateway.test.ts' },
  TL_KILL_SWITCH_UNAUTHORIZED: { test: 'test/actors/gateway/kill-switch-and-channels.test.ts' },
  TL_REPLAY_FAILED: { internal: 'the fallback code of a replay worker error that carried none: a bug, not an input' },
  TL_RISK_APPROVED: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_COOLDOWN: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_DAILY_LOSS: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_DUPLICATE_DECISION: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_GATE_EXECUTION_DISABLED: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_GATE_KILL_SWITCH: { test: 'test/actors/risk/kill-switch-e2e.test.ts' },
  TL_RISK_GATE_NOT_READY: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_GATE_NO_KEYS: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_GROSS_NOTIONAL: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_INVALID_INTENT: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_MIN_NOTIONAL: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_NO_FILTERS: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_OPEN_ORDERS: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_ORDER_NOTIONAL: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_ORDER_RATE: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_PARAMS_INVALID: { test: 'test/actors/risk/sizing-ramp.test.ts' },
  TL_RISK_POSITION_NOTIONAL: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_PRECISION: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_RISK_PRICE_BAND: { test: 'test/actors/risk/risk-checks.test.ts' },
  TL_SHUTTING_DOWN: { test: 'test/app/supervisor-refusals.test.ts' },
  TL_SIM_BAD_OPTION: { test: 'test/venues/sim/sim-options.test.ts' },
  TL_SIM_CHILD_FAILED: { test: 'test/venues/sim/child-process.test.ts' },
  TL_SIM_LISTEN_FAILED: { test: 'test/app/cli/cli-port-in-use.test.ts' },
  TL_SIM_TAPE_FAILED: { test: 'test/venues/sim/sim-options.test.ts' },
  TL_SYMBOL_ADD_FAILED: { test: 'test/app/admin/admin-server.test.ts' },
  TL_SYMBOL_INGEST_FAILED: { test: 'test/app/supervisor-refusals.test.ts' },
  TL_TAPE_MALFORMED: { test: 'test/venues/tape/read-tape.test.ts' },
  TL_TAPE_READ_FAILED: { test: 'test/venues/tape/read-tape.test.ts' },
  TL_TAPE_UNKNOWN_FORMAT: { test: 'test/venues/tape/read-tape.test.ts' },
  TL_TAPE_UNSUPPORTED_VERSION: { test: 'test/venues/tape/read-tape.test.ts' },
  TL_TAPE_WRITER_CLOSED: { test: 'test/venues/tape/tape-writer.test.ts' },
  TL_TAPE_WRITE_FAILED: { test: 'test/venues/tape/tape-writer.test.ts' },
  TL_TAPE_WRITE_INVALID: { test: 'test/venues/tape/tape-writer.test.ts' },
  TL_TOO_MANY_ACTORS: {
    gap: 'more than 1024 symbols added live since start (a thread each): too heavy for a test on this machine',
  },
  TL_UWS_UNAVAILABLE: {
    internal: 'a broken install (the native uWS binding missing for this platform); npm ci restores it',
  },
  TL_VENUE_BAD_REPLY: { test: 'test/venues/binance/rest-client.test.ts' },
  TL_VENUE_BANNED: { test: 'test/venues/binance/rest-client.test.ts' },
  TL_VENUE_CLOCK: { test: 'test/venues/binance/signed-rest.test.ts' },
  TL_VENUE_HTTP: { test: 'test/venues/binance/rest-client.test.ts' },
  TL_VENUE_RATE_LIMITED: { test: 'test/venues/binance/signed-rest.test.ts' },
  TL_VENUE_REJECTED: { test: 'test/venues/binance/signed-rest.test.ts' },
  TL_VENUE_START_FAILED: { test: 'test/app/supervisor-refusals.test.ts' },
  TL_VENUE_TIMEOUT: { test: 'test/venues/binance/rest-client.test.ts' },
  TL_VENUE_UNKNOWN: { test: 'test/venues/binance/signed-rest.test.ts' },
  TL_VENUE_WS_API_DOWN: { test: 'test/venues/binance/ws-api-client.test.ts' },
  TL_VENUE_UNREACHABLE: { test: 'test/venues/binance/rest-client.test.ts' },
  TL_VENUE_WS_ERROR: { test: 'test/actors/ingest/ingest-pipeline.test.ts' },
  TL_WS_BAD_JSON: { test: 'test/actors/gateway/gateway-units.test.ts' },
  TL_WS_BAD_MSGPACK: { test: 'test/actors/gateway/gateway-units.test.ts' },
  TL_WS_BAD_OP: { test: 'test/actors/gateway/gateway-units.test.ts' },
  TL_WS_BINARY_ON_JSON: { test: 'test/actors/gateway/gateway-units.test.ts' },
  TL_WS_OP_TOO_LARGE: { test: 'test/actors/gateway/gateway-units.test.ts' },
  TL_WS_RATE_LIMITED: { test: 'test/actors/gateway/gateway.test.ts' },
  TL_WS_UNKNOWN_OP: { test: 'test/actors/gateway/gateway-units.test.ts' },
  TL_WS_UNKNOWN_SYMBOL: { test: 'test/actors/gateway/gateway.test.ts' },
};

/** The gaps as of this table; closing one means writing its test and turning its row into `test`. */
const KNOWN_GAPS = 1;

const root = fileURLToPath(new URL('../../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|cts|js)$/.test(e.name) ? [path] : [];
  });
}

test('every code has a row, and every row names a code of the union', () => {
  assert.deepEqual(Object.keys(ROWS).sort(), [...ERROR_CODES].sort());
});

test('every tested code is named by its test file', () => {
  for (const [code, row] of Object.entries(ROWS)) {
    if (!('test' in row)) continue;
    const text = readFileSync(join(root, row.test), 'utf8');
    assert.ok(new RegExp(`\\b${code}\\b`).test(text), `${row.test} does not mention ${code}`);
  }
});

test('internal codes say why no user meets them; the known gaps do not grow', (t) => {
  const gaps: string[] = [];
  for (const [code, row] of Object.entries(ROWS)) {
    if ('internal' in row) assert.ok(row.internal.length > 20, `${code}: say why it is internal`);
    if ('gap' in row) gaps.push(`${code}: ${row.gap}`);
  }
  t.diagnostic(`codes a user can meet with no test yet:\n${gaps.join('\n')}`);
  assert.ok(gaps.length <= KNOWN_GAPS, `new untested codes:\n${gaps.join('\n')}`);
});

test('every TL_ code literal in src/ is in the union', () => {
  const known = new Set<string>(ERROR_CODES);
  const unknown: string[] = [];
  for (const file of sources(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`](TL_[A-Z0-9_]+)['"`:]/g))
      if (!known.has(m[1]!)) unknown.push(`${m[1]} in ${file.slice(root.length)}`);
  }
  assert.deepEqual(unknown, []);
});
