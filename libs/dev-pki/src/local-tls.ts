import fs from 'node:fs';
import path from 'node:path';
import { createCa, createClientCert, createLocalServerCert, pemKey, writePem } from './certificates.js';

/** The PEM files of a throw-away TLS set (keys unencrypted PKCS#8). */
export interface LocalTlsSet {
  ca: string;
  otherCa: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/**
 * A throw-away TLS set in `dir` for a local server (the secured Kafka broker, FerretDB over TLS): a CA,
 * a server certificate for this machine, a client certificate (mTLS) and an unrelated CA that trusts
 * none of them (to show a connection with the wrong CA refused). PEM files, keys unencrypted PKCS#8.
 */
export async function createLocalTlsSet(dir: string, label: string): Promise<LocalTlsSet> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = await createCa(`CN=Insyn test ${label} CA, O=Insyn development`);
  const other = await createCa(`CN=Insyn test untrusted CA, O=Insyn development`);
  const server = await createLocalServerCert(ca, `CN=localhost, O=Insyn test ${label}`);
  const client = await createClientCert(ca, `CN=insyn-client, O=Insyn test ${label}`);
  const files: LocalTlsSet = {
    ca: path.join(dir, 'ca.pem'),
    otherCa: path.join(dir, 'other-ca.pem'),
    serverCert: path.join(dir, 'server.pem'),
    serverKey: path.join(dir, 'server-key.pem'),
    clientCert: path.join(dir, 'client.pem'),
    clientKey: path.join(dir, 'client-key.pem'),
  };
  writePem(files.ca, ca.cert.toString('pem'));
  writePem(files.otherCa, other.cert.toString('pem'));
  writePem(files.serverCert, server.cert.toString('pem'));
  writePem(files.serverKey, await pemKey(server.keys.privateKey));
  writePem(files.clientCert, client.cert.toString('pem'));
  writePem(files.clientKey, await pemKey(client.keys.privateKey));
  return files;
}
