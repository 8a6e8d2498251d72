/**
 * Every Kafka topic Insyn uses. One topic per event type, and the name carries the version.
 *
 * FROZEN: a name here is a contract with other services. Never rename or reuse one; a breaking
 * change to a payload is a new event with a `.v2` topic, and the old one stays until every consumer
 * has moved (docs/adr/0004-events-outbox-inbox.md).
 */
export const Topics = {
  NoticePublishedV1: 'notice.published.v1',
  NoticeWithdrawnV1: 'notice.withdrawn.v1',
  IdentitySignedInV1: 'identity.signed-in.v1',
  MessagesConversationClosedV1: 'messages.conversation.closed.v1',
  MessagesConversationArchivedV1: 'messages.conversation.archived.v1',
  MessagesConversationInaktuellV1: 'messages.conversation.inaktuell.v1',
  MessagesMessageReceivedV1: 'messages.message.received.v1',
  RetentionPurgeRequestedV1: 'retention.purge.requested.v1',
  RetentionPurgeCompletedV1: 'retention.purge.completed.v1',
  RetentionRuleActivatedV1: 'retention.rule.activated.v1',
  RetentionRuleRetiredV1: 'retention.rule.retired.v1',
  RightsRequestOpenedV1: 'rights.request.opened.v1',
  RightsRequestPartV1: 'rights.request.part.v1',
  RightsRequestClosedV1: 'rights.request.closed.v1',
  ConsentChangedV1: 'consent.changed.v1',
  AuditAccessedV1: 'audit.accessed.v1',
  /** Events that failed validation or kept failing, with the reason; one topic for all consumers. */
  DeadLetterV1: 'insyn.dead-letter.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];
