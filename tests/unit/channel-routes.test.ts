import { describe, expect, it } from 'vitest';
import { routesOfContract } from '../../scripts/generate-channel-routes';
import { CHANNEL_ROUTES } from '../../src/shared/contract/channel-routes';

describe('channel routes', () => {
  it('name every channel of the contract with the tables it reads (else: npx tsx scripts/generate-channel-routes.ts)', () => {
    expect(CHANNEL_ROUTES).toEqual(routesOfContract());
  });
});
