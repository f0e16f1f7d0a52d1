// The part of the WebAssembly JavaScript API the pricing kernel uses. Node has it; TypeScript declares it only in its
// DOM libraries, which the engine does not load (it runs in Node and worker threads, never in a page).
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Global {
    value: unknown;
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
