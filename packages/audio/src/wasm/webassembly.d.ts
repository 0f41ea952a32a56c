// The part of the WebAssembly JS API these kernels use. TypeScript ships these declarations
// only in the DOM library, which a Node package does not load.
declare global {
  namespace WebAssembly {
    class Module {
      constructor(bytes: Uint8Array);
    }
    class Instance {
      constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
      readonly exports: Record<string, unknown>;
    }
    class Memory {
      constructor(descriptor: { initial: number; maximum?: number });
      readonly buffer: ArrayBuffer;
      grow(pages: number): number;
    }
    function validate(bytes: Uint8Array): boolean;
  }
}

export {};
