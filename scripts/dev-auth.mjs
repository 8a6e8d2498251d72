// Development-only tokens for `npm start` until the identity service runs: a fresh ES256 key pair
// per run, its public key handed to the apps as AUTH_JWKS, and an editor token printed for trying
// the write APIs. Nothing here is used in production (the apps then fetch the identity service's JWKS).
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export async function devAuth() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = `dev-${Date.now()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const issuer = 'http://127.0.0.1:3002';
  const editorToken = await new SignJWT({
    kind: 'official',
    roles: ['notice-editor'],
    unit: 'kommunstyrelsen',
    hsa_id: 'SE2120002627-dev',
    loa: 3,
    idp: 'dev',
    name: 'Dev Editor',
  })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setSubject('dev-editor')
    .setIssuer(issuer)
    .setAudience('insyn')
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(privateKey);
  return { env: { AUTH_ISSUER: issuer, AUTH_AUDIENCE: 'insyn', AUTH_JWKS: JSON.stringify({ keys: [jwk] }) }, editorToken };
}
