/**
 * Sets the core's V8 flags (src/shared/memory-flags.ts) on the running process, as it is
 * imported. Each entry point imports it first and loads the rest only then: a flag such as
 * --no-opt acts on what V8 compiles after it is set, and set once the whole bundle had been
 * compiled it saved a third of what it saves before (docs/console.md).
 */
import { setFlagsFromString } from 'node:v8';
import { CORE_RUNTIME_V8_FLAGS } from '../../shared/memory-flags';

for (const flag of CORE_RUNTIME_V8_FLAGS) setFlagsFromString(flag);
