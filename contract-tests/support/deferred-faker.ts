// Prism's mocker requires @faker-js/faker as it loads, and faker's entry loads all of its ~60 locales: about 0.8 s of
// CPU, a third of a Prism start, in every process that starts a mock. Prism calls faker only to fill a schema's
// `x-faker` keyword in a generated answer (a request with `Prefer: dynamic=true`, or a callback): this spec has
// neither keyword nor callback, so a mock of it never calls faker. Before Prism loads, faker's entry in Node's require
// cache (which Node lets a program fill) gets a stand-in that loads the real module the first time anything of it is
// used, and from then on forwards every read, write and call to it. Prism's mocker reads the module's `default` (the
// faker instance) as it loads, so that export is a stand-in of its own, and nothing loads until a value of faker's is
// read.
import { createRequire, Module } from "node:module";

/**
 * An object that forwards everything done to it to `load()`'s result, first loaded when something is done; except
 * reading a key `early` answers for (not undefined), which takes `early`'s answer and loads nothing.
 */
export function forwarding(load: () => object, early: (key: PropertyKey) => unknown = () => undefined): object {
  const target = () => load();
  return new Proxy(
    {},
    {
      get: (_, key) => early(key) ?? Reflect.get(target(), key),
      set: (_, key, value) => Reflect.set(target(), key, value),
      has: (_, key) => Reflect.has(target(), key),
      deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      // A proxy may report a property its own (empty) target lacks only as configurable.
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
      defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),
      getPrototypeOf: () => Reflect.getPrototypeOf(target()),
    },
  );
}

/** Each module deferred in this process, by its file: whether it is loaded yet. */
const deferred = new Map<string, () => boolean>();

/**
 * Puts a stand-in for the CommonJS module `specifier`, as `requireFrom` resolves it, in the require cache: the real
 * module is loaded (and takes the stand-in's place in the cache) the first time anything of it, or of its `default`
 * export, is used. Does nothing when the module is already loaded, or deferred. Returns whether the real module is loaded yet.
 */
export function deferModule(requireFrom: NodeJS.Require, specifier: string): () => boolean {
  const path = requireFrom.resolve(specifier);
  const deferredBefore = deferred.get(path);
  if (deferredBefore) return deferredBefore;
  if (requireFrom.cache[path]) return () => true;
  let real: Record<string, unknown> | undefined;
  const load = (): Record<string, unknown> => {
    if (!real) {
      delete requireFrom.cache[path];
      real = requireFrom(path) as Record<string, unknown>;
    }
    return real;
  };
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  const defaultExport = forwarding(() => load().default as object);
  standIn.exports = forwarding(load, (key) => (key === "default" && !real ? defaultExport : undefined));
  requireFrom.cache[path] = standIn;
  const loaded = () => real !== undefined;
  deferred.set(path, loaded);
  return loaded;
}

/** Defers the faker that Prism's mocker requires until Prism calls it; returns whether it is loaded yet. */
export function deferPrismFaker(): () => boolean {
  const prismHttp = createRequire(import.meta.url).resolve("@stoplight/prism-http");
  return deferModule(createRequire(prismHttp), "@faker-js/faker");
}
