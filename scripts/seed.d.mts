export const DEMO_PERSON: { personnummer: string; name: string };
export function seed(options: { ports: Record<string, number>; token: string }): Promise<string[]>;
