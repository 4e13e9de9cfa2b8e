/** The first contact tells at once what no retry fixes: a refused connection, a name that does not resolve. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { networkErrorCode, probeReachable } from '../../sdk/client/reachability.js';
import { connect } from '../../sdk/connect.js';
import { MigrationError } from '../../sdk/errors.js';
import { cleanupDirs, startPair, tempDir } from '../migrate/helpers.js';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as AddressInfo;
  await new Promise((done) => s.close(done));
  return port;
}

describe('probeReachable', () => {
  it('names a refused connection and a host name that does not resolve', async () => {
    const refused = await probeReachable(`http://127.0.0.1:${await closedPort()}`);
    expect(refused).toMatchObject({ ok: false, code: 'ECONNREFUSED', reason: expect.stringContaining('nothing listens') });
    const unknown = await probeReachable('http://no-such-host.invalid');
    expect(unknown.ok).toBe(false);
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain((unknown as { code: string }).code);
  });

  it('counts any HTTP answer as reachable, and gives up on silence after its timeout', async () => {
    const silent = createServer(() => { /* never answers */ });
    const answering = createServer((_req, res) => res.writeHead(404).end());
    await Promise.all([silent, answering].map((s) => new Promise<void>((done) => s.listen(0, '127.0.0.1', done))));
    try {
      expect(await probeReachable(`http://127.0.0.1:${(answering.address() as AddressInfo).port}/`)).toEqual({ ok: true, status: 404 });
      expect(await probeReachable(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, 300)).toMatchObject({ ok: false, code: 'TIMEOUT' });
    } finally {
      silent.closeAllConnections();
      await Promise.all([silent, answering].map((s) => new Promise((done) => s.close(done))));
    }
  });

  it('finds the code in undici\'s nested causes', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(networkErrorCode(new TypeError('fetch failed', { cause: new AggregateError([inner]) }))).toBe('ECONNREFUSED');
    expect(networkErrorCode(new TypeError('fetch failed', { cause: inner }))).toBe('ECONNREFUSED');
    expect(networkErrorCode(new Error('plain'))).toBeUndefined();
  });
});

describe('connect to an unreachable target', () => {
  it('throws TARGET_UNREACHABLE before any request is retried', async () => {
    const pair = await startPair({ records: 20 });
    const events: string[] = [];
    try {
      const error = await connect({
        source: { url: pair.sandbox.url, apiKey: pair.sandbox.workspace('source').apiKey },
        target: { url: `http://127.0.0.1:${await closedPort()}`, apiKey: pair.sandbox.workspace('target').apiKey },
        runDir: tempDir(),
        onClientEvent: (side, e) => events.push(`${side}:${e.type}`),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).code).toBe('TARGET_UNREACHABLE');
      expect((error as MigrationError).details).toMatchObject({ side: 'target', variable: 'TARGET_URL', network: 'ECONNREFUSED' });
      expect(events.filter((e) => e === 'target:retry')).toEqual([]);
    } finally {
      await pair.close();
      cleanupDirs();
    }
  });
});
