import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal, subjectKeysOf } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { consentView, historyView } from './consent.view.js';
import { citizenOf } from './domain/citizen.js';
import { ConsentChangeDto, ConsentParams, GiveConsentDto } from './dto/consent.dto.js';
import { ConsentsRepository } from './persistence/consents.repository.js';
import { GiveConsentUseCase } from './usecases/give-consent/give-consent.usecase.js';
import { ListConsentsUseCase } from './usecases/list-consents/list-consents.usecase.js';
import { WithdrawConsentUseCase } from './usecases/withdraw-consent/withdraw-consent.usecase.js';

/** Signed-in citizens read their own consents at any e-ID level... */
export const CONSENT_READERS = { citizen: { minLoa: 2 } };
/** ...and change them only signed in with e-ID at LoA 3 (BankID, Freja eID+). */
export const CONSENT_WRITERS = { citizen: { minLoa: 3 } };

/** The citizen's consents (GDPR art. 7): give, withdraw, read with their history. */
@ApiTags('consents')
@ApiBearerAuth()
@Controller('v1/consents')
export class ConsentsController {
  constructor(
    private readonly list: ListConsentsUseCase,
    private readonly give: GiveConsentUseCase,
    private readonly withdraw: WithdrawConsentUseCase,
    private readonly consents: ConsentsRepository,
  ) {}

  @Get()
  @Allow(CONSENT_READERS)
  @ApiOperation({
    summary: 'What I could consent to, and where I stand on each',
    description:
      'Every purpose of a current notice that rests on consent (art. 6.1 a, 9.2 a), with its text and my consent ' +
      '(given, withdrawn, not-given, or renewal-needed when the notice changed the text I consented to); and my consents ' +
      'to purposes no longer offered.',
  })
  async mine(@CurrentPrincipal() user: Principal) {
    return this.list.execute(subjectKeysOf(user));
  }

  @Post('give')
  @HttpCode(HttpStatus.OK)
  @Allow(CONSENT_WRITERS)
  @ApiOperation({
    summary: 'Give consent to a purpose of a notice',
    description:
      'Records the text of the current notice version, the language it was shown in, when, and how I signed in; emits ' +
      'consent.changed.v1. Giving again what is given to the same wording changes nothing (`changed: false`). Where the notice ' +
      'asks for a signature, `signature` carries the identity service’s sign assertion over the exact text and BankID’s evidence ' +
      '(ADR 0012); it is kept with the change and named in the receipt.',
  })
  @ApiOkResponse({ description: 'The consent, and whether this request changed it' })
  @ApiNotFoundResponse({ description: 'No current notice by that slug (unknown or withdrawn)' })
  @ApiUnprocessableEntityResponse({
    description:
      'The purpose does not rest on consent in this notice, the language is not offered, a signature is required and missing ' +
      '(signature-required), or it does not verify or is over another text (signature-invalid, signature-text-mismatch, signature-evidence-mismatch)',
  })
  @ApiForbiddenResponse({ description: 'Below LoA 3, or the signature is another person’s (signature-not-yours)' })
  @ApiConflictResponse({ description: 'The signature has given a consent already (signature-replayed)' })
  async giveConsent(@Body() body: GiveConsentDto, @CurrentPrincipal() user: Principal) {
    const { consent, changed } = await this.give.execute(citizenOf(user), { ...body, language: body.language ?? 'sv' });
    return { ...consentView(consent), changed };
  }

  @Post('withdraw')
  @HttpCode(HttpStatus.OK)
  @Allow(CONSENT_WRITERS)
  @ApiOperation({
    summary: 'Withdraw consent to a purpose of a notice',
    description: 'The same request as giving it (art. 7.3). Recorded with when and how I signed in; emits consent.changed.v1.',
  })
  @ApiOkResponse({ description: 'The consent, now withdrawn' })
  @ApiConflictResponse({ description: 'No consent given to withdraw' })
  async withdrawConsent(@Body() body: ConsentChangeDto, @CurrentPrincipal() user: Principal) {
    const { consent, changed } = await this.withdraw.execute(citizenOf(user), { ...body, language: body.language ?? 'sv' });
    return { ...consentView(consent), changed };
  }

  @Get(':consentId')
  @Allow(CONSENT_READERS)
  @ApiOperation({ summary: 'One of my consents' })
  @ApiOkResponse({ description: 'The consent: its state and the version and text it rests on' })
  @ApiNotFoundResponse({ description: 'No consent of mine by that id' })
  async one(@Param() params: ConsentParams, @CurrentPrincipal() user: Principal) {
    const consent = await this.consents.findOwned(params.consentId, subjectKeysOf(user));
    if (!consent) throw Problems.notFound(`The consent ${params.consentId}`);
    return consentView(consent);
  }

  @Get(':consentId/history')
  @Allow(CONSENT_READERS)
  @ApiOperation({
    summary: 'Every change of one of my consents',
    description: 'Oldest first: notice and version, the text shown (sv, en) and in which language, when, and how I signed in.',
  })
  @ApiOkResponse({ description: 'The consent’s changes, oldest first' })
  @ApiNotFoundResponse({ description: 'No consent of mine by that id' })
  async history(@Param() params: ConsentParams, @CurrentPrincipal() user: Principal) {
    const consent = await this.consents.findOwned(params.consentId, subjectKeysOf(user));
    if (!consent) throw Problems.notFound(`The consent ${params.consentId}`);
    return historyView(consent);
  }
}
