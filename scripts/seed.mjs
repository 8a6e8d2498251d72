// Demo data for `npm start`: imports and publishes the notices under apps/notice/seed through the
// notice service's own API, once; a notice already published is left alone. Publishing takes two people
// (ADR 0023): the development editor (Elin Ekström) submits each notice and the development DPO (Frida
// Forsberg) approves it, each signed in with SITHS eID through the simulator. Then,
// if the messages service runs, opens a conversation with the simulator's first test person
// (DEMO_PERSON) as the development municipal system, so signing in shows something. The lines it returns
// are printed: they name no person (the run's credentials file does, see dev-env.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_OFFICIALS, officialToken } from './dev-env.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The simulator's first test person (apps/eid-simulator/src/control/test-users.ts). */
export const DEMO_PERSON = { personnummer: '199908072391', name: 'Anna Andersson' };

/** Who submits the demo notices, and who approves them: two development officials, two people. */
const SUBMITTER = DEV_OFFICIALS.find((o) => o.roles.length === 1 && o.roles[0] === 'notice-editor');
const APPROVER = DEV_OFFICIALS.find((o) => o.roles.length === 1 && o.roles[0] === 'dpo');

export async function seed({ ports, token }) {
  const lines = [...(await seedNotices({ ports, token }))];
  if (ports.messages) {
    const res = await fetch(`http://127.0.0.1:${ports.messages}/v1/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        personnummer: DEMO_PERSON.personnummer,
        subject: 'Välkommen till säkra meddelanden',
        body: 'Hej Anna! Det här är ett exempel på ett säkert meddelande. Du kan svara här, med bilagor.',
      }),
    });
    if (res.status !== 201) throw new Error(`seeding a conversation failed: ${res.status} ${await res.text()}`);
    lines.push(`messages: a conversation for the simulator's first test person (who that is: the credentials file below)`);
  }
  return lines;
}

async function seedNotices({ ports, token }) {
  const lines = [];
  if (!ports.notice) return lines;
  /** Signed in at the first notice to publish: a restart with every notice published signs no one in. */
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
    const body = await created.json().catch(() => ({}));
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
      const { draftRevision } = await submitted.json();
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

/** Access tokens of the submitting editor and the approving DPO, from identity's SITHS sign-in. */
async function signInOfficials(ports) {
  if (!ports.identity) throw new Error('publishing the demo notices needs the identity service (two officials sign in)');
  const identityUrl = `http://127.0.0.1:${ports.identity}`;
  return {
    submitter: await officialToken(identityUrl, SUBMITTER.hsaId),
    approver: await officialToken(identityUrl, APPROVER.hsaId),
  };
}
