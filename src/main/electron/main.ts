// The desktop shell's entry. Electron reads V8 flags for its main process from its command line
// only, so the core's are set on the running process first, and only then is the rest loaded, as
// a chunk of its own: a flag such as --no-opt acts only on code V8 compiles after it is set.
// Electron emits ready once this entry has resolved, so the app's top level (Chromium's switches,
// the profile path) still runs before ready, as it must.
import '../core/core-v8-flags';

await import('./desktop-app');
