/**
 * The admin socket cannot be created where the supervisor cannot listen: a coded error naming the path
 * (TL_ADMIN_LISTEN_FAILED), not a stack trace, so `tapeline run` can say what to change.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { listenPrivately } from '../../../src/app/admin/socket-file.js';

test('an admin socket in a directory that does not exist fails with TL_ADMIN_LISTEN_FAILED naming the path', async () => {
  const server = createServer();
  const path = '/nonexistent-tapeline-dir/admin.sock';
  try {
    await assert.rejects(listenPrivately(server, path), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'TL_ADMIN_LISTEN_FAILED');
      assert.match(err.message, /nonexistent-tapeline-dir\/admin\.sock/);
      return true;
    });
  } finally {
    server.close();
  }
});
