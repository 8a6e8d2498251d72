import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { Idempotent } from '@insyn/service-kit';
import { HANDLER_ROLE, Scopes } from '../conversations/domain/access.js';
import { RegisteredWebhookDto, RegisterWebhookDto, WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

const MANAGERS = { officialRoles: [HANDLER_ROLE], clientScopes: [Scopes.send] };
const READERS = { officialRoles: [HANDLER_ROLE], clientScopes: [Scopes.read] };
const UUID = new ParseUUIDPipe();

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Allow(MANAGERS)
  @ApiOperation({
    summary: 'Register a webhook for the caller’s unit: its events are POSTed there, signed',
    description:
      'Each citizen reply in the unit’s conversations (messages.message.received.v1: conversation and message ids, unit, ' +
      'case reference, receivedAt; no content) is POSTed as JSON `{id, type, occurredAt, data}` with `Insyn-Event-Id`, ' +
      '`Insyn-Event-Type` and `Insyn-Signature: t=…,v1=…` (HMAC-SHA256 of `t.body` under the secret in this answer, shown ' +
      'once). A 2xx answer delivers it; anything else is retried with backoff (5 s doubling, at most an hour, 12 attempts). ' +
      'At least once: dedupe by `Insyn-Event-Id`.',
  })
  @ApiCreatedResponse({ type: RegisteredWebhookDto })
  @Idempotent({ unprocessable: 'the caller’s unit holds no conversations' })
  register(@Body() body: RegisterWebhookDto, @CurrentPrincipal() by: Principal): Promise<RegisteredWebhookDto> {
    return this.webhooks.register(body.url, by);
  }

  @Get()
  @Allow(READERS)
  @ApiOperation({ summary: 'The caller’s unit’s webhooks (without their secrets)' })
  @ApiOkResponse({ type: [WebhookDto] })
  list(@CurrentPrincipal() by: Principal): Promise<WebhookDto[]> {
    return this.webhooks.list(by);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @Allow(MANAGERS)
  @ApiOperation({ summary: 'Remove a webhook of the unit; deliveries not yet made are given up, the log stays' })
  @ApiNoContentResponse({ description: 'Removed' })
  async remove(@Param('webhookId', UUID) id: string, @CurrentPrincipal() by: Principal): Promise<void> {
    await this.webhooks.remove(id, by);
  }

  @Get(':webhookId/deliveries')
  @Allow(READERS)
  @ApiOperation({ summary: 'The webhook’s delivery log, newest first (the last 200): status, attempts, the receiver’s answer' })
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  deliveries(@Param('webhookId', UUID) id: string, @CurrentPrincipal() by: Principal): Promise<WebhookDeliveryDto[]> {
    return this.webhooks.deliveries(id, by);
  }
}
