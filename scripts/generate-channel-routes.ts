/**
 * Writes src/shared/contract/channel-routes.ts, the contract's channels and the tables each reads
 * without their schemas (src/shared/contract/channel-routing.ts says why), from the contract
 * itself. Run after adding or changing a channel: npx tsx scripts/generate-channel-routes.ts
 * (tests/unit/channel-routes.test.ts fails while the file is stale).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { contract } from '../src/shared/contract';
import type { ChannelRoute } from '../src/shared/contract/channel-routing';

export function routesOfContract(): Record<string, ChannelRoute> {
  return Object.fromEntries(
    Object.entries(contract).map(([name, channel]) => [name, channel.conversationScoped ? { reads: [...channel.reads], conversationScoped: true as const } : { reads: [...channel.reads] }]),
  );
}

function source(routes: Record<string, ChannelRoute>): string {
  const quote = (text: string) => `'${text}'`;
  const entries = Object.entries(routes).map(([name, route]) => {
    const reads = `reads: [${route.reads.map(quote).join(', ')}]`;
    return `  ${quote(name)}: { ${reads}${route.conversationScoped ? ', conversationScoped: true' : ''} },`;
  });
  return [
    '// Generated from the contract by `npx tsx scripts/generate-channel-routes.ts`: do not edit.',
    "import type { ChannelRoute } from './channel-routing';",
    "import type { ChannelName } from './index';",
    '',
    'export const CHANNEL_ROUTES = {',
    ...entries,
    '} as const satisfies Record<ChannelName, ChannelRoute>;',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(resolve(import.meta.dirname, '../src/shared/contract/channel-routes.ts'), source(routesOfContract()));
}
