// The browser host's entry. The core's V8 flags first, and only then the rest, loaded as a chunk
// of its own: a flag such as --no-opt acts only on code V8 compiles after it is set.
import '../core/core-v8-flags';

await import('./host-cli');
