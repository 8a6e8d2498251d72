import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { ProblemException, Problems } from '@insyn/observability';
import { PersonAssertions } from '../../../keys/person-assertions.js';
import { Units } from '../../domain/units.js';
import type { ConversationViewDto, StartConversationDto } from '../../dto/conversation.dto.js';
import { ConversationCreator } from '../shared/conversation-creator.js';

/**
 * A citizen starts a conversation with a unit that accepts them (ADR 0010). Her personnummer, which the
 * archive package needs, comes from the identity service's assertion, checked to be hers.
 */
@Injectable()
export class StartConversation {
  constructor(
    private readonly units: Units,
    private readonly assertions: PersonAssertions,
    private readonly creator: ConversationCreator,
  ) {}

  async execute(unitId: string, input: StartConversationDto, by: Principal): Promise<ConversationViewDto> {
    const unit = this.units.get(unitId);
    if (!unit) throw Problems.notFound(`Unit ${unitId}`);
    if (!unit.acceptsCitizens)
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'unit-not-accepting',
        'The unit does not take conversations from citizens',
        `${unit.name} opens conversations itself; a citizen cannot start one with it. Nothing was stored.`,
      );
    const personnummer = await this.assertions.personnummerOf(input.identityAssertion, by.subject);
    return this.creator.create(unit, personnummer, input, by);
  }
}
