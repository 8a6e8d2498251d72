import { dataCategoryIn } from './dataCategories.js';
import { say } from './notice.messages.js';
import { ART10_CODE, ART6_CODES, ART9_CODES } from './notice.model.js';
import { overrideMessages, type OverridesInput, type RightsInput } from './rights.js';
import { asList, type Checker, isPlainObject, type PlainObject } from './validation-kit.js';

/**
 * Rules of law that need more than one part of a notice: the data it names must be matched by the
 * legal bases it cites. They run after the structural checks and only look at parts that are
 * well-formed, so one typo does not produce a cascade of follow-on messages.
 */
export function checkLegalRules(c: Checker, input: PlainObject): void {
  const groups = asList(input.legalBasisGroups).filter(isPlainObject);
  const codes = new Set(
    groups
      .flatMap((g) => asList(g.bases))
      .filter(isPlainObject)
      .map((b) => b.code),
  );
  const has = (candidates: readonly string[]) => candidates.some((code) => codes.has(code));

  // Art. 6.1: processing is lawful only if at least one of its bases applies.
  if (groups.length > 0 && !has(ART6_CODES)) {
    c.report('legalBasisGroups', say('needsArt6'));
  }
  // Art. 9.2 only lifts the ban on special categories: the processing in that context still needs its own
  // art. 6.1 basis, so a group citing 9.2 must cite 6.1 as well (a basis elsewhere in the notice covers other processing).
  groups.forEach((g, index) => {
    const own = new Set(asList(g.bases).map((b) => (isPlainObject(b) ? b.code : undefined)));
    if (ART9_CODES.some((code) => own.has(code)) && !ART6_CODES.some((code) => own.has(code))) {
      c.report(`legalBasisGroups[${index}].bases`, say('art9WithoutArt6'));
    }
  });

  let needsJustification = false;
  const custom = asList(input.customDataCategories).filter(isPlainObject);
  asList(input.dataCategories).forEach((entry, index) => {
    const definition = isPlainObject(entry) && typeof entry.code === 'string' ? dataCategoryIn(custom, entry.code) : undefined;
    if (definition === undefined) return;
    const path = `dataCategories[${index}].code`;
    // Art. 9.1 forbids special categories unless an art. 9.2 condition applies.
    if (definition.art9 && !has(ART9_CODES)) {
      c.report(path, say('art9WithoutCondition', { code: definition.code }));
    }
    // Art. 10: offence data only under official authority or when national law allows it.
    if (definition.art10 && !has([ART10_CODE])) {
      c.report(path, say('art10WithoutBasis', { code: definition.code }));
    }
    needsJustification ||= definition.personnummer;
  });
  // 3 kap. 10 § lag (2018:218): personnummer only when clearly justified, so the notice must say why.
  if (needsJustification && input.personnummerJustification === undefined) {
    c.report('personnummerJustification', say('personnummerJustification'));
  }

  // Overrides are judged against the bases exactly as `deriveRights` judges them, once each is an object.
  const overrides = asList(input.rightsOverrides);
  if (overrides.every(isPlainObject)) {
    const rightsInput: OverridesInput = {
      legalBasisGroups: groups.map((g) => ({
        id: String(g.id),
        context: { sv: '' },
        bases: asList(g.bases)
          .filter(isPlainObject)
          .map((b) => ({ code: b.code })),
        ...(typeof g.automatedMeans === 'boolean' ? { automatedMeans: g.automatedMeans } : {}),
      })) as RightsInput['legalBasisGroups'],
      automatedMeans: input.automatedMeans === true,
      rightsOverrides: overrides,
    };
    for (const problem of overrideMessages(rightsInput)) {
      c.report(`rightsOverrides[${problem.index}].${problem.field}`, problem.message);
    }
  }
}
