import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { Idempotent } from '@insyn/service-kit';
import { Scopes } from './domain/access.js';
import { ConversationViewDto, StartConversationDto, UnitDto } from './dto/conversation.dto.js';
import { ListUnits } from './usecases/list-units/list-units.usecase.js';
import { StartConversation } from './usecases/start-conversation/start-conversation.usecase.js';

const UNIT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

@ApiTags('units')
@ApiBearerAuth()
@Controller('v1/units')
export class UnitsController {
  constructor(
    private readonly listUnits: ListUnits,
    private readonly startConversation: StartConversation,
  ) {}

  @Get()
  // Any official, whatever her roles: the portal names her unit on her start page (the names are no secret).
  @Allow({ citizen: { minLoa: 3 }, anyOfficial: true, clientScopes: [Scopes.read] })
  @ApiOperation({ summary: 'The units that hold conversations, and which of them a citizen may start one with' })
  @ApiOkResponse({ type: [UnitDto] })
  list(): UnitDto[] {
    return this.listUnits.execute();
  }

  @Post(':unitId/conversations')
  @Allow({ citizen: { minLoa: 3 } })
  @ApiOperation({
    summary: 'A citizen (LoA 3) starts a conversation with a unit that accepts them',
    description:
      'The body carries the identity service’s person assertion for the caller (ADR 0010); its personnummer is stored ' +
      'sealed, as for a conversation a unit opens, for the archive package. 404 for an unknown unit, 422 ' +
      '`unit-not-accepting` for a unit that opens conversations itself, 422 on `identityAssertion` for an assertion ' +
      'that is expired, not for this service, not readable or another person’s.',
  })
  @ApiCreatedResponse({ type: ConversationViewDto })
  @ApiNotFoundResponse({ description: 'No such unit' })
  @Idempotent({ unprocessable: '`unit-not-accepting`, or an `identityAssertion` that is not the caller’s or not valid' })
  start(@Param('unitId') unitId: string, @Body() body: StartConversationDto, @CurrentPrincipal() by: Principal) {
    if (!UNIT_ID.test(unitId)) throw Problems.notFound(`Unit ${unitId.slice(0, 64)}`);
    return this.startConversation.execute(unitId, body, by);
  }
}
