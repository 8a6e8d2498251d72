import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { ApiPagedResponse, linkNext } from '@insyn/service-kit';
import type { Response } from 'express';
import { LOG_READER_ROLES } from './domain/access-entry.js';
import { AccessLogPageDto, AccessLogQuery, OfficialAccessLogPageDto, pageQueryOf, SubjectKeyParams } from './dto/access-log.dto.js';
import { ListOwnAccessLog } from './usecases/list-own-access-log/list-own-access-log.usecase.js';
import { ReadPersonAccessLog } from './usecases/read-person-access-log/read-person-access-log.usecase.js';

@ApiTags('access-log')
@ApiBearerAuth()
@Controller('v1')
export class AccessLogController {
  constructor(
    private readonly listOwn: ListOwnAccessLog,
    private readonly readPerson: ReadPersonAccessLog,
  ) {}

  @Get('access-log')
  // What units read about her tells as much as the messages themselves: the same assurance as reading them (LoA 3).
  @Allow({ citizen: { minLoa: 3 } })
  @ApiOperation({
    summary: 'My access log (loggutdrag): who read my data, what, when and why',
    description:
      'Newest first, one page at a time. Who: the role and unit (with its name), or the municipal system by its client id; ' +
      'an official is never named. Reads of this log by the rights function are in it too (resource `access-log`). ' +
      'Needs an e-ID sign-in at assurance level 3 (BankID, Freja+), as reading the messages does.',
  })
  @ApiPagedResponse({
    path: '/v1/access-log',
    type: AccessLogPageDto,
    badRequest: 'A bad limit, cursor or period (`errors` names the field)',
  })
  async own(
    @Query() query: AccessLogQuery,
    @CurrentPrincipal() citizen: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessLogPageDto> {
    const page = await this.listOwn.execute(citizen, pageQueryOf(query));
    linkNext(res, '/v1/access-log', page.nextCursor, query.limit, { from: query.from, to: query.to });
    return page;
  }

  @Get('people/:subjectKey/access-log')
  @Allow({ officialRoles: Object.keys(LOG_READER_ROLES) })
  @ApiOperation({
    summary: 'A person’s access log, for the rights function (rights-handler, dpo)',
    description:
      'By subject key, never by personnummer. The read is itself logged in the person’s log (resource `access-log`, the ' +
      'official’s role and unit) before anything is returned, so she sees that her log was read.',
  })
  @ApiPagedResponse({
    path: '/v1/people/{subjectKey}/access-log',
    type: OfficialAccessLogPageDto,
    badRequest: 'A personnummer or malformed key in the path, or a bad limit, cursor or period',
  })
  async person(
    @Param() params: SubjectKeyParams,
    @Query() query: AccessLogQuery,
    @CurrentPrincipal() official: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfficialAccessLogPageDto> {
    const page = await this.readPerson.execute(params.subjectKey, official, pageQueryOf(query));
    linkNext(res, `/v1/people/${params.subjectKey}/access-log`, page.nextCursor, query.limit, { from: query.from, to: query.to });
    return page;
  }
}
