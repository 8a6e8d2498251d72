export const DEMO_PERSON: { personnummer: string; name: string };
export function seed(options: { ports: Record<string, number>; token: string }): Promise<string[]>;
export interface DemoRule {
  ruleId: string;
  unit: string;
  informationType: string;
  action: string;
  trigger: string;
  after: string;
  schedule: string;
  decision: { body: string; date: string; reference: string; section: string };
}
export const DEMO_DECISION: DemoRule['decision'];
export const DEMO_RULES: DemoRule[];
export function seedRules(options: {
  ports: Record<string, number>;
  token: string;
  signIn?: (identityUrl: string, hsaId: string) => Promise<string>;
}): Promise<string[]>;
