import { Injectable } from '@nestjs/common';
import { type Principal, subjectKeysOf } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { instantPosition, pageOf, pageStart } from '@insyn/service-kit';
import { mayAccess } from '../../domain/access.js';
import { CONVERSATION_LIST, listFiltersOf, orderOf, pageFiltersOf } from '../../domain/list-order.js';
import type { ConversationSummaryDto, ListConversationsQueryDto } from '../../dto/conversation.dto.js';
import { ConversationRepository } from '../../persistence/conversation.repository.js';
import { changedAtOf, ConversationPresenter } from '../shared/conversation-presenter.js';

/**
 * A page of the conversations `by` may see (a citizen her own, an official or system its unit's), with
 * the cursor of the next page when there is one. A case reference filters the unit's list only.
 */
@Injectable()
export class ListConversations {
  constructor(
    private readonly repo: ConversationRepository,
    private readonly presenter: ConversationPresenter,
  ) {}

  async execute(by: Principal, query: ListConversationsQueryDto): Promise<{ items: ConversationSummaryDto[]; next?: string }> {
    const given = pageFiltersOf({
      ...(query.status ? { status: query.status } : {}),
      ...(query.caseReference ? { caseReference: query.caseReference } : {}),
      ...(query.since ? { since: new Date(query.since) } : {}),
    });
    const start = pageStart(CONVERSATION_LIST, query, given, { valid: (after) => instantPosition(after) !== undefined });
    const filters = listFiltersOf(start.filters);
    if (!filters) throw Problems.validation([{ field: 'cursor', messages: ['not a cursor this list gave; start again without one'] }]);
    if (by.kind === 'citizen' && filters.caseReference)
      throw Problems.validation([{ field: 'caseReference', messages: ['case references are the unit’s; a citizen cannot filter by one'] }]);
    const scope = by.kind === 'citizen' ? { subjectKeys: subjectKeysOf(by) } : by.unit ? { unit: by.unit } : undefined;
    if (!scope) return { items: [] };
    const records = await this.repo.page(scope, filters, instantPosition(start.after), start.limit + 1);
    const recent = orderOf(filters) === 'recent';
    const page = pageOf(records, start, CONVERSATION_LIST, (last) => [
      (recent ? last.lastMessageAt : changedAtOf(last)).toISOString(),
      last._id,
    ]);
    return {
      items: page.items.filter((r) => mayAccess(by, r, 'read')).map((r) => this.presenter.summary(r, by)),
      ...(page.next ? { next: page.next } : {}),
    };
  }
}
