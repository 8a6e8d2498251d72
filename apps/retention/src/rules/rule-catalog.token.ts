/** The DI token of the {@link RuleCatalog} (units and information types known to this service). */
export const RULE_CATALOG = Symbol('RuleCatalog');
