/**
 * Sets the core's V8 flags (src/shared/memory-flags.ts) on the running process, as it is
 * imported: each entry point imports this module before any other, since a flag such as --no-opt
 * only acts on what V8 compiles from then on, and the other modules' top-level code (zod building
 * its schemas) is hot enough to be optimised while they load.
 */
import { setFlagsFromString } from 'node:v8';
import { CORE_RUNTIME_V8_FLAGS } from '../../shared/memory-flags';

for (const flag of CORE_RUNTIME_V8_FLAGS) setFlagsFromString(flag);
