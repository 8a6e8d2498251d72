import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RegisterWebhookDto {
  @ApiProperty({
    example: 'https://arende.kommun.se/insyn/webhook',
    maxLength: 2000,
    description: 'Where to POST the unit’s events: https (plain http to 127.0.0.1/localhost only outside production)',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;
}

export class WebhookDto {
  @ApiProperty() webhookId!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String], example: ['messages.message.received.v1'] }) events!: string[];
  @ApiProperty() createdAt!: string;
}

export class RegisteredWebhookDto extends WebhookDto {
  @ApiProperty({
    example: 'whsec_3q2-7wAAAAA…',
    description:
      'The signing secret, shown this once: each delivery has `Insyn-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of ' +
      '"<t>.<raw body>" under this secret>`; recompute it, compare in constant time and refuse a t older than 5 minutes',
  })
  secret!: string;
}

export class WebhookDeliveryDto {
  @ApiProperty() deliveryId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'messages.message.received.v1' }) eventType!: string;
  @ApiProperty({ enum: ['pending', 'failing', 'delivered', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() lastAttemptAt?: string;
  @ApiPropertyOptional({ description: 'While failing: when it is tried again' }) nextAttemptAt?: string;
  @ApiPropertyOptional({ example: '200', description: 'The receiver’s HTTP status, or timeout / connection-failed' })
  lastResult?: string;
  @ApiPropertyOptional() deliveredAt?: string;
}
