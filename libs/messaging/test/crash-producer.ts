// Child process for the crash test: writes one ledger entry (state + outbox in one document) with the
// relay off, reports it, and waits to be killed, exactly like a process dying between write and publish.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ledgerFixture } from './ledger.fixture.js';

const [suffix, accountId, amount, mark] = process.argv.slice(2) as [string, string, string, 'mark' | 'no-mark'];
const { LedgerModule, Ledger } = ledgerFixture(suffix, { relay: false });
const app = await NestFactory.createApplicationContext(LedgerModule, { logger: ['error'] });
await app.init();
const entry = await app.get(Ledger).post(accountId, Number(amount), { mark: mark === 'mark' });
process.stdout.write(`written ${entry.id}\n`);
setInterval(() => undefined, 60_000);
