// The rights service as the tests in tests/ and the benchmarks in bench/ see it: one entry instead
// of deep paths into the app. Importing it loads the AppModule, whose configuration is validated as it loads:
// import it (dynamically) after the test or benchmark has set the environment.
export { AppModule } from './app.module.js';
export { SERVICE } from './service.js';
export { ConsentIndex } from './consents/check/consent-index.js';
export { textDigest } from './consents/domain/consent.js';
export { noticeTermsOf } from './notices/domain/notice-terms.js';
export { NoticeTermsRepository } from './notices/persistence/notice-terms.repository.js';
