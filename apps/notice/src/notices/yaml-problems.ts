import { Problems, type ProblemException } from '@insyn/observability';
import { type ErrorCode, YAMLParseError } from 'yaml';
import { type MessageLanguage, say, textOf } from './domain/notice.messages.js';
import { inLanguageOf } from './usecases/notice-input.js';

/**
 * What each of the YAML parser's errors means, in Swedish, by its error code: a Record over the parser's
 * own code type, so a code a new version of the parser adds does not compile until it has its text. In
 * English the parser's own words are kept (API clients match them, and they are more precise).
 */
const SWEDISH: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'ett alias (*namn) kan inte ha en egen tagg eller ett eget ankare',
  BAD_ALIAS: 'aliaset (*namn) är inte skrivet rätt eller pekar inte på något ankare (&namn) före det',
  BAD_COLLECTION_TYPE: 'värdet har inte den typ som dess tagg kräver',
  BAD_DIRECTIVE: 'direktivet (en rad som börjar med %) är inte giltigt',
  BAD_DQ_ESCAPE: 'texten inom dubbla citattecken har en ogiltig escape-sekvens (\\…); skriv \\\\ för ett omvänt snedstreck',
  BAD_INDENT:
    'fel indrag, eller en [ eller { som inte avslutas: raden ska vara indragen som raderna i samma lista eller grupp av fält, och varje [ ha sin ] och varje { sin }',
  BAD_PROP_ORDER: 'ett ankare (&namn) eller en tagg (!namn) står på fel plats',
  BAD_SCALAR_START: 'ett värde kan inte börja med det här tecknet; sätt värdet inom citattecken',
  BLOCK_AS_IMPLICIT_KEY: 'en nyckel kan inte vara en lista eller en grupp av fält; har ett kolon kommit fel?',
  BLOCK_IN_FLOW: 'en lista eller grupp av fält med indrag kan inte stå inom [ ] eller { }',
  DUPLICATE_KEY: 'samma nyckel står två gånger i samma grupp av fält',
  IMPOSSIBLE: 'texten kunde inte tolkas som YAML här',
  KEY_OVER_1024_CHARS: 'en nyckel får vara högst 1 024 tecken lång; har ett kolon fallit bort?',
  MISSING_CHAR: 'ett tecken saknas här, till exempel ett avslutande citattecken, en ] eller en }',
  MULTILINE_IMPLICIT_KEY: 'en nyckel kan inte sträcka sig över flera rader; har ett kolon fallit bort på raden före?',
  MULTIPLE_ANCHORS: 'ett värde kan ha högst ett ankare (&namn)',
  MULTIPLE_DOCS: 'texten innehåller mer än ett YAML-dokument (---); skicka ett',
  MULTIPLE_TAGS: 'ett värde kan ha högst en tagg (!namn)',
  NON_STRING_KEY: 'en nyckel måste vara text, inte en lista eller en grupp av fält',
  RESOURCE_EXHAUSTION: 'texten använder alias (*namn) för många gånger (högst 100)',
  TAB_AS_INDENT: 'tabbtecken kan inte användas som indrag i YAML; använd mellanslag',
  TAG_RESOLVE_FAILED: 'taggen (!namn) är okänd',
  UNEXPECTED_TOKEN: 'här står något som inte hör hemma på den här platsen',
};

/**
 * An alias that names no anchor, or too many aliases, is found while the document becomes values: the
 * parser throws a ReferenceError then, with no code and no place.
 */
function referenceErrorCode(err: unknown, said: string): ErrorCode {
  if (!(err instanceof ReferenceError)) return 'IMPOSSIBLE';
  if (/unresolved alias/i.test(said)) return 'BAD_ALIAS';
  if (/alias count/i.test(said)) return 'RESOURCE_EXHAUSTION';
  return 'IMPOSSIBLE';
}

/**
 * The 400 problem for a body the YAML parser refused: the place as `line L, column C` (the field the
 * portal's YAML view reads) and what is wrong, in the answer's language.
 */
export function yamlSyntaxProblem(err: unknown, lang: MessageLanguage): ProblemException {
  const parsed = err instanceof YAMLParseError ? err : undefined;
  const at = parsed?.linePos?.[0];
  const where = at ? `line ${at.line}, column ${at.col}` : '';
  const said = (err instanceof Error ? err.message.split('\n')[0] : undefined) || 'invalid YAML';
  const code: ErrorCode = parsed?.code ?? referenceErrorCode(err, said);
  const text = lang === 'sv' ? SWEDISH[code] : said;
  return inLanguageOf(Problems.validation([{ field: where, messages: [text] }], textOf(say('yamlUnreadable'), lang)), lang);
}
