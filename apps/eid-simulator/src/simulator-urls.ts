export const SIMULATOR_URLS = Symbol('SIMULATOR_URLS');

/** Where the simulator listens, known only once both listeners are up (ports may be picked at random). */
export class SimulatorUrls {
  httpUrl = '';
  tlsUrl = '';
  set(urls: { httpUrl: string; tlsUrl: string }): void {
    Object.assign(this, urls);
  }
}
