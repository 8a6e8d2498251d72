// The notice service as the tests in tests/ and the benchmarks in bench/ see it: one entry instead
// of deep paths into the app. Importing it loads the AppModule, whose configuration is validated as it loads:
// import it (dynamically) after the test or benchmark has set the environment.
export { AppModule } from './app.module.js';
export { SERVICE } from './service.js';
export { PublishedNotices } from './notices/read-model/published-notices.js';
export { ImportNoticeUseCase } from './notices/usecases/import-notice/import-notice.usecase.js';
export { PublishNoticeUseCase } from './notices/usecases/publish-notice/publish-notice.usecase.js';
export * from './testing-domain.js';
