// @ts-check
// Demo data for `npm start`: imports and publishes the notices under apps/notice/seed through the
// notice service's own API, once; a notice already published is left alone. Publishing takes two people
// (ADR 0023): the development editor (Elin Ekström) submits each notice and the development DPO (Frida
// Forsberg) approves it, each signed in with SITHS eID through the simulator. Then,
// if the messages service runs, opens a conversation with the simulator's first test person
// (DEMO_PERSON) as the development municipal system, so signing in shows something. If the retention
// service runs, the demo gallringsregler (DEMO_RULES) are made through its API, once, also by two people
// (ADR 0024): the retention administrator (Isak Isaksson) creates each rule citing its demo gallringsbeslut
// and submits it, the DPO approves it; the first time, a closed conversation of the unit gives the rule's
// forecast something to count. The lines it returns are printed: they name no person (the run's
// credentials file does, see dev-env.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_OFFICIALS, officialToken } from './dev-env.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The running apps' ports, by app name (those not running are absent). @typedef {Record<string, number | undefined>} Ports */
/** @typedef {(identityUrl: string, hsaId: string) => Promise<string>} SignIn */

/**
 * The development official who alone has `role`: the demo data's two people are chosen by role.
 * @param {string} role
 */
function officialWithOnly(role) {
  const official = DEV_OFFICIALS.find((o) => o.roles.length === 1 && o.roles[0] === role);
  if (!official) throw new Error(`no development official has the role ${role} alone (scripts/dev-env.mjs)`);
  return official;
}

/** The simulator's first test person (apps/eid-simulator/src/control/test-users.ts). */
export const DEMO_PERSON = { personnummer: '199908072391', name: 'Anna Andersson' };

/** Who submits the demo notices, and who approves them: two development officials, two people. */
const SUBMITTER = officialWithOnly('notice-editor');
const APPROVER = officialWithOnly('dpo');
/** Who writes and submits the demo rules; the DPO (APPROVER) approves them. */
const RULE_WRITER = officialWithOnly('retention-admin');

/** The demo gallringsbeslut the demo rules cite: made up for the demo, dated in the past. */
export const DEMO_DECISION = {
  body: 'Kommunstyrelsen',
  date: '2025-11-20',
  reference: 'KS 2025/0412',
  section: 'punkt 3.4 i informationshanteringsplanen',
};

/**
 * The demo rules: the development client's unit (kommunstyrelsen, where the demo conversations are) keeps
 * secure messages a month after the conversation closed, archived first (the messages service archives a
 * closed conversation to its folder), so a conversation closed today shows in the forecast's 90 days.
 */
export const DEMO_RULES = [
  {
    ruleId: 'sakra-meddelanden-ks',
    unit: 'kommunstyrelsen',
    informationType: 'secure-message',
    action: 'archive-then-delete',
    trigger: 'conversation-closed',
    after: 'P1M',
    schedule: '0 2 * * *',
    decision: DEMO_DECISION,
  },
];

/**
 * Loads the demo data into the running apps; the lines to print about it.
 * @param {{ ports: Ports; token: string }} options
 * @returns {Promise<string[]>}
 */
export async function seed({ ports, token }) {
  const lines = [...(await seedNotices({ ports, token }))];
  if (ports.messages) {
    await openConversation(ports, token, {
      subject: 'Välkommen till säkra meddelanden',
      body: 'Hej Anna! Det här är ett exempel på ett säkert meddelande. Du kan svara här, med bilagor.',
    });
    lines.push(`messages: a conversation for the simulator's first test person (who that is: the credentials file below)`);
  }
  if (ports.retention) {
    const created = await seedRules({ ports, token });
    if (created.length > 0 && ports.messages) {
      // A closed conversation of the rules' unit: the retention service hears of it, the forecast counts it.
      const id = await openConversation(ports, token, {
        subject: 'Ditt ärende är avslutat',
        body: 'Hej Anna! Ärendet är klart och samtalet är avslutat. Det gallras enligt kommunens gallringsbeslut.',
      });
      const closed = await fetch(`http://127.0.0.1:${ports.messages}/v1/conversations/${id}/close`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      if (!closed.ok) throw new Error(`closing the demo conversation failed: ${closed.status} ${await closed.text()}`);
    }
    for (const rule of DEMO_RULES)
      lines.push(
        `retention rule ${rule.ruleId}${created.includes(rule.ruleId) ? ' (created, approved)' : ''}: http://127.0.0.1:${ports.portal ?? ''}/tjanst/gallring/regler/${rule.ruleId}`,
      );
  }
  return lines;
}

/**
 * The development client (its unit) opens a conversation with DEMO_PERSON; its id.
 * @param {Ports} ports
 * @param {string} token
 * @param {{ subject: string; body: string }} message
 * @returns {Promise<string | undefined>}
 */
async function openConversation(ports, token, { subject, body }) {
  const res = await fetch(`http://127.0.0.1:${ports.messages}/v1/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ personnummer: DEMO_PERSON.personnummer, subject, body }),
  });
  if (res.status !== 201) throw new Error(`seeding a conversation failed: ${res.status} ${await res.text()}`);
  const json = /** @type {{ conversationId?: string; id?: string }} */ (await res.json().catch(() => ({})));
  return json.conversationId ?? json.id;
}

/**
 * The demo rules through the retention service's API, by two people (ADR 0024): the retention
 * administrator creates each rule with its gallringsbeslut and submits version 1, the DPO approves it. A
 * rule that exists is left alone, whatever its state (someone may have changed it in the portal). The ids
 * of the rules created.
 * @param {{ ports: Ports; token: string; signIn?: SignIn }} options
 * @returns {Promise<string[]>}
 */
export async function seedRules({ ports, token, signIn = officialToken }) {
  const base = `http://127.0.0.1:${ports.retention}`;
  /** @type {string[]} */
  const created = [];
  /**
   * Signed in at the first rule to make: a restart with every rule there signs no one in.
   * @type {{ writer: string; approver: string } | undefined}
   */
  let tokens;
  for (const rule of DEMO_RULES) {
    // The development client reads rules (retention:read).
    const existing = await fetch(`${base}/v1/rules/${rule.ruleId}`, { headers: { authorization: `Bearer ${token}` } });
    if (existing.ok) continue;
    if (existing.status !== 404) throw new Error(`reading the rule ${rule.ruleId} failed: ${existing.status} ${await existing.text()}`);
    if (!ports.identity) throw new Error('the demo gallring rules need the identity service (two officials sign in)');
    const identityUrl = `http://127.0.0.1:${ports.identity}`;
    tokens ??= { writer: await signIn(identityUrl, RULE_WRITER.hsaId), approver: await signIn(identityUrl, APPROVER.hsaId) };
    /**
     * @param {string} token
     * @param {string} path
     * @param {object} [body]
     */
    const call = (token, path, body) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const res = await call(tokens.writer, '/v1/rules', rule);
    if (res.status === 409) continue;
    if (res.status !== 201) throw new Error(`seeding the rule ${rule.ruleId} failed: ${res.status} ${await res.text()}`);
    const submitted = await call(tokens.writer, `/v1/rules/${rule.ruleId}/versions/1/activate`);
    if (submitted.status !== 202)
      throw new Error(`submitting the rule ${rule.ruleId} failed: ${submitted.status} ${await submitted.text()}`);
    const approved = await call(tokens.approver, `/v1/rules/${rule.ruleId}/versions/1/approve`);
    if (approved.status !== 200) throw new Error(`approving the rule ${rule.ruleId} failed: ${approved.status} ${await approved.text()}`);
    created.push(rule.ruleId);
  }
  return created;
}

/**
 * @param {{ ports: Ports; token: string }} options
 * @returns {Promise<string[]>}
 */
async function seedNotices({ ports, token }) {
  /** @type {string[]} */
  const lines = [];
  if (!ports.notice) return lines;
  /**
   * Signed in at the first notice to publish: a restart with every notice published signs no one in.
   * @type {{ submitter: string; approver: string } | undefined}
   */
  let officials;
  const base = `http://127.0.0.1:${ports.notice}`;
  const dir = path.join(ROOT, 'apps', 'notice', 'seed');
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const yaml = fs.readFileSync(path.join(dir, file), 'utf8');
    const created = await fetch(`${base}/v1/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/yaml' },
      body: yaml,
    });
    const body = /** @type {{ slug?: string; existing?: string }} */ (await created.json().catch(() => ({})));
    if (created.status !== 201 && created.status !== 409)
      throw new Error(`seeding ${file} failed: ${created.status} ${JSON.stringify(body)}`);
    const slug = created.status === 201 ? body.slug : (body.slug ?? body.existing);
    if (created.status === 201) {
      officials ??= await signInOfficials(ports);
      const submitted = await fetch(`${base}/v1/notices/${slug}/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officials.submitter}` },
      });
      if (submitted.status !== 202) throw new Error(`submitting ${file} failed: ${submitted.status} ${await submitted.text()}`);
      const { draftRevision } = /** @type {{ draftRevision: number }} */ (await submitted.json());
      const approved = await fetch(`${base}/v1/notices/${slug}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officials.approver}`, 'content-type': 'application/json' },
        body: JSON.stringify({ draftRevision }),
      });
      if (!approved.ok) throw new Error(`approving ${file} failed: ${approved.status} ${await approved.text()}`);
    }
    if (slug)
      lines.push(`notice ${slug}: ${base}/v1/notices/${slug} (HTML: ?format=html, English: ?format=html&lang=en, JSON-LD: ?format=jsonld)`);
  }
  return lines;
}

/**
 * Access tokens of the submitting editor and the approving DPO, from identity's SITHS sign-in.
 * @param {Ports} ports
 */
async function signInOfficials(ports) {
  if (!ports.identity) throw new Error('publishing the demo notices needs the identity service (two officials sign in)');
  const identityUrl = `http://127.0.0.1:${ports.identity}`;
  return {
    submitter: await officialToken(identityUrl, SUBMITTER.hsaId),
    approver: await officialToken(identityUrl, APPROVER.hsaId),
  };
}
