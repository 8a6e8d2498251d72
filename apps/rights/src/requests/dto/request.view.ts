import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REQUEST_KINDS, type RequestKind } from '@insyn/contracts';
import { isOverdue, LEGAL_GROUNDS, missingParts, type DataSubjectRequest } from '../domain/request.model.js';

class NoticeRefView {
  @ApiProperty() slug!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'The notice’s title in Swedish.' }) title!: string;
}

class ExtensionView {
  @ApiProperty({ enum: [1, 2] }) months!: number;
  @ApiProperty({ description: 'Why the answer takes longer, as the person is told.' }) reason!: string;
  @ApiProperty() decidedAt!: string;
  @ApiProperty() previousDueAt!: string;
}

class PartProgressView {
  @ApiProperty({ description: 'Services that must answer.' }) expected!: string[];
  @ApiProperty({ description: 'Services whose part is in.' }) received!: string[];
}

class DecisionView {
  @ApiProperty() service!: string;
  @ApiProperty() outcome!: string;
  @ApiProperty({ description: 'The legal ground, in words (Swedish).' }) ground!: string;
  @ApiProperty({ description: 'The law it rests on.' }) law!: string;
  @ApiPropertyOptional() note?: string;
}

/** A request as its person sees it: no official's identity, only what was decided and why. */
export class RequestView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: REQUEST_KINDS }) kind!: RequestKind;
  @ApiProperty({ type: NoticeRefView }) notice!: NoticeRefView;
  @ApiProperty({ enum: ['open', 'answered', 'withdrawn'] }) status!: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ description: 'When the answer is due: one month after receipt (art. 12.3), later when extended.' }) dueAt!: string;
  @ApiPropertyOptional({ type: ExtensionView }) extension?: ExtensionView;
  @ApiProperty({ type: PartProgressView }) parts!: PartProgressView;
  @ApiProperty({ type: [DecisionView] }) decisions!: DecisionView[];
  @ApiPropertyOptional() closedAt?: string;
  @ApiPropertyOptional({ description: 'Where the answer is downloaded, once answered (access: JSON or HTML; portability: JSON).' })
  report?: string;
  @ApiPropertyOptional({
    description:
      'Until when the report can be downloaded (RIGHTS_REPORT_KEEP_DAYS after the answer); after it the data is deleted and the download is 410 Gone.',
  })
  reportAvailableUntil?: string;
}

class PartView {
  @ApiProperty() service!: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty() recordCount!: number;
  @ApiPropertyOptional({ description: 'What the service itself decided, with its legal reason.' }) serviceDecision?: {
    outcome: string;
    legalReason: string;
  };
}

/** A request as the officials handling it see it. */
export class QueuedRequestView extends RequestView {
  @ApiProperty({ description: 'Whose request (the subject key, never a personnummer).' }) subjectKey!: string;
  @ApiPropertyOptional() details?: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ description: 'Services whose part is still missing.' }) missing!: string[];
  @ApiProperty({ type: [PartView] }) partDetails!: PartView[];
  @ApiProperty({ description: 'How many times the services were asked (1 + reminders).' }) askCount!: number;
}

export function requestView(r: DataSubjectRequest): RequestView {
  return {
    id: r.id,
    kind: r.kind,
    notice: { slug: r.notice.slug, version: r.notice.version, title: r.notice.title.sv },
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    ...(r.extension
      ? {
          extension: {
            months: r.extension.months,
            reason: r.extension.reason,
            decidedAt: r.extension.at.toISOString(),
            previousDueAt: r.extension.previousDueAt.toISOString(),
          },
        }
      : {}),
    parts: { expected: r.expectedServices, received: r.parts.map((p) => p.service) },
    decisions: r.decisions.map((d) => ({
      service: d.service,
      outcome: d.outcome,
      ground: LEGAL_GROUNDS[d.ground].sv,
      law: LEGAL_GROUNDS[d.ground].law,
      ...(d.note ? { note: d.note } : {}),
    })),
    ...(r.closedAt ? { closedAt: r.closedAt.toISOString() } : {}),
    ...(r.status === 'answered' && (r.kind === 'access' || r.kind === 'portability')
      ? {
          report: `/v1/requests/${r.id}/report`,
          ...(r.reportAvailableUntil ? { reportAvailableUntil: r.reportAvailableUntil.toISOString() } : {}),
        }
      : {}),
  };
}

export function queuedRequestView(r: DataSubjectRequest, now: Date): QueuedRequestView {
  return {
    ...requestView(r),
    subjectKey: r.subjectKey,
    ...(r.details ? { details: r.details } : {}),
    overdue: isOverdue(r, now),
    missing: missingParts(r),
    partDetails: r.parts.map((p) => ({
      service: p.service,
      receivedAt: p.receivedAt.toISOString(),
      recordCount: p.recordCount,
      ...(p.serviceDecision ? { serviceDecision: p.serviceDecision } : {}),
    })),
    askCount: r.askCount,
  };
}
