import { describe, expect, it } from '@jest/globals';
import express, { type Request } from 'express';
import { messageLanguageOf } from './negotiate.js';

/** A request as express makes it, with only the header under test. */
const request = (acceptLanguage: string | undefined): Request =>
  Object.setPrototypeOf({ headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } }, express.request) as Request;

describe('Accept-Language chooses the language of the messages', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['sv', 'sv'],
    ['sv-SE,sv;q=0.9,en;q=0.8', 'sv'],
    ['en-GB,en;q=0.9,sv;q=0.8', 'en'],
    ['de, sv;q=0.5', 'sv'],
    ['en;q=0.4, sv;q=0.6', 'sv'],
    ['sv;q=0, en', 'en'],
    ['de', 'en'],
    ['*', 'en'],
  ])('%s → %s', (header, lang) => {
    expect(messageLanguageOf(request(header))).toBe(lang);
  });
});
