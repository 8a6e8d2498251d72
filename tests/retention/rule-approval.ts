// Four-eyes activation of retention rules (ADR 0024) for tests: one official submits a draft, a second
// one (a DPO) approves it. `approverToken` mints that second official, with an HSA-id and a name of her own.
import type { TestTokens } from '@insyn/testing';
import request from 'supertest';

/** The second official: a DPO (another HSA-id than TestTokens.official's), named in her token. */
export function approverToken(tokens: TestTokens, unit = 'kommunstyrelsen', name = 'Dana Dataskydd'): Promise<string> {
  return tokens.mint({
    sub: 'official-approver-key',
    kind: 'official',
    roles: ['dpo'],
    unit,
    hsa_id: 'SE2321000230-dpo2',
    name,
    loa: 3,
    idp: 'siths',
  });
}

/** Submits `version` of the rule (as `requester`, 202) and approves it (as `approver`, 200): the version is active. */
export async function activateWithApproval(
  server: Parameters<typeof request>[0],
  ruleId: string,
  version: number,
  requester: string,
  approver: string,
): Promise<request.Response> {
  await request(server).post(`/v1/rules/${ruleId}/versions/${version}/activate`).set('Authorization', `Bearer ${requester}`).expect(202);
  return request(server).post(`/v1/rules/${ruleId}/versions/${version}/approve`).set('Authorization', `Bearer ${approver}`).expect(200);
}
