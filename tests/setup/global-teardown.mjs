export default async function globalTeardown() {
  const infra = globalThis.__insynInfra;
  if (infra) {
    delete globalThis.__insynInfra;
    await infra.stop();
  }
}
