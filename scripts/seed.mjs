// Demo data for `npm start`: imports and publishes the notices under apps/notice/seed through the
// notice service's own API (as an editor would), once; a notice already published is left alone.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function seed({ ports, token }) {
  const lines = [];
  if (!ports.notice) return lines;
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
      const published = await fetch(`${base}/v1/notices/${slug}/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      if (!published.ok) throw new Error(`publishing ${file} failed: ${published.status} ${await published.text()}`);
    }
    if (slug)
      lines.push(`notice ${slug}: ${base}/v1/notices/${slug} (HTML: ?format=html, English: ?format=html&lang=en, JSON-LD: ?format=jsonld)`);
  }
  return lines;
}
