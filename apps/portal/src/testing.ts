// The portal service as the tests in tests/ see it: one entry instead of deep paths into the app.
// Importing it loads the AppModule, whose configuration is validated as it loads: import it (dynamically)
// after the test has set the environment.
export { AppModule } from './app.module.js';
export { SERVICE } from './service.js';
