import { describe, expect, it } from '@jest/globals';
import { BackendError } from '../../backends/backend-error.js';
import { MESSAGES } from '../../web/i18n.js';
import { checkNewMessage, refusalFields } from './new-conversation.controller.js';
import { MAX_UPLOAD } from './uploads.js';

const UNITS = [
  { unit: 'socialtjansten', name: 'Individ- och familjeomsorgen', acceptsCitizens: true },
  { unit: 'halso-och-sjukvard', name: 'Hälso- och sjukvård', acceptsCitizens: false },
];
const file = (size: number) => ({ originalname: 'a.pdf', mimetype: 'application/pdf', size, buffer: Buffer.alloc(0) });

describe('checkNewMessage', () => {
  it('accepts a filled form to a unit that takes citizens, trimmed', () => {
    expect(
      checkNewMessage({ unit: 'socialtjansten', subject: ' Fråga ', body: ' Hej ', email: ' anna@example.se ' }, UNITS, file(10)),
    ).toEqual({
      draft: { unit: 'socialtjansten', subject: 'Fråga', body: 'Hej', email: 'anna@example.se' },
      errors: {},
    });
  });

  it('names every field that is wrong, with a catalogue text for each', () => {
    const { errors } = checkNewMessage(
      { unit: 'halso-och-sjukvard', subject: '  ', body: '', email: 'anna@' },
      UNITS,
      file(MAX_UPLOAD + 1),
    );
    expect(errors).toEqual({
      unit: 'newMessage.error.unit',
      subject: 'newMessage.error.subjectEmpty',
      body: 'messages.emptyBody',
      attachment: 'newMessage.error.attachmentSize',
      email: 'newMessage.error.email',
    });
    for (const id of Object.values(errors)) expect(MESSAGES[id]).toBeDefined();
  });

  it('refuses an unknown unit and texts over the messages service’s limits', () => {
    expect(checkNewMessage({ unit: 'finns-inte', subject: 'x'.repeat(121), body: 'x'.repeat(20_001) }, UNITS, undefined).errors).toEqual({
      unit: 'newMessage.error.unit',
      subject: 'newMessage.error.subjectLength',
      body: 'newMessage.error.bodyLength',
    });
  });
});

describe('refusalFields', () => {
  const refused = (status: number, problem: BackendError['problem']) => refusalFields(new BackendError('messages', status, problem));

  it('puts a unit that is gone or does not accept beside the unit', () => {
    expect(refused(404, { type: 'https://insyn/problems/not-found' })).toEqual({ unit: 'newMessage.error.unit' });
    expect(refused(422, { type: 'https://insyn/problems/unit-not-accepting' })).toEqual({ unit: 'newMessage.error.unit' });
  });

  it('puts each refused field beside its own, and an assertion refusal above the button', () => {
    expect(refused(422, { errors: [{ field: 'subject' }, { field: 'attachments[0]' }] })).toEqual({
      subject: 'newMessage.error.subjectSensitive',
      attachment: 'newMessage.error.attachment',
    });
    expect(refused(400, { errors: [{ field: 'body' }, { field: 'subject' }] })).toEqual({
      body: 'newMessage.error.bodyLength',
      subject: 'newMessage.error.subjectLength',
    });
    expect(refused(422, { errors: [{ field: 'identityAssertion' }] })).toEqual({ form: 'newMessage.error.identity' });
    expect(refused(400, { errors: [{ field: 'notify.email' }] })).toEqual({ email: 'newMessage.error.email' });
    expect(refused(409, { title: 'Conflict' })).toEqual({ form: 'newMessage.error.unknown' });
  });
});
