// The notice service's domain, as tests outside the app use it without booting the service (e.g. to build
// the notice.published.v1 event the service would publish). Nothing here reads the environment, so it may
// be imported before a test has set it; testing.ts, which also loads the AppModule, may not.
export { parseNotice } from './notices/domain/notice.validation.js';
export { deriveRights } from './notices/domain/rights.js';
export { factory, text } from './notices/domain/notice.fixtures.js';
export { noticePublishedData } from './notices/representations/published-event.js';
