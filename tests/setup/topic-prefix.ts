// Each integration and end-to-end test file gets topics of its own on the shared broker: a
// KAFKA_TOPIC_PREFIX of its own (ADR 0026), which its apps (in-process, or started as processes with
// this environment) and the test helpers put before every topic name. Files running side by side then
// never hear each other's events. Jest gives each file its own copy of process.env.
import { randomBytes } from 'node:crypto';

process.env.KAFKA_TOPIC_PREFIX = `t${randomBytes(5).toString('hex')}.`;
