/**
 * Settings that trade a little speed for memory on an agent's machine, where the workstation
 * shares a modest PC with a browser, a softphone and the rest. One list, so the desktop shell,
 * the browser host and the console bench (which measures them) cannot drift apart.
 * docs/console.md has the figures.
 */

/**
 * Chromium switches the desktop shell appends before the app is ready.
 * - js-flags: V8 sizes the console's heap for memory and starts its old generation's limit at
 *   4 MB. Blink's garbage (the styles and layout objects a chat switch leaves behind) is collected
 *   with V8's heap; with the defaults the first collection comes only after ~300 switches, with
 *   ~30 MB of it piled up, and the pages it frees stay with the renderer (~40 MB in all).
 *   `--max-opt=1` stops V8's tiers at its baseline compiler (Sparkplug): Maglev and TurboFan never
 *   run in the console, so neither their code pages nor their compiled code are held (~9 MB). The
 *   console's JavaScript is short event work between frames, and its chat switches measured no
 *   slower without them.
 * - NetworkServiceInProcess2: the network service runs in the browser process instead of a
 *   process of its own; the console talks to the core over IPC, not the network.
 * - disable-features=PartitionAllocLargeThreadCacheSize: Chromium's allocator gives each
 *   thread a cache of freed memory to reuse, and the renderer's main thread a large one (3.8 MB
 *   in the console, 0.4 MB without); chat switches measured no slower with the small one.
 * - disable-software-rasterizer: where the GPU cannot be used (a VDI desktop, as many call
 *   centres have, or a driver Chromium blocks) Chromium would load SwiftShader, a GPU in
 *   software, into its GPU process (~16 MB). The console draws nothing that needs a GPU; it is
 *   composited in software instead.
 */
export const CHROMIUM_MEMORY_SWITCHES: readonly { readonly name: string; readonly value?: string }[] = [
  { name: 'js-flags', value: '--optimize-for-size --initial-old-space-size=4 --max-opt=1' },
  { name: 'enable-features', value: 'NetworkServiceInProcess2' },
  { name: 'disable-features', value: 'PartitionAllocLargeThreadCacheSize' },
  { name: 'disable-software-rasterizer' },
];

/** The same switches as command-line arguments, for launching a Chromium by hand. */
export function chromiumMemoryArguments(): string[] {
  return CHROMIUM_MEMORY_SWITCHES.map(({ name, value }) => (value === undefined ? `--${name}` : `--${name}=${value}`));
}

/**
 * Node flags of the process that runs the core in the browser host (`npm run host`, `npm start`
 * without Electron). V8's young generation grows to 16 MB per semi-space under the core's
 * allocation; at 1 MB the host holds ~20 MB less. V8 sizes its heap as it starts, and Electron reads
 * V8 flags for its main process from its command line only, so the desktop shell keeps the default.
 */
export const CORE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/**
 * V8 flags the core's process sets on itself as it starts (`applyCoreV8Flags`), so that the
 * desktop shell's main process, which takes no V8 flags once launched, runs the core as the
 * browser host does. `--no-opt`: no TurboFan for the core (~7 MB less: its code pages and its
 * compiled code). The core's hot paths are SQLite's, in native code; measured with it: knowledge
 * search p95 2.3 ms against 2.2, sync bootstrap ~15 % longer (docs/console.md).
 */
export const CORE_RUNTIME_V8_FLAGS: readonly string[] = ['--no-opt'];
