import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { parsePersonnummer } from '@insyn/person';
import { Clock } from '@insyn/platform';
import { Units } from '../../domain/units.js';
import type { ConversationViewDto, OpenConversationDto } from '../../dto/conversation.dto.js';
import { ConversationCreator } from '../shared/conversation-creator.js';

/** A municipal system opens a conversation with a citizen for its unit (the token's unit). */
@Injectable()
export class OpenConversation {
  constructor(
    private readonly units: Units,
    private readonly creator: ConversationCreator,
    private readonly clock: Clock,
  ) {}

  async execute(input: OpenConversationDto, by: Principal): Promise<ConversationViewDto> {
    const unit = this.units.get(by.unit);
    if (!unit)
      throw Problems.unprocessable(
        [{ field: 'unit', messages: [`the caller’s unit ${by.unit ?? '(none)'} is not a unit that holds conversations`] }],
        'Unknown unit.',
      );
    const pnr = parsePersonnummer(input.personnummer, { now: this.clock.now() });
    if (!pnr.ok) throw Problems.validation([{ field: 'personnummer', messages: [`not a valid personnummer (${pnr.reason})`] }]);
    return this.creator.create(unit, pnr.value.normalized, input, by);
  }
}
