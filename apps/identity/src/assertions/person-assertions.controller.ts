import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import type { Response } from 'express';
import { PersonAssertionDto, PersonAssertionRequestDto } from './dto/person-assertion.dto.js';
import { IssuePersonAssertionUseCase } from './usecases/issue-person-assertion/issue-person-assertion.usecase.js';

@ApiTags('person-assertions')
@ApiBearerAuth()
@Controller('v1/person-assertions')
export class PersonAssertionsController {
  constructor(private readonly issueAssertion: IssuePersonAssertionUseCase) {}

  @Post()
  @HttpCode(200)
  @Allow({ citizen: { minLoa: 3 } })
  @ApiOperation({
    summary: 'The signed-in citizen’s personnummer for one service, encrypted to it (ADR 0010)',
    description:
      'For a service that must hold her personnummer for what she asks of it (the messages service archives a conversation ' +
      'she starts with it). Signed by identity, encrypted to the service’s key from its JWKS, valid two minutes; the ' +
      'caller carries it but cannot read it. 401 when the token’s session has ended.',
  })
  @ApiOkResponse({ type: PersonAssertionDto })
  @ApiResponse({ status: 503, description: 'The service’s key set cannot be read now' })
  issue(
    @Body() body: PersonAssertionRequestDto,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PersonAssertionDto> {
    res.setHeader('Cache-Control', 'no-store');
    return this.issueAssertion.execute(body.audience, by);
  }
}
