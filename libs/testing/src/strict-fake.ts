/**
 * A port whose every method throws unless the test fakes it (docs/style.md 17): a use case that calls
 * something the test did not expect fails loudly, naming the call, instead of getting `undefined`.
 * `then` and symbols read as absent, so the fake may still be awaited, logged and compared.
 */
export function strictFake<T extends object>(port: string, fakes: Partial<T>): T {
  return new Proxy(fakes as T, {
    get: (target, name) => {
      const value = (target as Record<string | symbol, unknown>)[name];
      if (value === undefined && typeof name === 'string' && name !== 'then') throw new Error(`${port}.${name} was not faked`);
      return value;
    },
  });
}
