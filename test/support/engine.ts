/**
 * Loaded before every test file (jest.config.js, setupFilesAfterEnv): after the file's last test,
 * stop what n8n-core started for its workflows (dev/engine/harness.ts, stopEngine), so that the
 * worker or the in-band run can exit by itself.
 */
import { stopEngine } from '../../dev/engine/harness';

afterAll(() => stopEngine());
