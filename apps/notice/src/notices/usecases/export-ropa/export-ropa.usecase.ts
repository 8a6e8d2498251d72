import { Injectable } from '@nestjs/common';
import { dataCategoryIn } from '../../domain/dataCategories.js';
import { RIGHT_CODES } from '../../domain/notice.model.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { formatSfs } from '../../representations/citations.js';
import { publicView } from '../../representations/public-view.js';

/** One processing activity in the controller's record (GDPR art. 30.1 a–g). */
export interface RopaEntry {
  id: string;
  version: number;
  publishedAt: string;
  status: 'published' | 'withdrawn';
  name: string;
  /** 30.1 a */
  controller: string;
  /** '' when the notice gives none. */
  controllerOrganisationNumber: string;
  controllerContact: string;
  dpoContact: string;
  /** 30.1 b */
  purposes: string[];
  legalBases: string[];
  /** 30.1 c */
  dataSubjectCategories: string[];
  dataCategories: string[];
  specialCategories: boolean;
  offenceData: boolean;
  /** 30.1 d */
  recipients: string[];
  /** 30.1 e */
  thirdCountryTransfers: string[];
  /** 30.1 f */
  retention: string[];
  rights: string[];
}

const COLUMNS: (keyof RopaEntry)[] = [
  'id',
  'version',
  'publishedAt',
  'status',
  'name',
  'controller',
  'controllerOrganisationNumber',
  'controllerContact',
  'dpoContact',
  'purposes',
  'legalBases',
  'dataSubjectCategories',
  'dataCategories',
  'specialCategories',
  'offenceData',
  'recipients',
  'thirdCountryTransfers',
  'retention',
  'rights',
];

/**
 * The controller's record of processing activities (art. 30), built from the latest published
 * version of every notice, withdrawn ones included and marked, in Swedish.
 */
@Injectable()
export class ExportRopaUseCase {
  constructor(private readonly notices: NoticeRepository) {}

  async entries(): Promise<RopaEntry[]> {
    const all = await this.notices.listAll();
    return all.flatMap((n) => {
      const record = n.versions.find((v) => v.version === n.currentVersion);
      if (!record || n.status === 'draft') return [];
      const v = publicView(n._id, record);
      const contact = (c: { email?: string; phone?: string }) => [c.email, c.phone].filter(Boolean).join(', ');
      return [
        {
          id: v.id,
          version: v.version,
          publishedAt: v.publishedAt,
          status: n.status === 'withdrawn' ? 'withdrawn' : 'published',
          name: v.title.sv,
          controller: v.controller.name.sv,
          controllerOrganisationNumber: v.controller.organisationNumber ?? '',
          controllerContact: contact(v.controller.contact),
          dpoContact: [v.dpo.personName, contact(v.dpo)].filter(Boolean).join(', '),
          purposes: v.purposes.map((p) => p.sv),
          legalBases: v.legalBasisGroups.flatMap((g) =>
            g.bases.map((b) => [`${g.context.sv}: art. ${b.code}`, ...(b.national ?? []).map((c) => formatSfs(c, 'sv'))].join('; ')),
          ),
          dataSubjectCategories: v.dataSubjectCategories.map((s) => s.label.sv),
          dataCategories: v.dataCategories.map((c) => dataCategoryIn(v.customDataCategories, c.code)?.label.sv ?? c.code),
          specialCategories: v.dataCategories.some((c) => dataCategoryIn(v.customDataCategories, c.code)?.art9),
          offenceData: v.dataCategories.some((c) => dataCategoryIn(v.customDataCategories, c.code)?.art10),
          recipients: v.recipients.map((r) => r.name.sv),
          thirdCountryTransfers: (v.thirdCountryTransfers ?? []).map((t) => `${t.country}: ${t.description.sv}`),
          retention: v.retention.map((r) => r.text.sv),
          rights: RIGHT_CODES.filter((r) => v.rights[r].applies),
        },
      ];
    });
  }

  /** RFC 4180 CSV, UTF-8 with BOM so spreadsheet programs read å, ä, ö; lists joined with " | ". */
  async csv(): Promise<string> {
    const cell = (value: unknown) => {
      const s = Array.isArray(value) ? value.join(' | ') : String(value);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const rows = (await this.entries()).map((e) => COLUMNS.map((c) => cell(e[c])).join(','));
    return `\uFEFF${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
  }
}
