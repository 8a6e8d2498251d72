import { describe, expect, it } from '@jest/globals';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { scrubSpan } from './span-privacy.js';

const span = (kind: SpanKind, name: string, attributes: Record<string, unknown>, events: ReadableSpan['events'] = []) =>
  ({ kind, name, attributes, events }) as unknown as ReadableSpan;

describe('scrubSpan', () => {
  it("keeps a server span's route and status, masks a personnummer in its path and drops the query and the caller", () => {
    const s = span(SpanKind.SERVER, 'GET /v1/conversations/:conversationId', {
      'http.route': '/v1/conversations/:conversationId',
      'url.path': '/v1/conversations/19990807-2391',
      'url.query': 'personnummer=199908072391',
      'http.target': '/v1/x/199908072391?personnummer=199908072391',
      'client.address': '10.1.2.3',
      'network.peer.address': '10.1.2.3',
      'user_agent.original': 'Mozilla/5.0',
      'http.response.status_code': 400,
    });
    scrubSpan(s);
    expect(s.attributes).toEqual({
      'http.route': '/v1/conversations/:conversationId',
      'url.path': '/v1/conversations/[personnummer]',
      'http.target': '/v1/x/[personnummer]',
      'http.response.status_code': 400,
    });
  });

  it("keeps a client span's server address, drops a Kafka key and scrubs exception events", () => {
    const s = span(
      SpanKind.CONSUMER,
      'process messages.conversation.closed.v1',
      { 'network.peer.address': '127.0.0.1', 'messaging.kafka.message.key': 'subject-key', 'messaging.kafka.offset': 7 },
      [{ name: 'exception', time: [0, 0], attributes: { 'exception.message': 'no person 199908072391' } }],
    );
    scrubSpan(s);
    expect(s.attributes).toEqual({ 'network.peer.address': '127.0.0.1', 'messaging.kafka.offset': 7 });
    expect(s.events[0]!.attributes).toEqual({ 'exception.message': 'no person [personnummer]' });
  });
});
