import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalTlsSet, type LocalTlsSet } from '@insyn/dev-pki';
import { readMongoConnection } from './mongo-connection.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-mongo-conn-'));
let tls: LocalTlsSet;
let certKey: string;
const REMOTE = 'mongodb://notice:pa%40ss@m0.kommun.example:27017,m1.kommun.example:27017/?replicaSet=rs0';

beforeAll(async () => {
  tls = await createLocalTlsSet(path.join(dir, 'tls'), 'unit');
  certKey = path.join(dir, 'client-cert-key.pem');
  fs.writeFileSync(certKey, fs.readFileSync(tls.clientCert, 'utf8') + fs.readFileSync(tls.clientKey, 'utf8'));
});

describe('readMongoConnection', () => {
  it('passes the URI as it is in development, and adds the TLS files given as variables', () => {
    expect(readMongoConnection({ MONGODB_URI: 'mongodb://127.0.0.1:27017/' }).connection).toEqual({
      uri: 'mongodb://127.0.0.1:27017/',
      options: {},
      description: '127.0.0.1:27017 without TLS',
    });
    const { connection } = readMongoConnection({ MONGODB_URI: REMOTE, MONGODB_TLS_CA_FILE: tls.ca, MONGODB_TLS_CERT_KEY_FILE: certKey });
    expect(connection?.options).toEqual({ tls: true, tlsCAFile: tls.ca, tlsCertificateKeyFile: certKey });
    expect(connection?.description).toBe('m0.kommun.example:27017,m1.kommun.example:27017 over TLS (own CA)');
    expect(connection?.description).not.toContain('pa%40ss');
  });

  it('checks the files, also those the URI names, and a CA given with tls=false', () => {
    const { problems } = readMongoConnection({
      MONGODB_URI: `${REMOTE}&tls=false&tlsCertificateKeyFile=${encodeURIComponent(path.join(dir, 'nope.pem'))}`,
      MONGODB_TLS_CA_FILE: tls.clientKey,
    });
    expect(problems).toEqual([
      'MONGODB_TLS_CA_FILE: set, but MONGODB_URI says tls=false',
      'MONGODB_TLS_CA_FILE: the file holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
      expect.stringMatching(/^MONGODB_URI \(tlsCertificateKeyFile\): cannot read .*nope\.pem \(ENOENT\)$/),
    ]);
    expect(problems.join('\n')).not.toContain('pa%40ss');
  });

  it('refuses in production a remote server without TLS (unless MONGODB_ALLOW_PLAINTEXT) and certificate checks turned off', () => {
    const production = (env: Record<string, string>) => readMongoConnection({ NODE_ENV: 'production', ...env }).problems;
    expect(production({ MONGODB_URI: REMOTE })).toEqual([
      expect.stringMatching(/^MONGODB_URI: production connects to m0.kommun.example:27017, m1.kommun.example:27017 without TLS/),
    ]);
    expect(production({ MONGODB_URI: REMOTE, MONGODB_ALLOW_PLAINTEXT: 'true' })).toEqual([]);
    expect(production({ MONGODB_URI: `${REMOTE}&tls=true` })).toEqual([]);
    expect(production({ MONGODB_URI: 'mongodb+srv://notice:x@cluster0.kommun.example/' })).toEqual([]);
    expect(production({ MONGODB_URI: 'mongodb://127.0.0.1:27017/' })).toEqual([]);
    expect(production({ MONGODB_URI: `${REMOTE}&tls=true&tlsAllowInvalidCertificates=true` })).toEqual([
      expect.stringMatching(/^MONGODB_URI: tlsallowinvalidcertificates=true turns certificate checks off/),
    ]);
  });
});
