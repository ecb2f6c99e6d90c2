import { describe, expect, test } from 'vitest';
import { DEFAULT_LOCK_SERVICE_CONFIG, lockServiceConfig } from './config.js';
import { UNSAFE_LOCK_DESIGNS } from './unsafe-designs.js';

describe('the catalogue of unsafe lock-service designs', () => {
  test('names the cases of the catalogue that live in the lock service, each once', () => {
    const cases = Object.values(UNSAFE_LOCK_DESIGNS).map((design) => design.case);
    expect(cases).toEqual([6, 8, 10, 11, 13, 14, 15, 16, 21, 22]);
  });

  test.each(Object.entries(UNSAFE_LOCK_DESIGNS))('%s is a valid configuration that leaves the safe default', (_name, design) => {
    const config = lockServiceConfig(design.config);
    for (const [option, value] of Object.entries(design.config)) {
      expect(config[option as keyof typeof config]).toEqual(value);
      expect(DEFAULT_LOCK_SERVICE_CONFIG[option as keyof typeof config]).not.toEqual(value);
    }
  });
});
