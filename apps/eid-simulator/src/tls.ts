import type { TLSSocket } from 'node:tls';
import type { Request } from 'express';

/**
 * The relying party's client certificate, when the request came over the mutually authenticated
 * listener with a certificate the RP CA issued; undefined otherwise (plain HTTP, no or a foreign certificate).
 */
export function verifiedClientCertificate(req: Request): { subject: string; fingerprint256: string } | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (!socket.encrypted || !socket.authorized || typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.fingerprint256) return undefined;
  const cn = cert.subject?.CN;
  return { subject: Array.isArray(cn) ? cn.join(', ') : (cn ?? ''), fingerprint256: cert.fingerprint256 };
}
