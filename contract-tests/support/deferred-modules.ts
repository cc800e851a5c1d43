// Two modules Prism loads as it starts, and a mock of this spec never uses, cost about a third of a Prism start's CPU
// in every process that starts a mock:
// - faker (~0.8 s: its entry loads all of its ~60 locales), which Prism's mocker calls only to fill a schema's
//   `x-faker` keyword in a generated answer (a request with `Prefer: dynamic=true`, or a callback): this spec has
//   neither keyword nor callback. The mocker reads the module's `default` (the faker instance) as it loads, so that
//   export is a stand-in of its own;
// - postman-collection (~0.15 s), which Prism's spec reader calls only to read a Postman collection, not an OpenAPI
//   document.
// Before Prism loads, each one's entry in Node's require cache (which Node lets a program fill) gets a stand-in that
// loads the real module the first time anything of it is used, and from then on forwards every read and write to it,
// calls of its methods included: Prism answers the same, and a use of either module costs its load then. Both export
// an object; a module whose exports are themselves a function cannot be stood in for this way.
import { createRequire, Module } from "node:module";

/**
 * An object that forwards everything done to it to `load()`'s result, first loaded when something is done; except
 * reading a key `early` answers for (not undefined), which takes `early`'s answer and loads nothing.
 */
function forwarding(load: () => object, early: (key: PropertyKey) => unknown = () => undefined): object {
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

/** Defers faker and postman-collection as Prism requires them; returns whether each is loaded yet. */
export function deferPrismModules(): { faker: () => boolean; postman: () => boolean } {
  // Only a saving: if Prism's layout ever stops resolving these, they load as Prism requires them, unchanged.
  const defer = (from: () => string, specifier: string) => {
    try {
      return deferModule(createRequire(from()), specifier);
    } catch {
      return () => true;
    }
  };
  const prismHttp = () => createRequire(import.meta.url).resolve("@stoplight/prism-http");
  return {
    faker: defer(prismHttp, "@faker-js/faker"),
    postman: defer(() => createRequire(prismHttp()).resolve("@stoplight/http-spec/postman/operation"), "postman-collection"),
  };
}
