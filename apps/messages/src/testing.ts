// The messages service as the tests in tests/ and the benchmarks in bench/ see it: one entry instead
// of deep paths into the app. Importing it loads the AppModule, whose configuration is validated as it loads:
// import it (dynamically) after the test or benchmark has set the environment.
export { AppModule } from './app.module.js';
export { SERVICE } from './service.js';
export { Archiver } from './archiving/archiver.js';
export { verifySubmissionPackage } from './archiving/package/package-verifier.js';
export { readZip } from './archiving/package/zip-reader.js';
export { ConversationKeys } from './conversations/persistence/conversation-keys.js';
export { RekeySubjectsUseCase } from './conversations/usecases/rekey-subjects/rekey-subjects.usecase.js';
export { PurgeService } from './purge/purge.service.js';
export { AnswerRightsRequest } from './rights/usecases/answer-rights-request/answer-rights-request.usecase.js';
export { verifyWebhook } from './webhooks/webhook-signature.js';
